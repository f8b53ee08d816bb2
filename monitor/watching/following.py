"""The source cycle: poll due sources, watch the new articles they list, hint at updated ones.

Sources are fetched through the same `Fetcher.fetch` seam as articles, conditionally with the
ETag and Last-Modified of the last poll, so the fetch edge's limits and politeness apply to
them too. Reading a response is `monitor.watching.discovery` (pure); which articles to add, which
known
ones to check early and where a cap stops additions is decided in the one transaction that
records the poll (`SourceStore.record_poll`).
"""

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx

from monitor.errors import FetchError
from monitor.fetching.addresses import refused_hosts
from monitor.fetching.fetch import Fetcher, FetchResult
from monitor.watching.checking import CheckContext
from monitor.watching.defaults import DEFAULT_POLL_EVERY
from monitor.watching.discovery import discover, is_sitemap_index, select
from monitor.watching.listings import Discovery, Item, unique
from monitor.watching.scheduling import WatchPace, next_check_at
from storage.source_records import DueSource, PollRecord, PollResult
from storage.sources import SourceStore

log = logging.getLogger("redline.sources")
# A sitemap index is followed through this many of its newest sitemaps, each one request.
MAX_CHILD_SITEMAPS = 3


@dataclass(frozen=True)
class PollReport:
    """What one poll of one source did, for logs and cycle summaries."""

    source_id: int
    url: str
    outcome: str
    status: int | None
    error: str | None
    notice: str | None
    listed: int  # items the source lists that passed --match/--exclude
    added: tuple[str, ...]
    hinted: int
    capped: str | None


@dataclass(frozen=True)
class Child:
    """One sitemap of a sitemap index as fetched: its text, or why it could not be."""

    url: str
    text: str
    error: str | None


def source_tag(label: str | None, url: str) -> str:
    """The tag naming a source, put on every article it finds."""
    if label:
        return f"source:{label}"
    parts = urlsplit(url)
    return f"source:{parts.netloc}{parts.path.rstrip('/')}"


async def poll_due_sources(
    sources: SourceStore,
    fetcher: Fetcher,
    context: CheckContext,
    *,
    owner: str,
    lease: timedelta,
    concurrency: int = 10,
    batch: int = 50,
) -> list[PollReport]:
    """Poll every source that is due now and record what each found."""
    reports: list[PollReport] = []
    semaphore = asyncio.Semaphore(concurrency)

    async def poll(due: DueSource) -> PollReport | None:
        async with semaphore:
            try:
                record = await poll_source(due, fetcher, context)
                result = sources.record_poll(record, owner=owner)
            except Exception:  # one source must never take the service down
                log.exception("poll of %s failed unexpectedly; will retry", due.url)
                return None
        report = _report(due, record, result)
        _log(report)
        return report

    while claimed := sources.claim_due(context.clock(), owner=owner, lease=lease, limit=batch):
        done = await asyncio.gather(*(poll(due) for due in claimed))
        reports.extend(report for report in done if report is not None)
    return reports


async def poll_source(due: DueSource, fetcher: Fetcher, context: CheckContext) -> PollRecord:
    """Fetch one source and turn the response into a record to store."""
    started = context.clock()
    t0 = time.perf_counter()
    try:
        result = await fetcher.fetch(
            due.url,
            etag=due.etag,
            last_modified=due.last_modified,
            allow_private=due.allow_private,
        )
    except FetchError as exc:
        record = _failed(due, started, time.perf_counter() - t0, exc)
    else:
        children = await _child_sitemaps(result, fetcher)
        # A big sitemap takes seconds to read; a thread keeps the other fetches moving.
        record = await asyncio.to_thread(assess_poll, due, result, started, context, children)
        if not (fetcher.allow_private or due.allow_private):
            record = await _without_private_links(record, result.final_url)
    return schedule_poll(record, due, context)


async def _child_sitemaps(result: FetchResult, fetcher: Fetcher) -> list[Child]:
    """The newest sitemaps of a sitemap index, fetched one after another (one site, politely);
    nothing for any other response."""
    if result.text is None or not is_sitemap_index(result.text):
        return []
    listed = discover(result.text, result.final_url, "sitemap").children
    children = []
    for url in listed[:MAX_CHILD_SITEMAPS]:
        try:
            children.append(Child(url, (await fetcher.fetch(url)).text or "", None))
        except FetchError as exc:
            children.append(Child(url, "", str(exc)))
    return children


async def _without_private_links(record: PollRecord, source_url: str) -> PollRecord:
    """The record without items that lead from the source's host to a private address (see
    monitor.fetching.addresses); the poll's notice says what was refused."""
    links = [httpx.URL(item.url) for item in record.items]
    reasons = await refused_hosts(links, httpx.URL(source_url))
    kept = tuple(
        item for item, url in zip(record.items, links, strict=True) if url.host not in reasons
    )
    if len(kept) == len(record.items):
        return record
    first = next(iter(reasons.values()))
    notice = f"{len(record.items) - len(kept)} link(s) not watched: {first}"
    notices = "; ".join(filter(None, (record.notice, notice)))
    return replace(record, items=kept, notice=notices)


def assess_poll(
    due: DueSource,
    result: FetchResult,
    started: datetime,
    context: CheckContext,
    children: Sequence[Child] = (),
) -> PollRecord:
    """Read a fetched source: its kind, title and the items that pass its filters.

    A sitemap index is read through `children`, its newest sitemaps, fetched by the caller.
    """
    record = PollRecord(
        source_id=due.id,
        started_at=started,
        duration=result.elapsed,
        outcome="not_modified",
        next_poll_at=started,
        status=result.status,
        etag=result.etag,
        last_modified=result.last_modified,
    )
    if result.not_modified or result.text is None:
        return record
    try:
        found = discover(result.text, result.final_url, due.kind)
    except FetchError as exc:  # an UnreadableSource: the wrong kind, or broken past reading
        return _failed(due, started, result.elapsed, exc, status=result.status)
    if found.children:
        found = _merge(found.children, children)
    items = select(found.items, match=due.match, exclude=due.exclude)
    add_after = started - context.policy.retire_after
    return replace(
        record,
        outcome="listed",
        kind=found.kind,
        title=found.title,
        notice="; ".join(n for n in (found.warning, _too_old(items, add_after)) if n) or None,
        items=items,
        watch_tags=tuple(dict.fromkeys((*due.tags, source_tag(due.label, due.url)))),
        add_after=add_after,
    )


def _merge(listed: Sequence[str], children: Sequence[Child]) -> Discovery:
    """One sitemap of the items of an index's sitemaps; what could not be read is a warning."""
    items: list[Item] = []
    problems = []
    for child in children:
        try:
            items.extend(
                discover(child.text, child.url, "sitemap").items if not child.error else ()
            )
        except FetchError as exc:
            problems.append(f"{child.url}: {exc}")
        if child.error:
            problems.append(f"{child.url}: {child.error}")
    note = f"a sitemap index of {len(listed)} sitemaps; read the {len(children)} newest"
    return Discovery("sitemap", unique(items), warning="; ".join([note, *problems]))


def _too_old(items: Sequence[Item], add_after: datetime) -> str | None:
    """Say so when listed articles are left out for age, or a new source seems to do nothing."""
    old = sum(1 for item in items if item.latest is not None and item.latest < add_after)
    if not old:
        return None
    whole = "all " if old == len(items) else ""
    return (
        f"{whole}{old} listed article(s) dated before {add_after:%Y-%m-%d} are too old to "
        "watch (see --retire-after)"
    )


def schedule_poll(record: PollRecord, due: DueSource, context: CheckContext) -> PollRecord:
    """Set the next poll: the source's interval, or the policy's backoff after errors."""
    every = due.every_seconds or int(DEFAULT_POLL_EVERY.total_seconds())
    failed = record.error is not None
    pace = WatchPace(
        age_anchor=record.started_at,
        every_seconds=every,
        consecutive_errors=due.consecutive_errors + 1 if failed else 0,
    )
    now = context.clock()
    when = next_check_at(context.policy, pace, now, context.spread())
    return replace(record, next_poll_at=when or now + timedelta(seconds=every))


def _failed(
    due: DueSource,
    started: datetime,
    duration: float,
    exc: FetchError,
    *,
    status: int | None = None,
) -> PollRecord:
    return PollRecord(
        source_id=due.id,
        started_at=started,
        duration=duration,
        outcome=exc.outcome,
        next_poll_at=started,
        status=exc.status or status,
        error=str(exc),
    )


def _report(due: DueSource, record: PollRecord, result: PollResult) -> PollReport:
    return PollReport(
        source_id=due.id,
        url=due.url,
        outcome=record.outcome,
        status=record.status,
        error=record.error,
        notice=record.notice,
        listed=len(record.items),
        added=result.added,
        hinted=result.hinted,
        capped=result.capped,
    )


def _log(report: PollReport) -> None:
    status = f"HTTP {report.status}" if report.status else "no response"
    if report.error is not None:
        log.warning(
            "SOURCE %s %s: %s (%s)", report.outcome.upper(), report.url, report.error, status
        )
        return
    log.info(
        "SOURCE %s %s: %d listed, %d new watched, %d hinted (%s)",
        report.outcome,
        report.url,
        report.listed,
        len(report.added),
        report.hinted,
        status,
    )
    for problem in (report.notice, report.capped):
        if problem:
            log.warning("SOURCE %s: %s", report.url, problem)
