"""The composition root: store + fetcher + dispatcher, signals and clean shutdown.

A cycle keeps a window of claimed watches in flight, claiming more from the database whenever
half of them are done, checks them (the fetcher bounds how many requests run at once, in all and
per host; `analyse` says where the CPU work runs) and records finished results in small batches
(one transaction each), so a killed process loses at most the checks in flight or not yet
written; their leases expire and they run again.
"""

import asyncio
import logging
import os
import signal
import socket
import uuid
from asyncio import FIRST_COMPLETED
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor.errors import DiskFull, StorageError
from monitor.extraction import EXTRACTOR_VERSION
from monitor.fetching.fetch import Fetcher
from monitor.watching.checking import Analyse, CheckContext, analyse_here, check_watch, schedule
from monitor.watching.defaults import DEFAULT_LEASE
from monitor.watching.events import describe
from monitor.watching.following import PollReport, poll_due_sources
from monitor.watching.scheduling import Dispatcher
from monitor.watching.shards import SourcesPolled
from storage.records import ALL_SITES, CheckRecord, DueWatch, Shard
from storage.repository import Store

log = logging.getLogger("redline.service")


@dataclass(frozen=True)
class Failure:
    """A check that did not get an article, as a summary lists it."""

    url: str
    outcome: str
    error: str


@dataclass
class CycleSummary:
    """What one pass over the due watches did."""

    checked: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    change_ids: list[int] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    polls: list[PollReport] = field(default_factory=list)  # followed sources read this cycle
    stopped: list[str] = field(default_factory=list)  # processes of the cycle that stopped early
    processes: list[int] = field(default_factory=list)  # set once another process is counted in

    @property
    def failed(self) -> int:
        """Checks that ended in an error of any kind, and processes that stopped early."""
        return len(self.failures) + len(self.stopped)

    @property
    def by_process(self) -> list[int]:
        """Checks each process of the cycle recorded, the first process's first."""
        return self.processes or [self.checked]

    def add(self, other: "CycleSummary", *, elsewhere: bool = True) -> None:
        """Count in what another process sharing the cycle did (or, not `elsewhere`, what this
        one did after taking over the sites of a process that stopped)."""
        shares = self.by_process
        if elsewhere:
            self.processes = [*shares, *other.by_process]
        else:
            self.processes = [shares[0] + other.checked, *shares[1:]]
        self.checked += other.checked
        self.outcomes.update(other.outcomes)
        self.change_ids.extend(other.change_ids)
        self.failures.extend(other.failures)
        self.polls.extend(other.polls)
        self.stopped.extend(other.stopped)


def process_identity() -> str:
    """A lease owner name that says which machine and process holds a claim."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def recover_claims(store: Store) -> None:
    """Take back the claims of killed processes on this machine, so they run now."""
    released = store.release_leases(is_dead_local_owner)
    released += store.sources.release_leases(is_dead_local_owner)
    if released:
        log.info("released %d claim(s) left by a stopped process", released)


def is_dead_local_owner(owner: str) -> bool:
    """True when a lease owner names a process on this machine that no longer runs."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by another user
        return False
    return False


class Service:
    """Checks due watches; `run_cycle` once (for `redline check`) or `serve` forever."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        context: CheckContext,
        *,
        batch: int = 200,
        lease: timedelta = DEFAULT_LEASE,
        owner: str | None = None,
        write_batch: int = 25,
        on_checked: Callable[[], None] | None = None,
        analyse: Analyse = analyse_here,
        shard: Shard | None = None,
        polled: SourcesPolled | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.context = context
        self.batch = batch
        self.lease = lease
        self.owner = owner or process_identity()
        self.write_batch = write_batch
        self.on_checked = on_checked  # e.g. advances a progress bar
        self.analyse = analyse  # e.g. a WorkerPool's, to run the CPU work on other cores
        self.shard = shard or ALL_SITES  # the sites this process checks (monitor.watching.shards)
        self.polled = polled  # shared with the other processes of a cycle
        self._pending: list[tuple[DueWatch, CheckRecord]] = []
        self._stopping = False
        self._stop = asyncio.Event()
        self.disk_full: DiskFull | None = None  # why the service stopped, if the disk filled
        self._cycle_lock = asyncio.Lock()
        self._told_rereading = False

    def recover(self) -> None:
        """Take back the claims of killed processes on this machine, so they run now."""
        recover_claims(self.store)

    def take_over(self, stopped: Shard) -> None:
        """Check the sites of a process sharing the cycle that stopped, as well as our own."""
        self.shard = self.shard.taking_over(stopped)
        self.recover()

    async def run_cycle(self, only: Sequence[int] | None = None) -> CycleSummary:
        """Check every watch that is due now (or only those in `only`), batch by batch.

        A full cycle first polls the due sources, so the articles they add are checked in it.
        """
        summary = CycleSummary()
        async with self._cycle_lock:
            renewing = asyncio.create_task(
                _renew_leases(self.store, self.owner, self.lease, self.context)
            )
            running: set[asyncio.Task[None]] = set()
            try:
                await _poll_sources(self, summary, only)
                while not self._stopping:
                    claimed = self.store.claim_due(
                        self.context.clock(),
                        owner=self.owner,
                        lease=self.lease,
                        limit=self.batch - len(running),
                        only=only,
                        extractor=EXTRACTOR_VERSION,
                        shard=self.shard,
                    )
                    self._told_rereading = _tell_rereading(claimed, told=self._told_rereading)
                    if not claimed and not running:
                        break
                    running |= {asyncio.create_task(self._check(d, summary)) for d in claimed}
                    # A window, not a barrier: more are claimed once half the window is done,
                    # so one slow page does not hold back the checks after it.
                    enough = len(running) // 2 if claimed else 0
                    while len(running) > enough:
                        done, running = await asyncio.wait(running, return_when=FIRST_COMPLETED)
                        for task in done:
                            task.result()  # a failure to record stops the cycle
            finally:
                renewing.cancel()
                for task in running:
                    task.cancel()
                await asyncio.gather(*running, return_exceptions=True)
                self._flush(summary)  # checks already finished are written even when cancelled
        return summary

    async def _dispatched_cycle(self) -> None:
        """A cycle run by the dispatcher, which cancels it when the service stops."""
        try:
            await self.run_cycle()
        except asyncio.CancelledError:
            _release_claims(self.store, self.owner)
        except DiskFull as exc:
            # Nothing of the failed batch was written; go on and every write would fail too.
            log.error("%s; the service stops", exc)
            self.disk_full = exc
            self._stop.set()

    async def _check(self, due: DueWatch, summary: CycleSummary) -> None:
        started = self.context.clock()
        try:
            record = await check_watch(due, self.fetcher, self.context, self.analyse)
        except StorageError:
            raise  # the database failing is not this page's fault: never its internal_error
        except Exception as exc:  # one page must never take the service down
            log.exception("check of %s failed unexpectedly; will retry", due.url)
            record = _internal_error(due, started, exc, self.context)
        self._pending.append((due, record))
        if self.on_checked is not None:
            self.on_checked()
        if len(self._pending) >= self.write_batch:
            self._flush(summary)

    def _flush(self, summary: CycleSummary) -> None:
        """Write the finished checks in one transaction and account for them."""
        batch, self._pending = self._pending, []
        if not batch:
            return
        change_ids = self.store.record_checks(
            [r for _, r in batch], owner=self.owner, claimed=[d for d, _ in batch]
        )
        for (due, record), change_id in zip(batch, change_ids, strict=True):
            _account(summary, due, record, change_id)

    async def serve(self, *, tick: float = 1.0, stop: asyncio.Event | None = None) -> None:
        """Run until SIGINT/SIGTERM (or `stop` is set).

        Stopping writes the checks already finished and releases the claims of the others,
        which may be waiting for a slow or rate-limited site.
        """
        stop = self._stop = stop or asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        log.info("service %s started; checking due watches every %.3g s", self.owner, tick)
        self.recover()
        try:
            await Dispatcher(self._dispatched_cycle, tick=tick).run_until(stop)
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
            self._stopping = True
            async with self._cycle_lock:  # wait for the cycle under way to record its results
                _release_claims(self.store, self.owner)
                log.info("service %s stopped", self.owner)
        if self.disk_full is not None:
            raise self.disk_full


async def _poll_sources(
    service: Service, summary: CycleSummary, only: Sequence[int] | None
) -> None:
    """A full cycle's first process polls the due sources; the others wait for it."""
    if service.shard.index > 0:
        if service.polled is not None:
            await service.polled.wait()
        return
    if only is None:
        summary.polls = await poll_due_sources(
            service.store.sources,
            service.fetcher,
            service.context,
            owner=service.owner,
            lease=service.lease,
        )
        summary.failures.extend(
            Failure(poll.url, poll.outcome, poll.error) for poll in summary.polls if poll.error
        )
    if service.polled is not None:
        service.polled.set()


def _tell_rereading(claimed: Sequence[DueWatch], *, told: bool) -> bool:
    """Say once per process that pages read by an older extractor are read again."""
    if told or not any(due.latest_page is not None for due in claimed):
        return told
    log.warning(
        "the article extractor was upgraded (now version %s): re-reading the last stored page"
        " of each watch before comparing, so the upgrade is not reported as edits",
        EXTRACTOR_VERSION,
    )
    return True


async def _renew_leases(store: Store, owner: str, lease: timedelta, context: CheckContext) -> None:
    """Extend `owner`'s leases a few times per lease, so slow checks keep their watches.

    Only a process that stops renewing (killed, hung, cut off from the database) loses its
    claims to the others, one lease after its last renewal.
    """
    while True:
        await asyncio.sleep(lease.total_seconds() / 3)
        try:
            store.extend_leases(owner=owner, until=context.clock() + lease)
        except StorageError as exc:  # the next renewal may get through
            log.warning("could not extend the leases of checks under way: %s", exc)


def _account(
    summary: CycleSummary, due: DueWatch, record: CheckRecord, change_id: int | None
) -> None:
    """Count one recorded check in the cycle's summary and log it."""
    summary.checked += 1
    summary.outcomes[record.outcome] += 1
    if record.error is not None:
        summary.failures.append(Failure(due.url, record.outcome, record.error))
    if change_id is not None:
        summary.change_ids.append(change_id)
    _log_record(due, record, change_id)


def _internal_error(
    due: DueWatch, started: datetime, exc: Exception, context: CheckContext
) -> CheckRecord:
    """A check redline itself failed, recorded like any failure so the watch backs off and
    `redline list` shows it."""
    failure = CheckRecord(
        watch_id=due.id,
        started_at=started,
        duration=0.0,
        outcome="internal_error",
        next_check_at=started,
        error=f"redline failed on this page ({type(exc).__name__}: {exc}); see the log",
    )
    return schedule(failure, due, context)


def _release_claims(store: Store, owner: str) -> None:
    """Give back the claims of unfinished checks, so they run on the next start."""
    try:
        released = store.release_leases(lambda claimant: claimant == owner)
        released += store.sources.release_leases(lambda claimant: claimant == owner)
    except StorageError as exc:  # a full disk: the next start takes them back
        log.warning("could not release the claims of unfinished checks: %s", exc)
        return
    if released:
        log.info("stopped mid-cycle; %d unfinished check(s) will run again", released)


def _log_record(due: DueWatch, record: CheckRecord, change_id: int | None) -> None:
    status = f"HTTP {record.status}" if record.status else "no response"
    if record.error is not None:
        log.warning("%s %s: %s (%s)", record.outcome.upper(), due.url, record.error, status)
    elif change_id is not None:
        what = f"{len(record.flags)} flag(s)"
        if record.event is not None:
            what = describe(record.event.kind, record.event.data)
        log.info(
            "CHANGED %s: change #%d, %s (%s, %.2f s)",
            due.url,
            change_id,
            what,
            status,
            record.duration,
        )
    else:
        log.info("%s %s (%s, %.2f s)", record.outcome, due.url, status, record.duration)
