"""Both cores for fetching: a cycle's checks shared between processes, each with its sites.

One process spends about 1.5 ms of CPU per check on fetching, claiming and recording, so a
cycle of thousands of checks keeps one core busy however many workers analyse the pages. The
checks are therefore shared: process k of n claims only the watches whose site slot is k
modulo n (`storage.records.Shard`), so every site is fetched by one process and its
politeness (requests at once, the gap between them, robots.txt, Retry-After) holds as if
there were one.

The other processes are forked from the command's own once it has imported what it needs and
before it opens a database connection, starts a thread or an event loop, so they start in
milliseconds. Each reports back through a pipe; one that dies is reported, never waited for,
and the watches it had claimed are taken back by the next check (their owner is dead).
"""

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

from monitor.errors import RedlineError
from storage.records import Shard

log = logging.getLogger("redline.service")

T = TypeVar("T")
_FORK = multiprocessing.get_context("fork")
# A process of its own costs a database connection, a worker and an HTTP pool; with fewer
# checks than this for it, one process is as fast.
MIN_CHECKS_PER_PROCESS = 200
# How long a stopping service waits for the other processes to record their checks.
_STOP_WAIT = 60.0


def process_count(requested: int | None, checks: int | None = None) -> int:
    """How many processes share a cycle of `checks` checks (None: a service's, unknown).

    As many as `requested`, but never more than there are checks; by default one per core,
    and none with fewer than MIN_CHECKS_PER_PROCESS checks.
    """
    if requested is not None:
        return max(1, min(requested, checks if checks is not None else requested))
    cores = os.cpu_count() or 1
    return max(1, min(cores, checks // MIN_CHECKS_PER_PROCESS if checks is not None else cores))


def share(total: int, shards: int) -> int:
    """Each process's part of a limit over all processes (e.g. pages fetched at once)."""
    return max(1, -(-total // shards))


class SharedCount:
    """Checks done by the other processes, for the first one's progress bar."""

    def __init__(self) -> None:
        self._value = _FORK.Value("q", 0)

    def add(self) -> None:
        with self._value.get_lock():
            self._value.value += 1

    @property
    def value(self) -> int:
        return int(self._value.value)


class SourcesPolled:
    """Set by the first process once it has polled the followed sources. The others wait for
    it before claiming, so the articles the sources add are checked in the same cycle."""

    def __init__(self) -> None:
        self._event = _FORK.Event()

    def set(self) -> None:
        self._event.set()

    async def wait(self) -> None:
        while not self._event.is_set():
            await asyncio.sleep(0.02)


class ShardStopped(RedlineError):
    """A process sharing the cycle stopped before reporting its checks."""


class ShardProcess(Generic[T]):
    """A forked process running `work` for one shard, and its report."""

    def __init__(self, shard: Shard, process: BaseProcess, report: Connection) -> None:
        self.shard = shard
        self.process = process
        self.report = report

    @property
    def name(self) -> str:
        return f"checking process {self.shard.index + 1} of {self.shard.count}"

    def result(self) -> T:
        """What `work` returned; ShardStopped when it failed or the process died."""
        try:
            failed, value = self.report.recv()
        except EOFError:
            self.process.join()
            code = self.process.exitcode
            how = f"killed by signal {-code}" if code and code < 0 else f"exit status {code}"
            raise ShardStopped(
                f"the {self.name} stopped ({how}); the checks it had not recorded run again "
                "on the next check"
            ) from None
        self.process.join()
        if failed:
            raise ShardStopped(f"the {self.name} failed: {value}")
        return value  # type: ignore[no-any-return]  # what `work` returned, through a pipe

    def stop(self) -> None:
        """Ask the process to stop (it records what it finished), and wait for it."""
        if self.process.is_alive():
            with suppress(ProcessLookupError):
                os.kill(self.process.pid or 0, signal.SIGTERM)
        self.process.join(_STOP_WAIT)
        if self.process.is_alive():
            log.warning("the %s did not stop in %.0f s; killed", self.name, _STOP_WAIT)
            self.process.kill()
            self.process.join()


class Shards(Generic[T]):
    """The processes sharing a cycle with this one, which is shard 0."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.running: list[ShardProcess[T]] = []
        # Only this process holds the writing end: the others read EOF once it is gone.
        self._lifeline, self._held = _FORK.Pipe(duplex=False)

    def start(self, work: Callable[[Shard], T]) -> None:
        """Fork one process per shard but the first, each running `work(shard)`."""
        for index in range(1, self.count):
            shard = Shard(index, self.count)
            report, reporting = _FORK.Pipe(duplex=False)
            process = _FORK.Process(
                target=_run_shard,
                args=(work, shard, reporting, self._lifeline, self._held),
                name=f"redline-shard-{index}",
            )
            process.start()
            reporting.close()
            self.running.append(ShardProcess(shard, process, report))

    def stop(self) -> None:
        for process in self.running:
            process.stop()


def _run_shard(
    work: Callable[[Shard], T],
    shard: Shard,
    report: Connection,
    lifeline: Connection,
    held: Connection,
) -> None:
    held.close()
    threading.Thread(target=_stop_when_orphaned, args=(lifeline,), daemon=True).start()
    try:
        outcome: tuple[bool, object] = (False, work(shard))
    except RedlineError as exc:  # the database is full or gone: said in one line
        outcome = (True, str(exc))
    except KeyboardInterrupt:
        outcome = (True, "interrupted")
    except Exception as exc:
        log.exception("the checking process for shard %d failed", shard.index)
        outcome = (True, f"{type(exc).__name__}: {exc}")
    report.send(outcome)


def _stop_when_orphaned(lifeline: Connection) -> None:
    """Stop this process like SIGTERM would once the first process is gone (killed)."""
    with suppress(EOFError, OSError):
        lifeline.recv()
    os.kill(os.getpid(), signal.SIGTERM)
