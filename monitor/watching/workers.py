"""CPU work off the event loop: pages are assessed (extracted, compared, flagged, compressed)
in worker processes, so fetching overlaps with analysis, both cores work, and one heavy page
never stalls the other checks.

Each page has a CPU budget. A worker that spends it on one page stops that page with
`OverBudget` (a profiling timer, which counts the worker's own CPU time, not time spent
waiting for a core), and the check ends as `too_complex`; the worker goes on with the next
page. The timer fires again every tenth of a CPU second until the exception gets out, in case
a library swallows it. Work that never returns to Python, where it cannot be raised, meets a
backstop: the kernel ends a worker still busy 30 CPU seconds after its budget (RLIMIT_CPU),
the pool is replaced, and the pages it held are assessed once more in the new one; a page that
breaks the pool twice is `too_complex`.
"""

import asyncio
import math
import multiprocessing
import os
import resource
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from datetime import datetime
from multiprocessing.connection import Connection
from types import FrameType, TracebackType
from typing import Self

from monitor.fetching.fetch import FetchResult
from monitor.watching.checking import unanalysed
from monitor.watching.defaults import DEFAULT_BUDGET
from storage.records import CheckRecord, DueWatch

# CPU seconds past the budget after which the kernel ends a worker stuck outside Python.
_BACKSTOP = 30
# How often (CPU seconds) the over-budget exception is raised again until it gets out.
_REPEAT = 0.1


class OverBudget(BaseException):
    """A page used up its CPU budget. A BaseException, like KeyboardInterrupt, so that no
    `except Exception` inside the extraction libraries swallows it."""


def _over_budget(_signum: int, _frame: FrameType | None) -> None:
    raise OverBudget


def _orphaned(lifeline: Connection) -> None:
    """End this worker once the service is gone (killed, it leaves no workers behind).

    Only the service holds the other end of `lifeline`, so it reads EOF exactly then, even
    while the service is a zombie that its parent has not reaped.
    """
    with suppress(EOFError, OSError):
        lifeline.recv()
    os._exit(0)


def _start_worker(lifeline: Connection) -> None:
    # Ctrl-C reaches the whole process group; the service stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGPROF, _over_budget)
    threading.Thread(target=_orphaned, args=(lifeline,), daemon=True).start()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _assess_within(
    due: DueWatch, result: FetchResult, started: datetime, budget: float
) -> CheckRecord:
    """`assess` in a worker, stopped by `OverBudget` after `budget` seconds of CPU."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    backstop = math.ceil(_cpu_seconds() + budget + _BACKSTOP)
    if hard == resource.RLIM_INFINITY or backstop <= hard:
        resource.setrlimit(resource.RLIMIT_CPU, (backstop, hard))
    # Imported here, not at the top: the service imports this module and must not load the
    # extractor; the fork server preloads it for the workers.
    from monitor.watching.assessing import assess  # noqa: PLC0415

    signal.setitimer(signal.ITIMER_PROF, budget, _REPEAT)
    try:
        return assess(due, result, started)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


class WorkerPool:
    """Worker processes that assess fetched pages, one per core unless told otherwise.

    The processes start on first use (a cycle of 304s never starts them) from a fork server,
    so they share nothing with the service's threads, connections or event loop.
    """

    def __init__(self, workers: int | None = None, *, budget: float = DEFAULT_BUDGET) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.budget = budget
        self._pool: ProcessPoolExecutor | None = None
        self._lifelines: list[Connection] = []

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__, "monitor.watching.assessing"])
            lifeline, held = context.Pipe(duplex=False)
            self._lifelines += [lifeline, held]
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start_worker, initargs=(lifeline,)
            )
        return self._pool

    async def analyse(self, due: DueWatch, result: FetchResult, started: datetime) -> CheckRecord:
        """Assess a fetched page in a worker; a page over its budget gets `too_complex`."""
        loop = asyncio.get_running_loop()
        for _ in range(2):
            pool = self._executor()
            try:
                return await loop.run_in_executor(
                    pool, _assess_within, due, result, started, self.budget
                )
            except OverBudget:
                why = f"the page took more than {self.budget:g} s of CPU to analyse; skipped"
                return unanalysed(due, result, started, why)
            except BrokenProcessPool:
                self._replace(pool)
        why = "the worker analysing this page was ended twice (CPU or memory limit); skipped"
        return unanalysed(due, result, started, why)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Drop a pool that lost a worker; the next page starts a new one."""
        if self._pool is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def pids(self) -> list[int]:
        """The worker processes running now (a benchmark adds up their CPU time)."""
        if self._pool is None:
            return []
        processes = self._pool._processes or {}  # the executor keeps no public list
        return [pid for pid in processes if pid is not None]

    def close(self) -> None:
        """Stop the workers once they finish the pages they hold; pages not started are dropped."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        for end in self._lifelines:
            end.close()
        self._lifelines = []

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
