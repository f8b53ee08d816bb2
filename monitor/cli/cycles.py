"""How `check` and `serve` put a cycle together: fetcher, workers and service for each of the
processes sharing it (monitor.watching.shards), and what each process runs."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Coroutine, Sequence
from contextlib import nullcontext, suppress
from dataclasses import dataclass
from datetime import timedelta

import typer

# Imported here, before the other processes are forked, so they need not import it again.
from monitor.alerts.delivery import DeliveryWorker, Sender, Tally
from monitor.cli.app import open_store, utc_now
from monitor.errors import UsageError
from monitor.fetching.fetch import Fetcher
from monitor.fetching.politeness import Politeness
from monitor.watching.checking import CheckContext, analyse_here
from monitor.watching.defaults import DEFAULT_LEASE
from monitor.watching.scheduling import CadencePolicy
from monitor.watching.service import CycleSummary, Service
from monitor.watching.shards import (
    Shards,
    ShardStopped,
    SharedCount,
    SourcesPolled,
    process_count,
    share,
)
from monitor.watching.workers import WorkerPool
from storage.records import Shard
from storage.repository import Store

log = logging.getLogger("redline.service")


@dataclass(frozen=True)
class CycleSettings:
    """What the user chose for the checks, over all the processes sharing them."""

    concurrency: int
    per_host: int
    min_gap: float
    allow_private: bool
    workers: int | None  # None: one per core; 0: analyse in the checking process
    budget: float
    policy: CadencePolicy
    lease: timedelta = DEFAULT_LEASE
    fetchers: int | None = None  # None: one per core

    def __post_init__(self) -> None:
        limits = (1 <= self.concurrency <= 1000, 1 <= self.per_host <= 100, self.min_gap >= 0)
        if not all(limits) or self.min_gap > 3600:
            raise UsageError(
                "--concurrency must be 1 to 1000, --per-host 1 to 100 and --min-gap 0 to 3600 s"
            )
        if (self.workers is not None and self.workers < 0) or self.budget <= 0:
            raise UsageError("--workers must be at least 0 and --cpu-budget more than 0")
        if self.fetchers is not None and self.fetchers > self._most_processes:
            raise UsageError(
                f"--fetchers {self.fetchers} needs --concurrency and --workers (unless 0) of at "
                f"least {self.fetchers}: each fetching process takes at least one of each"
            )

    def processes(self, checks: int | None = None) -> int:
        """How many processes share a cycle of `checks` checks (None: a service's), as
        monitor.watching.shards.process_count says, within `_most_processes`."""
        return min(process_count(self.fetchers, checks), self._most_processes)

    @property
    def _most_processes(self) -> int:
        """Each process takes at least one page fetched at once and one analysing worker."""
        return min(self.concurrency, self.workers or self.concurrency)

    def fetcher(self, shard: Shard) -> Fetcher:
        """The fetcher of one process: its part of the pages fetched at once (the sites are its
        own, so each keeps its whole per-site limit)."""
        return Fetcher(
            concurrency=share(self.concurrency, shard.count),
            politeness=Politeness(per_host=self.per_host, min_gap=self.min_gap),
            allow_private=self.allow_private,
        )

    def pool(self, shard: Shard) -> WorkerPool | None:
        """One process's worker processes, or None to analyse in it (`--workers 0`)."""
        if self.workers == 0:
            return None
        workers = self.workers if self.workers is not None else os.cpu_count() or 1
        return WorkerPool(share(workers, shard.count), budget=self.budget)

    def service(
        self,
        store: Store,
        shard: Shard,
        pool: WorkerPool | None,
        *,
        on_checked: Callable[[], None] | None = None,
        polled: SourcesPolled | None = None,
    ) -> Service:
        return Service(
            store,
            self.fetcher(shard),
            CheckContext(clock=utc_now, policy=self.policy),
            on_checked=on_checked,
            lease=self.lease,
            analyse=pool.analyse if pool is not None else analyse_here,
            shard=shard,
            polled=polled,
        )


def check_shared(
    ctx: typer.Context,
    settings: CycleSettings,
    sender: Sender,
    only: list[int] | None,
    processes: int,
    advance: Callable[[], None],
) -> tuple[CycleSummary, Tally]:
    """One cycle over `processes` processes (this one is the first), then due notifications."""
    polled, done_elsewhere = SourcesPolled(), SharedCount()

    def other(shard: Shard) -> CycleSummary:
        pool = settings.pool(shard)
        with open_store(ctx) as store, pool or nullcontext():
            service = settings.service(
                store, shard, pool, on_checked=done_elsewhere.add, polled=polled
            )
            return asyncio.run(_cycle(service, only))

    shards: Shards[CycleSummary] = Shards(processes)
    shards.start(other)  # before this process opens a connection or starts a thread
    try:
        first = Shard(0, processes)
        pool = settings.pool(first)
        with open_store(ctx) as store, pool or nullcontext():
            service = settings.service(store, first, pool, on_checked=advance, polled=polled)
            return asyncio.run(_check_once(service, sender, only, shards, done_elsewhere, advance))
    finally:
        shards.stop()


async def _cycle(service: Service, only: Sequence[int] | None) -> CycleSummary:
    async with service.fetcher:
        return await service.run_cycle(only)


async def _check_once(
    service: Service,
    sender: Sender,
    only: list[int] | None,
    shards: Shards[CycleSummary],
    done_elsewhere: SharedCount,
    advance: Callable[[], None],
) -> tuple[CycleSummary, Tally]:
    following = asyncio.create_task(_follow(done_elsewhere, advance))
    try:
        async with service.fetcher, sender:
            summary = await service.run_cycle(only)
            for process in shards.running:
                try:
                    summary.add(await asyncio.to_thread(process.result))
                except ShardStopped as exc:  # its sites are checked here instead
                    summary.stopped.append(str(exc))
                    service.take_over(process.shard)
                    summary.add(await service.run_cycle(only), elsewhere=False)
            worker = DeliveryWorker(service.store.outbox, sender, clock=utc_now)
            worker.recover()
            return summary, await worker.run_once()
    finally:
        following.cancel()


async def _follow(done_elsewhere: SharedCount, advance: Callable[[], None]) -> None:
    """Move the progress bar for the checks the other processes finish."""
    seen = 0
    while True:
        await asyncio.sleep(0.2)
        done = done_elsewhere.value
        for _ in range(done - seen):
            advance()
        seen = done


def serve_shared(
    ctx: typer.Context,
    settings: CycleSettings,
    processes: int,
    tick: float,
    run_first: Callable[[Service, Shards[None]], Coroutine[None, None, None]],
) -> None:
    """Run the service in `processes` processes until SIGINT or SIGTERM; `run_first` runs this
    one's (which also sends the notifications)."""

    def other(shard: Shard) -> None:
        pool = settings.pool(shard)
        with open_store(ctx) as store, pool or nullcontext():
            asyncio.run(_serve_share(settings.service(store, shard, pool), tick))

    shards: Shards[None] = Shards(processes)
    shards.start(other)  # before this process opens a connection or starts a thread
    try:
        first = Shard(0, processes)
        pool = settings.pool(first)
        with open_store(ctx) as store, pool or nullcontext():
            asyncio.run(run_first(settings.service(store, first, pool), shards))
    finally:
        shards.stop()  # each records the checks it finished and gives back the others


async def _serve_share(service: Service, tick: float) -> None:
    async with service.fetcher:
        await service.serve(tick=tick)


async def supervise(
    service: Service, shards: Shards[None], stop: asyncio.Event, tick: float
) -> None:
    """Take over the sites of any other process that stops while the service runs, so no
    site goes unchecked."""
    running = list(shards.running)
    while running and not stop.is_set():
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), tick)
        for process in [p for p in running if not p.process.is_alive()]:
            running.remove(process)
            if stop.is_set():
                break
            log.error("the %s stopped; this process checks its sites too", process.name)
            service.take_over(process.shard)
