"""What a page means for an article as a whole: removed, redirected, collapsed, restored,
variants. The pure part of a check (`assess`, `failed`) on pages written here."""

from dataclasses import replace
from datetime import UTC, datetime
from html import escape

import pytest

from monitor.article import Article
from monitor.errors import FetchError
from monitor.extraction.pipeline import extract_article
from monitor.fetching.fetch import FetchResult
from monitor.watching import events
from monitor.watching.assessing import assess
from monitor.watching.checking import CheckContext, failed, page_digest, schedule
from storage.records import CheckRecord, DueWatch, StoredVersion, VersionRef

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
URL = "https://news.example/2026/11/26/harbour-bridge"
BODY = (
    "The city council voted 7-2 on Tuesday night to rebuild the Harbour Street Bridge, "
    "approving a $119 million plan after two years of debate about its cost and design.",
    "\u201cTonight we finally stop pretending,\u201d said Mayor Annette Graves, who had warned "
    "that the 1931 span could close to traffic within five years without major repairs.",
    "Construction is expected to start next spring and last about three years, with one lane "
    "kept open in each direction for most of the work, according to the city engineer.",
    "Opponents said the council should have considered a cheaper repair and asked for an "
    "independent review of the estimate before any contracts are signed next year.",
)
HEADLINE = "Council approves $119 million plan to rebuild Harbour Street Bridge"


def page(
    headline: str = HEADLINE, paragraphs: tuple[str, ...] = BODY, modified: str | None = None
) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    meta = f'<meta property="article:modified_time" content="{modified}">' if modified else ""
    return (
        f"<!doctype html><html><head><title>{escape(headline)}</title>{meta}</head><body><article>"
        f"<h1>{escape(headline)}</h1><p class='byline'>By Dana Ruiz</p>{body}</article>"
        "</body></html>"
    )


EDITED = page(paragraphs=(BODY[0].replace("$119 million", "$138 million"), *BODY[1:]))
PAYWALL = page("Subscribe", ("Subscribe to continue reading. Already a subscriber? Sign in.",))
CONSENT = page("Your privacy", ("We use cookies. Accept all or manage your consent settings.",))
OTHER_STORY = page(
    "Ferry fares frozen for a third year",
    (
        "Ferry fares will stay at $4.50 for adults after the transit board voted to freeze "
        "them again, citing rising ridership on the harbour routes since the spring.",
        "The board said fuel costs had eased and that a fare rise would hurt commuters who "
        "depend on the ferry, especially those travelling from the islands each morning.",
    ),
)
HOME = page("The Millbrook Ledger", ("Latest news", "Sport", "Weather"))


def stored(html: str, number: int, version_id: int) -> StoredVersion:
    article = extract_article(html, URL)
    return StoredVersion(version_id, 1, number, article.fingerprint(), T0, URL, article)


V1 = stored(page(), 1, 11)
V2 = stored(EDITED, 2, 12)


def due(
    latest: StoredVersion | None = V1,
    presence: str = events.LIVE,
    known: tuple[StoredVersion, ...] = (V1,),
    **changes: object,
) -> DueWatch:
    base = DueWatch(
        id=1, url=URL, etag=None, last_modified=None, every_seconds=None, pinned=False,
        created_at=T0, published_at=None, last_changed_at=None, consecutive_unchanged=0,
        consecutive_errors=0, latest=latest, presence=presence,
        known={v.fingerprint: VersionRef(v.id, v.number) for v in known},
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def fetched(html: str, final_url: str = URL, redirects: tuple[str, ...] = ()) -> FetchResult:
    return FetchResult(
        url=URL, final_url=final_url, redirects=redirects, status=200, not_modified=False,
        text=html, size=len(html), etag='"v"', last_modified=None, content_type="text/html",
        elapsed=0.1,
    )  # fmt: skip


def event_kind(record: CheckRecord) -> str | None:
    return record.event.kind if record.event else None


@pytest.mark.parametrize(
    ("watch", "html", "outcome", "event", "presence"),
    [
        (due(), page(), "unchanged", None, "live"),
        (due(), EDITED, "changed", None, "live"),
        (due(), PAYWALL, "collapsed", "collapsed", "collapsed"),
        (due(), CONSENT, "collapsed", "collapsed", "collapsed"),
        (due(presence="collapsed"), PAYWALL, "collapsed", None, "collapsed"),  # still gone
        (due(presence="collapsed"), page(), "restored", "restored", "live"),
        (due(presence="removed"), page(), "restored", "restored", "live"),
        (due(presence="removed"), EDITED, "restored", "restored", "live"),
        (due(latest=V2, known=(V1, V2)), page(), "variant", "variant", "live"),
    ],
    ids=[
        "same article",
        "edited",
        "paywall",
        "consent wall",
        "still collapsed",
        "back after collapse",
        "back after removal",
        "back with edits",
        "back to version 1",
    ],
)
def test_what_a_page_means_for_the_article(
    watch: DueWatch, html: str, outcome: str, event: str | None, presence: str
) -> None:
    record = assess(watch, fetched(html), T0)
    assert (record.outcome, event_kind(record), record.presence) == (outcome, event, presence)
    assert record.error is None


def test_a_collapse_keeps_the_last_good_version_and_says_what_replaced_it() -> None:
    record = assess(due(), fetched(PAYWALL), T0)
    assert record.version is None
    assert record.event is not None
    assert record.event.data["looks_like"] == "paywall"
    assert record.event.data["was_words"] == V1.article.word_count
    assert "Subscribe to continue reading" in record.event.data["text"]


def test_a_paywall_teaser_that_keeps_the_first_paragraph_is_still_a_collapse() -> None:
    long_body = BODY * 3  # about 300 words
    teaser = page(paragraphs=(long_body[0], "Subscribe to continue reading."))
    old = stored(page(paragraphs=long_body), 1, 11)
    record = assess(due(latest=old, known=(old,)), fetched(teaser), T0)
    assert event_kind(record) == "collapsed"


def test_coming_back_with_edits_stores_the_new_version_with_its_diff_and_flags() -> None:
    record = assess(due(presence="removed"), fetched(EDITED), T0)
    assert record.version is not None
    assert record.diff is not None
    assert any(flag["kind"] == "figure_changed" for flag in record.flags)


def test_going_back_to_an_earlier_version_stores_nothing_new_and_is_reported_once() -> None:
    flipping = due(latest=V2, known=(V1, V2))
    first = assess(flipping, fetched(page()), T0)
    assert (first.version, first.seen_version_id) == (None, V1.id)
    assert first.event == events.variant(1)

    reported = replace(flipping, reported_pairs=frozenset({frozenset({V1.id, V2.id})}))
    again = assess(reported, fetched(page()), T0)
    assert (again.outcome, again.event, again.seen_version_id) == ("variant", None, V1.id)


@pytest.mark.parametrize(
    ("html", "final_url", "target"),
    [
        (HOME, "https://news.example/", "home page"),
        (OTHER_STORY, "https://news.example/2026/11/26/ferry-fares", "another article"),
        (page("Gone", ("Nothing here.",)), "https://news.example/archive", "another page"),
    ],
)
def test_a_redirect_away_from_the_story_is_an_event(html: str, final_url: str, target: str) -> None:
    record = assess(due(), fetched(html, final_url, redirects=(URL,)), T0)
    assert (record.outcome, record.presence) == ("redirected", "redirected")
    assert record.event is not None
    assert record.event.data["target"] == target
    assert record.event.data["to"] == final_url
    assert record.version is None


def test_a_redirect_to_the_same_story_at_a_new_address_is_not_an_event() -> None:
    moved = "https://news.example/2026/11/26/harbour-street-bridge-rebuild"
    record = assess(due(), fetched(EDITED, moved, redirects=(URL,)), T0)
    assert (record.outcome, record.event) == ("changed", None)
    assert record.version is not None
    assert record.version.url == moved


def test_a_404_or_410_of_a_known_article_is_a_removal_not_an_error() -> None:
    gone = FetchError("server answered 410 Gone", outcome="http_error", status=410)
    record = failed(due(), gone, T0, 0.1)
    assert (record.outcome, record.error, event_kind(record)) == ("removed", None, "removed")
    assert record.event is not None
    assert record.event.data == {"status": 410}
    assert failed(due(presence="removed"), gone, T0, 0.1).event is None  # reported once


def test_a_404_before_any_version_is_an_error() -> None:
    missing = FetchError("server answered 404 Not Found", outcome="http_error", status=404)
    record = failed(due(latest=None, known=()), missing, T0, 0.1)
    assert (record.outcome, record.event) == ("http_error", None)
    assert record.error == "server answered 404 Not Found"


def test_a_byte_identical_page_is_unchanged_without_being_read_again() -> None:
    cached = "<html>not even an article, but the very page seen last time</html>"
    record = assess(due(page_digest=page_digest(cached)), fetched(cached), T0)
    assert (record.outcome, record.seen_version_id) == ("unchanged", V1.id)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Subscribe now to continue reading this article.", "paywall"),
        ("Already a subscriber? Sign in to read more.", "paywall"),
        ("We use cookies to improve your experience. Accept all?", "consent page"),
        ("Sorry, this page is unavailable.", "error page"),
        ("404: the page you asked for does not exist.", "error page"),
        ("Read our latest coverage.", None),
    ],
)
def test_what_replaced_an_article_is_guessed_from_its_words(text: str, kind: str | None) -> None:
    assert events.looks_like(Article("", "", (text,))) == kind


def test_each_event_reads_as_one_line() -> None:
    assert events.describe("removed", {"status": 410}) == "REMOVED  the server answers 410"
    assert events.describe("variant", {"back_to": 1}) == (
        "VARIANT  the page went back to version 1"
    )
    assert events.describe(
        "collapsed", {"words": 9, "was_words": 400, "looks_like": "paywall"}
    ) == ("COLLAPSED  paywall: 9 words where there were 400")
    assert events.describe(
        "redirected", {"to": "https://news.example/", "target": "home page"}
    ) == ("REDIRECTED  to home page: https://news.example/")
    assert events.describe("restored", {"after": "removed"}) == (
        "RESTORED  the article is back after being removed"
    )


# -- the page's own modified time: a hint for the pace, never a reason to skip comparing --------

MODIFIED_AT_9 = "2026-11-26T09:00:00+00:00"
MODIFIED_AT_10 = "2026-11-26T10:00:00+00:00"


def checked(html: str, last_modified_seen: str) -> CheckRecord:
    """Assess and schedule a page for a watch that has been quiet for five checks."""
    quiet = due(consecutive_unchanged=5, page_modified=datetime.fromisoformat(last_modified_seen))
    context = CheckContext(clock=lambda: T0, spread=lambda: 0.0)
    return schedule(assess(quiet, fetched(html), T0), quiet, context)


def test_a_silent_edit_is_caught_though_the_pages_modified_time_did_not_move() -> None:
    record = checked(page(paragraphs=(BODY[0], BODY[1])), MODIFIED_AT_9)
    assert record.outcome == "changed"
    assert record.version is not None


def test_a_moved_modified_time_without_an_edit_resets_the_pace_but_stores_nothing() -> None:
    still = checked(page(modified=MODIFIED_AT_9), MODIFIED_AT_9)
    moved = checked(page(modified=MODIFIED_AT_10), MODIFIED_AT_9)
    assert (still.outcome, moved.outcome) == ("unchanged", "unchanged")
    assert moved.version is None
    assert (still.unchanged_streak, moved.unchanged_streak) == (6, 0)
    assert moved.next_check_at < still.next_check_at
    assert moved.page_modified == datetime.fromisoformat(MODIFIED_AT_10)
