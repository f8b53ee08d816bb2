"""One check of one watch: fetch, extract, compare with the last version, decide what to store.

The fetch is the only I/O here; everything after it is pure and returns a `CheckRecord`, which
the store writes in a single transaction together with the next check time.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from monitor.analysis import analyse
from monitor.errors import FetchError
from monitor.extract import extract_article
from monitor.fetch import Fetcher, FetchResult
from monitor.scheduling import CadencePolicy, WatchPace, next_check_at
from storage.records import CheckRecord, DueWatch, NewVersion

# Fewer words than this is not an article (an error page, a consent wall, a section front);
# such a page never replaces the last good version.
MIN_ARTICLE_WORDS = 25


@dataclass(frozen=True)
class CheckContext:
    """What every check shares: the clock, the cadence policy and a source of jitter."""

    clock: Callable[[], datetime]
    policy: CadencePolicy = field(default_factory=CadencePolicy)
    spread: Callable[[], float] = random.random


async def check_watch(due: DueWatch, fetcher: Fetcher, context: CheckContext) -> CheckRecord:
    """Fetch one watched URL and turn the response into a record to store."""
    started = context.clock()
    t0 = time.perf_counter()
    try:
        result = await fetcher.fetch(due.url, etag=due.etag, last_modified=due.last_modified)
    except FetchError as exc:
        record = CheckRecord(
            watch_id=due.id,
            started_at=started,
            duration=time.perf_counter() - t0,
            outcome=exc.outcome,
            status=exc.status,
            error=str(exc),
            next_check_at=started,
        )
    else:
        record = assess(due, result, started)
    return schedule(record, due, context)


def assess(due: DueWatch, result: FetchResult, started: datetime) -> CheckRecord:
    """Decide what a fetched page means for the watch: unchanged, first version, or a change.

    The returned record's `next_check_at` is a placeholder; `schedule` sets it.
    """
    record = CheckRecord(
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
    if result.not_modified or result.text is None:
        return record
    article = extract_article(result.text, result.final_url)
    if article.word_count < MIN_ARTICLE_WORDS:
        error = f"no article text found ({article.word_count} words); kept the last version"
        # Forget the validators so the next check downloads the page again.
        return replace(record, outcome="no_article", error=error, etag=None, last_modified=None)
    record = replace(record, published_at=article.published)
    if due.latest is not None and due.latest.fingerprint == article.fingerprint():
        return replace(record, outcome="unchanged")
    version = NewVersion(article=article, url=result.final_url, raw_page=result.text)
    if due.latest is None:
        return replace(record, outcome="first", version=version)
    comparison = analyse(due.latest.article, article)
    return replace(
        record,
        outcome="changed",
        version=version,
        diff=comparison.diff.to_dict(),
        flags=comparison.flag_dicts(),
    )


def schedule(record: CheckRecord, due: DueWatch, context: CheckContext) -> CheckRecord:
    """Set the next check time (or retirement) that follows from this check's outcome."""
    failed = record.error is not None
    changed = record.diff is not None
    unchanged = not failed and record.version is None
    pace = WatchPace(
        age_anchor=record.published_at or due.published_at or due.created_at,
        watched_since=due.created_at,
        every_seconds=due.every_seconds,
        pinned=due.pinned,
        consecutive_unchanged=0 if changed else due.consecutive_unchanged + int(unchanged),
        consecutive_errors=due.consecutive_errors + 1 if failed else 0,
    )
    now = context.clock()
    when = next_check_at(context.policy, pace, now, context.spread())
    if when is None:
        return replace(record, next_check_at=now, retire=True)
    return replace(record, next_check_at=when)
