"""Commands that check articles: once, as a service, and the demo."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from monitor.cli import logs
from monitor.cli.app import (
    Format,
    FormatOption,
    command,
    emit_json,
    open_store,
    out,
    progress,
    settings,
    span,
    utc_now,
    watch_key,
    web_change_url,
)
from monitor.cli.publishing import feed_file as feed_file_for
from monitor.config import parse_duration
from monitor.errors import UsageError
from monitor.review.query import ChangeQuery
from monitor.watching.defaults import DEFAULT_BUDGET, DEFAULT_LEASE

if TYPE_CHECKING:
    from monitor.alerts.delivery import Sender, Tally
    from monitor.review.publish import FeedFile
    from monitor.watching.scheduling import CadencePolicy
    from monitor.watching.service import CycleSummary, Service
    from monitor.watching.shards import Shards

# -- checking ------------------------------------------------------------------------------


ConcurrencyOption = Annotated[int, typer.Option(help="Pages fetched at once, over all sites.")]
PerHostOption = Annotated[int, typer.Option(help="Requests at once to one site.")]
MinGapOption = Annotated[
    float, typer.Option(help="Seconds between the starts of two requests to one site.")
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        help="Processes that analyse pages (default: one per core; 0: in this process).",
        show_default=False,
    ),
]
FetchersOption = Annotated[
    int | None,
    typer.Option(
        help="Processes that fetch and record, each with its own share of the sites, so a site "
        "is still fetched by one (default: one per core; one per 200 due checks at most).",
        show_default=False,
        min=1,
        max=64,
    ),
]
BudgetOption = Annotated[
    float, typer.Option(help="Seconds of CPU one page may take to analyse (else too_complex).")
]
# Looking for due work more often than this only burns a core: checks are seconds apart.
MIN_TICK = 0.1
ChangeUrlOption = Annotated[
    str | None,
    typer.Option(
        help="Where readers see a change, linked from each notification: the published report "
        "(its #change-<id> anchors) or a pattern with {id}, e.g. https://desk.example/c/{id}. "
        "Default: the change's page in `redline web` at $REDLINE_PUBLIC_URL, when set.",
    ),
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Follow redirects and feed links from one host to loopback, private or "
        "link-local addresses (refused by default; addresses you typed always work).",
    ),
]
RetireOption = Annotated[
    str, typer.Option(help="Stop checking articles this old (unless pinned), e.g. 30d or 8w.")
]


def _policy(retire_after: str) -> CadencePolicy:
    from monitor.watching.scheduling import CadencePolicy

    return CadencePolicy(retire_after=timedelta(seconds=parse_duration(retire_after)))


@command(panel="Checking")
def check(
    ctx: typer.Context,
    urls: Annotated[
        list[str] | None, typer.Argument(help="Watched URLs (default: all due).")
    ] = None,
    all_watches: Annotated[
        bool, typer.Option("--all", help="Check every watch now, due or not.")
    ] = False,
    concurrency: ConcurrencyOption = 10,
    per_host: PerHostOption = 2,
    min_gap: MinGapOption = 1.0,
    retire_after: RetireOption = "30d",
    workers: WorkersOption = None,
    fetchers: FetchersOption = None,
    cpu_budget: BudgetOption = DEFAULT_BUDGET,
    change_url: ChangeUrlOption = None,
    allow_private: AllowPrivateOption = False,
    fmt: FormatOption = Format.text,
) -> None:
    """Check now (for cron): the given URLs, or every due watch, then send due notifications.

    Exits 1 if a check failed.
    """
    from monitor.alerts.delivery import Sender
    from monitor.cli.cycles import CycleSettings, check_shared
    from monitor.watching.service import recover_claims

    cycle = CycleSettings(
        concurrency,
        per_host,
        min_gap,
        allow_private,
        workers,
        cpu_budget,
        _policy(retire_after),
        fetchers=fetchers,
    )
    # The summary names each failed check and source problem; the log would say it again.
    logs.configure(settings(ctx).verbosity, service=False, summary=True)
    with open_store(ctx) as store:
        now = utc_now()
        only: list[int] | None = None
        if urls:
            only = store.watch_ids([watch_key(u) for u in urls])
            store.make_due(only, now)
        elif all_watches:  # then a full cycle: its claims need no list of every watch's id
            store.make_due(None, now)
        recover_claims(store)  # before the processes sharing the cycle claim
        total = len(only) if only is not None else store.count_due(now)
    sender = Sender(change_url=change_url or web_change_url())
    with progress("checking", total) as advance:
        summary, tally = check_shared(ctx, cycle, sender, only, cycle.processes(total), advance)
    with open_store(ctx) as store:
        found = [asdict(store.change_detail(i).info) for i in summary.change_ids]
    if fmt is Format.json:
        emit_json(
            {
                "checked": summary.checked,
                "failed": summary.failed,
                "outcomes": dict(summary.outcomes),
                "changes": found,
                "sources": [asdict(poll) for poll in summary.polls],
                "notifications": {"sent": tally.sent, "failed": tally.failed},
                "processes": summary.by_process,
                "stopped": summary.stopped,
            }
        )
    else:
        _print_summary(summary, tally)
    if summary.failed:
        raise typer.Exit(1)


def _print_summary(summary: CycleSummary, tally: Tally) -> None:
    if not summary.checked and not summary.polls:
        out.print("nothing due")
    if summary.polls:
        added = sum(len(poll.added) for poll in summary.polls)
        out.print(f"polled {len(summary.polls)} source(s): {added} new article(s) watched")
        for poll in summary.polls:
            for problem in (poll.notice, poll.capped):
                if problem:
                    out.print(f"  {poll.url}: {problem}", markup=False, soft_wrap=True)
    if summary.checked:
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(summary.outcomes.items()))
        shares = summary.by_process
        by = f" ({len(shares)} processes: {' + '.join(map(str, shares))})" if shares[1:] else ""
        out.print(f"checked {summary.checked}{by}: {counts}")
    for failure in summary.failures:
        out.print(f"  {failure.outcome} {failure.url}: {failure.error}", markup=False)
    for stopped in summary.stopped:
        out.print(f"  {stopped}", markup=False)
    for change_id in summary.change_ids:
        out.print(f"  change #{change_id}: redline show {change_id}")
    if tally.sent or tally.failed:
        retry = f", {tally.failed} failed (retried later)" if tally.failed else ""
        out.print(f"notifications: {tally.sent} sent{retry}")


@command(panel="Checking")
def serve(
    ctx: typer.Context,
    tick: Annotated[
        float, typer.Option(help=f"Seconds between looks for due work (at least {MIN_TICK}).")
    ] = 5.0,
    concurrency: ConcurrencyOption = 10,
    per_host: PerHostOption = 2,
    min_gap: MinGapOption = 1.0,
    retire_after: RetireOption = "30d",
    workers: WorkersOption = None,
    fetchers: FetchersOption = None,
    cpu_budget: BudgetOption = DEFAULT_BUDGET,
    allow_private: AllowPrivateOption = False,
    feed: Annotated[
        Path | None,
        typer.Option(
            help="Keep this Atom file up to date with the latest 50 changes.", dir_okay=False
        ),
    ] = None,
    feed_url: Annotated[
        str | None, typer.Option(help="The address the --feed file is published at.")
    ] = None,
    change_url: ChangeUrlOption = None,
    notify_retry: Annotated[
        str, typer.Option(help="First wait before retrying a failed notification (doubles).")
    ] = "30s",
    lease: Annotated[
        str,
        typer.Option(
            help="How long a claimed watch stays with a process that stops renewing its claim "
            "(killed, hung) before another service process takes it over.",
        ),
    ] = span(DEFAULT_LEASE),
) -> None:
    """Run the background service until SIGINT or SIGTERM; it also sends notifications."""
    from monitor.alerts.delivery import Sender
    from monitor.cli.cycles import CycleSettings, serve_shared

    if not MIN_TICK <= tick <= 3600:  # a shorter tick spins a core; a huge one overflows
        raise UsageError(f"--tick must be {MIN_TICK} to 3600 seconds")
    logs.configure(settings(ctx).verbosity, service=True)
    first_retry = timedelta(seconds=parse_duration(notify_retry))
    claim = timedelta(seconds=parse_duration(lease))
    feed_file = feed_file_for(ctx, feed, ChangeQuery(limit=50), feed_url) if feed else None
    cycle = CycleSettings(
        concurrency,
        per_host,
        min_gap,
        allow_private,
        workers,
        cpu_budget,
        _policy(retire_after),
        lease=claim,
        fetchers=fetchers,
    )
    sender = Sender(change_url=change_url or web_change_url())

    async def run_first(service: Service, shards: Shards[None]) -> None:
        await _serve(service, shards, sender, tick, feed_file, first_retry)

    serve_shared(ctx, cycle, cycle.processes(), tick, run_first)


async def _serve(
    service: Service,
    shards: Shards[None],
    sender: Sender,
    tick: float,
    feed: FeedFile | None,
    first_retry: timedelta,
) -> None:
    import asyncio

    from monitor.alerts.delivery import DeliveryWorker
    from monitor.cli.cycles import supervise

    stop = asyncio.Event()  # set by SIGINT/SIGTERM through Service.serve
    store = service.store
    async with service.fetcher, sender:
        worker = DeliveryWorker(store.outbox, sender, clock=utc_now, first_retry=first_retry)
        companions = [
            asyncio.create_task(worker.run(stop, poll=min(tick, 1.0))),
            asyncio.create_task(supervise(service, shards, stop, tick)),
        ]
        if feed is not None:
            companions.append(asyncio.create_task(feed.keep(store, stop, clock=utc_now, tick=tick)))
        try:
            await service.serve(tick=tick, stop=stop)
        finally:
            stop.set()
            await asyncio.gather(*companions)


# -- demo ----------------------------------------------------------------------------------


@command(panel="Checking")
def demo(
    seconds: Annotated[float, typer.Option(help="How long the service runs.")] = 30.0,
    keep: Annotated[
        Path | None,
        typer.Option(help="Keep the demo's database in this new SQLite file to explore later."),
    ] = None,
) -> None:
    """Run the real service for a while against a local news site whose stories get edited."""
    from monitor.demo import run_demo

    run_demo(seconds=seconds, console=out, keep=keep)
