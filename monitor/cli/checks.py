"""Commands that check articles: once, as a service, and the demo."""

import asyncio
import logging
from dataclasses import asdict
from typing import Annotated

import typer

from monitor.checking import CheckContext
from monitor.cli.app import (
    Format,
    FormatOption,
    command,
    emit_json,
    open_store,
    out,
    watch_key,
)
from monitor.demo import run_demo
from monitor.fetch import Fetcher
from monitor.service import CycleSummary, Service, utc_now
from storage.repository import Store

# -- checking ------------------------------------------------------------------------------


def _service(store: Store, fetcher: Fetcher, concurrency: int) -> Service:
    return Service(store, fetcher, CheckContext(clock=utc_now), concurrency=concurrency)


@command(panel="Checking")
def check(
    ctx: typer.Context,
    urls: Annotated[
        list[str] | None, typer.Argument(help="Watched URLs (default: all due).")
    ] = None,
    all_watches: Annotated[
        bool, typer.Option("--all", help="Check every watch now, due or not.")
    ] = False,
    concurrency: Annotated[int, typer.Option(help="Pages fetched at once.")] = 10,
    fmt: FormatOption = Format.text,
) -> None:
    """Check now (for cron): the given URLs, or every due watch. Exits 1 if a check failed."""
    with open_store(ctx) as store:
        now = utc_now()
        only: list[int] | None = None
        if urls:
            only = store.watch_ids([watch_key(u) for u in urls])
        elif all_watches:
            only = [w.id for w in store.list_watches() if w.state != "retired"]
        if only is not None:
            store.make_due(only, now)
        summary = asyncio.run(_check_once(store, only, concurrency))
    if fmt is Format.json:
        emit_json(
            {
                "checked": summary.checked,
                "failed": summary.failed,
                "outcomes": dict(summary.outcomes),
                "changes": summary.change_ids,
                "sources": [asdict(poll) for poll in summary.polls],
            }
        )
    else:
        _print_summary(summary)
    if summary.failed:
        raise typer.Exit(1)


async def _check_once(store: Store, only: list[int] | None, concurrency: int) -> CycleSummary:
    async with Fetcher() as fetcher:
        service = _service(store, fetcher, concurrency)
        service.recover()
        return await service.run_cycle(only)


def _print_summary(summary: CycleSummary) -> None:
    if not summary.checked and not summary.polls:
        out.print("nothing due")
        return
    if summary.polls:
        added = sum(len(poll.added) for poll in summary.polls)
        out.print(f"polled {len(summary.polls)} source(s): {added} new article(s) watched")
        for poll in summary.polls:
            for problem in (poll.notice, poll.capped):
                if problem:
                    out.print(f"  {poll.url}: {problem}", markup=False, soft_wrap=True)
    if summary.checked:
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(summary.outcomes.items()))
        out.print(f"checked {summary.checked}: {counts}")
    for failure in summary.failures:
        out.print(f"  {failure.outcome} {failure.url}: {failure.error}", markup=False)
    for change_id in summary.change_ids:
        out.print(f"  change #{change_id}: redline show {change_id}")


@command(panel="Checking")
def serve(
    ctx: typer.Context,
    tick: Annotated[float, typer.Option(help="Seconds between looks for due work.")] = 5.0,
    concurrency: Annotated[int, typer.Option(help="Pages fetched at once.")] = 10,
) -> None:
    """Run the background service until SIGINT or SIGTERM."""
    if not logging.getLogger().isEnabledFor(logging.INFO):
        logging.getLogger().setLevel(logging.INFO)
    with open_store(ctx) as store:
        asyncio.run(_serve(store, tick, concurrency))


async def _serve(store: Store, tick: float, concurrency: int) -> None:
    async with Fetcher() as fetcher:
        await _service(store, fetcher, concurrency).serve(tick=tick)


# -- demo ----------------------------------------------------------------------------------


@command(panel="Checking")
def demo(
    seconds: Annotated[float, typer.Option(help="How long the service runs.")] = 30.0,
) -> None:
    """Run the real service for a while against a local news site whose stories get edited."""
    run_demo(seconds=seconds, console=out)
