"""What a fetched page means for its watch: unchanged, a first version, a change or an event.

Pure (no I/O): it runs in the worker processes (monitor.watching.workers), or on the event loop
for small runs, and is the only part of a check that loads the extractor and the analysis.
"""

from dataclasses import replace
from datetime import datetime

from monitor.analysis.comparison import analyse
from monitor.article import Article
from monitor.extraction import EXTRACTOR_VERSION, extract_article
from monitor.fetching.fetch import FetchResult
from monitor.watching import events
from monitor.watching.checking import fetched, page_digest, settled
from monitor.watching.discovery import sniff
from monitor.watching.events import LIVE, MIN_ARTICLE_WORDS, ArticleEvent
from storage.pages import pack
from storage.records import CheckRecord, DueWatch, NewVersion, StoredVersion


def assess(due: DueWatch, result: FetchResult, started: datetime) -> CheckRecord:
    """Decide what a fetched page means for the watch: unchanged, first version, or a change.

    The returned record's `next_check_at` is a placeholder; `schedule` sets it.
    """
    quick = settled(due, result, started)
    if quick is not None:
        return quick
    assert result.text is not None  # settled() took the pages without text
    record, current, digest = fetched(due, result, started), due.latest, page_digest(result.text)
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


def _no_article(record: CheckRecord, why: str) -> CheckRecord:
    # Forget the validators so the next check downloads the page again.
    error = f"{why}; no version stored yet"
    return replace(record, outcome="no_article", error=error, etag=None, last_modified=None)
