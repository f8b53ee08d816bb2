"""One check of one watch: fetch, settle what needs no reading (a 304, the very page seen
last), hand the rest to `analyse` (monitor.watching.assessing, in a worker), and schedule.

The fetch is the only I/O here; everything after it is pure and returns a `CheckRecord`, which
the store writes in a single transaction together with the next check time.
"""

import hashlib
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from monitor.errors import FetchError
from monitor.fetching.fetch import Fetcher, FetchResult
from monitor.watching import events
from monitor.watching.events import LIVE, MIN_ARTICLE_WORDS
from monitor.watching.scheduling import CadencePolicy, WatchPace, next_check_at
from storage.records import CheckRecord, DueWatch

__all__ = [
    "MIN_ARTICLE_WORDS",
    "Analyse",
    "CheckContext",
    "check_watch",
    "schedule",
    "settled",
    "unanalysed",
]

# Where the CPU work of a check runs: in this process (`analyse_here`) or in worker processes
# (monitor.watching.workers).
Analyse = Callable[[DueWatch, FetchResult, datetime], Awaitable[CheckRecord]]


@dataclass(frozen=True)
class CheckContext:
    """What every check shares: the clock, the cadence policy and a source of jitter."""

    clock: Callable[[], datetime]
    policy: CadencePolicy = field(default_factory=CadencePolicy)
    spread: Callable[[], float] = random.random


async def analyse_here(due: DueWatch, result: FetchResult, started: datetime) -> CheckRecord:
    """Assess a page on the event loop: for small runs, where starting workers costs more."""
    # Imported here: a service whose workers read the pages never loads the extractor.
    from monitor.watching.assessing import assess  # noqa: PLC0415

    return assess(due, result, started)


async def check_watch(
    due: DueWatch, fetcher: Fetcher, context: CheckContext, analyse: Analyse = analyse_here
) -> CheckRecord:
    """Fetch one watched URL and turn the response into a record to store.

    Only a page that needs parsing goes to `analyse`; a 304 or a byte-identical page is
    settled here, without the cost of handing it to a worker.
    """
    started = context.clock()
    t0 = time.perf_counter()
    # Validators belong to the last live page; a page that was gone must be read in full.
    live = due.presence == LIVE
    try:
        result = await fetcher.fetch(
            due.url,
            etag=due.etag if live else None,
            last_modified=due.last_modified if live else None,
            ignore_robots=due.ignore_robots,
            allow_private=due.allow_private,
        )
    except FetchError as exc:
        record = failed(due, exc, started, time.perf_counter() - t0)
    else:
        record = settled(due, result, started) or await analyse(due, result, started)
    return schedule(record, due, context)


def failed(due: DueWatch, exc: FetchError, started: datetime, duration: float) -> CheckRecord:
    """The record of a fetch that failed; a 404 or 410 for a known article is a removal."""
    record = CheckRecord(
        watch_id=due.id,
        started_at=started,
        duration=duration,
        outcome=exc.outcome,
        status=exc.status,
        error=str(exc),
        next_check_at=started,
        retry_after=exc.retry_after,
    )
    if due.latest is None or exc.status not in events.GONE_STATUSES:
        return record
    event = events.removed(exc.status) if due.presence != events.REMOVED else None
    return replace(record, outcome=events.REMOVED, error=None, event=event, presence=events.REMOVED)


def fetched(due: DueWatch, result: FetchResult, started: datetime) -> CheckRecord:
    """The record of a successful fetch before anything is decided about the page."""
    return CheckRecord(
        watch_id=due.id,
        started_at=started,
        duration=result.elapsed,
        outcome="not_modified",
        next_check_at=started,
        status=result.status,
        size=result.size,
        final_url=result.final_url,
        etag=result.etag,
        last_modified=result.last_modified,
    )


def settled(due: DueWatch, result: FetchResult, started: datetime) -> CheckRecord | None:
    """The record for a page that needs no parsing (a 304, or the very page seen last); None
    for a page that must be assessed."""
    record = fetched(due, result, started)
    current = due.latest
    if result.not_modified or result.text is None:
        return replace(record, seen_version_id=current.id if current else None)
    digest = page_digest(result.text)
    if current is not None and due.presence == LIVE and digest == due.page_digest:
        # Byte for byte the page that showed the current version (a CDN's cached copy):
        # the same article, without extracting it again.
        unchanged = replace(record, outcome="unchanged", seen_version_id=current.id)
        return replace(unchanged, presence=LIVE, page_digest=digest)
    return None


def unanalysed(due: DueWatch, result: FetchResult, started: datetime, why: str) -> CheckRecord:
    """The record of a page fetched but not analysed (over its CPU budget): a failure of its
    own, which keeps the last version and its validators, so the next check reads it again."""
    record = replace(fetched(due, result, started), outcome="too_complex", error=why)
    return replace(record, etag=None, last_modified=None)


def page_digest(text: str) -> str:
    """A short hash of a page's text, to recognise a byte-identical page without parsing it."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def schedule(record: CheckRecord, due: DueWatch, context: CheckContext) -> CheckRecord:
    """Set the next check time (or retirement) that follows from this check's outcome.

    A change, an event, or a page whose own modified time moved (the newsroom is at work)
    resets the pace; a quiet check stretches it. The page's modified time never stands in for
    comparing the article: silent edits are the ones that do not bump it.
    """
    failed = record.error is not None
    moved = (
        record.page_modified is not None
        and due.page_modified is not None
        and record.page_modified > due.page_modified
    )
    active = record.diff is not None or record.event is not None or moved
    quiet = not failed and not active and record.version is None
    streak = 0 if active else due.consecutive_unchanged + int(quiet)
    pace = WatchPace(
        age_anchor=record.published_at or due.published_at or due.created_at,
        watched_since=due.created_at,
        every_seconds=due.every_seconds,
        pinned=due.pinned,
        consecutive_unchanged=streak,
        consecutive_errors=due.consecutive_errors + 1 if failed else 0,
    )
    now = context.clock()
    record = replace(record, unchanged_streak=streak)
    when = next_check_at(context.policy, pace, now, context.spread())
    if when is None:
        return replace(record, next_check_at=now, retire=True)
    if record.retry_after is not None:  # the server said when to come back
        when = max(when, now + timedelta(seconds=record.retry_after))
    return replace(record, next_check_at=when)
