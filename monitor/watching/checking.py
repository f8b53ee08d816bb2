"""One check of one watch: fetch, extract, compare with the last version, decide what to store.

The fetch is the only I/O here; everything after it is pure and returns a `CheckRecord`, which
the store writes in a single transaction together with the next check time.
"""

import hashlib
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from monitor.analysis.comparison import analyse
from monitor.article import Article
from monitor.errors import FetchError
from monitor.extraction import EXTRACTOR_VERSION, extract_article
from monitor.fetching.fetch import Fetcher, FetchResult
from monitor.watching import events
from monitor.watching.discovery import sniff
from monitor.watching.events import LIVE, MIN_ARTICLE_WORDS, ArticleEvent
from monitor.watching.scheduling import CadencePolicy, WatchPace, next_check_at
from storage.pages import pack
from storage.records import CheckRecord, DueWatch, NewVersion, StoredVersion

__all__ = [
    "MIN_ARTICLE_WORDS",
    "Analyse",
    "CheckContext",
    "assess",
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


def _fetched(due: DueWatch, result: FetchResult, started: datetime) -> CheckRecord:
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
    record = _fetched(due, result, started)
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


def assess(due: DueWatch, result: FetchResult, started: datetime) -> CheckRecord:
    """Decide what a fetched page means for the watch: unchanged, first version, or a change.

    The returned record's `next_check_at` is a placeholder; `schedule` sets it.
    """
    quick = settled(due, result, started)
    if quick is not None:
        return quick
    assert result.text is not None  # settled() took the pages without text
    record, current, digest = _fetched(due, result, started), due.latest, page_digest(result.text)
    article = extract_article(result.text, result.final_url)
    record = replace(record, published_at=article.published, page_modified=article.modified)
    if current is None:
        return _first(due, record, article, result.text, digest)
    baseline = _as_read_now(due, current)
    gone = None
    if result.redirects:
        gone = events.redirection(baseline.article, current.url, article, result.final_url)
    if gone is None:
        gone = events.collapse(baseline.article, article)
    if gone is not None:
        # Not the article: keep the last good version; read the next page in full.
        repeat = due.presence == gone.presence
        record = replace(record, etag=None, last_modified=None, presence=gone.presence)
        return replace(record, outcome=gone.kind, event=None if repeat else gone)
    record = replace(record, presence=LIVE, page_digest=digest)
    return _compared(due, current, record, article, result, baseline=baseline)


def _compared(
    due: DueWatch,
    current: StoredVersion,
    record: CheckRecord,
    article: Article,
    result: FetchResult,
    *,
    baseline: StoredVersion,
) -> CheckRecord:
    """The new page against the last version as the current extractor reads it."""
    if baseline is current:
        checked = _readable(due, current, record, article, result)
        if due.latest_page is not None and checked.seen_version_id == current.id:
            # Re-read, the stored page gave the same article: only the label moves.
            return replace(checked, confirmed_by=EXTRACTOR_VERSION)
        return checked
    if article.fingerprint() == baseline.fingerprint:
        # Only the reading changed: stored as a version of its own, with no change.
        version = _version(due, article, result.final_url, result.text or "")
        return replace(record, outcome="reread", event=None, version=version)
    return _readable(due, baseline, record, article, result)


def _as_read_now(due: DueWatch, current: StoredVersion) -> StoredVersion:
    """The last version as the current extractor reads its stored page, when another
    extractor read it: the new page is compared with that reading, so an upgrade is never
    reported as an edit (the old reading stays in the history as it was shown)."""
    if due.latest_page is None:
        return current
    again = extract_article(due.latest_page, current.url)
    if again.fingerprint() == current.fingerprint:
        return current
    return replace(current, article=again, fingerprint=again.fingerprint())


def _readable(
    due: DueWatch,
    current: StoredVersion,
    record: CheckRecord,
    article: Article,
    result: FetchResult,
) -> CheckRecord:
    """A page that carries the article: unchanged, back to an earlier version, or changed."""
    back = events.restored(due.presence) if due.presence != LIVE else None
    fingerprint = article.fingerprint()
    if fingerprint == current.fingerprint:
        outcome = "restored" if back else "unchanged"
        return replace(record, outcome=outcome, event=back, seen_version_id=current.id)
    earlier = due.known.get(fingerprint)
    if earlier is not None:
        event: ArticleEvent | None = back
        if back is None and frozenset((current.id, earlier.id)) not in due.reported_pairs:
            event = events.variant(earlier.number)
        outcome = "restored" if back else "variant"
        return replace(record, outcome=outcome, event=event, seen_version_id=earlier.id)
    comparison = analyse(current.article, article)
    return replace(
        record,
        outcome="restored" if back else "changed",
        event=back,
        version=_version(due, article, result.final_url, result.text or ""),
        diff=comparison.diff.to_dict(),
        flags=comparison.flag_dicts(),
    )


def _first(
    due: DueWatch, record: CheckRecord, article: Article, page: str, digest: str
) -> CheckRecord:
    """The first readable page becomes version 1; anything else is not an article yet."""
    if not page.strip():
        return _no_article(record, "the server sent an empty page")
    if sniff(page) in ("feed", "sitemap"):  # a list of articles, not one: follow it instead
        kind = "an RSS or Atom feed" if sniff(page) == "feed" else "a sitemap"
        return _no_article(
            record, f"this is {kind}, not an article; `redline follow URL` watches what it lists"
        )
    if article.word_count < MIN_ARTICLE_WORDS:
        return _no_article(record, f"no article text found ({article.word_count} words)")
    version = _version(due, article, record.final_url or "", page)
    return replace(record, outcome="first", version=version, presence=LIVE, page_digest=digest)


def _version(due: DueWatch, article: Article, url: str, page: str) -> NewVersion:
    """The next version of the watch, its page compressed here (in a worker, off the loop)
    against the site's dictionary, when it has one."""
    number = 1 + max((ref.number for ref in due.known.values()), default=0)
    return NewVersion(article, url, pack(page, due.dictionary), number, extractor=EXTRACTOR_VERSION)


def unanalysed(due: DueWatch, result: FetchResult, started: datetime, why: str) -> CheckRecord:
    """The record of a page fetched but not analysed (over its CPU budget): a failure of its
    own, which keeps the last version and its validators, so the next check reads it again."""
    record = replace(_fetched(due, result, started), outcome="too_complex", error=why)
    return replace(record, etag=None, last_modified=None)


def _no_article(record: CheckRecord, why: str) -> CheckRecord:
    # Forget the validators so the next check downloads the page again.
    error = f"{why}; no version stored yet"
    return replace(record, outcome="no_article", error=error, etag=None, last_modified=None)


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
