"""Followed sources end to end: a real local news site whose feeds gain stories over time, a
real SQLite file, the real service cycle, and a clock the tests move by hand."""

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from monitor.config import source_spec
from monitor.fetching.fetch import Fetcher
from monitor.newsroom import DEMO_STORIES, LOCAL_POLITENESS, LocalNewsSite, breaking_story
from monitor.newsroom.feeds import RSS_TYPE
from monitor.testing import ManualClock
from monitor.watching.checking import CheckContext
from monitor.watching.listings import Item
from monitor.watching.service import CycleSummary, Service
from storage.repository import Store
from storage.source_records import PollRecord, PollResult, SourceInfo

FERRY, SCHOOL, LIBRARY = "harbour-ferry-plan", "school-budget-vote", "library-hours-extension"
RSS, ATOM, SITEMAP, SECTION = (
    "/feeds/rss.xml",
    "/feeds/atom.xml",
    "/sitemap-news.xml",
    "/section/politics",
)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def site(clock: ManualClock) -> Iterator[LocalNewsSite]:
    ferry = breaking_story(FERRY, section="Politics", published=clock.now - 60 * MINUTE)
    with LocalNewsSite([ferry], seed=7) as running:
        yield running


def publish(site: LocalNewsSite, clock: ManualClock, slug: str, section: str = "Politics") -> str:
    site.add_story(breaking_story(slug, section=section, published=clock.now))
    return site.url(slug)


def follow(store: Store, clock: ManualClock, url: str, **options: Any) -> int:
    return store.sources.follow(source_spec(url, **options), clock())


def cycle(store: Store, clock: ManualClock) -> CycleSummary:
    async def run() -> CycleSummary:
        async with Fetcher(politeness=LOCAL_POLITENESS) as fetcher:
            return await Service(store, fetcher, CheckContext(clock=clock)).run_cycle()

    return asyncio.run(run())


def source(store: Store, clock: ManualClock) -> SourceInfo:
    [only] = store.sources.list_sources(clock())
    return only


@pytest.mark.parametrize(
    ("path", "kind"), [(RSS, "feed"), (ATOM, "feed"), (SITEMAP, "sitemap"), (SECTION, "page")]
)
def test_a_story_new_on_a_followed_source_is_watched_within_one_cycle_and_its_edits_are_changes(
    store: Store, site: LocalNewsSite, clock: ManualClock, path: str, kind: str
) -> None:
    follow(store, clock, site.url(path))
    first = cycle(store, clock)
    assert [poll.added for poll in first.polls] == [(site.url(FERRY),)]
    assert dict(first.outcomes) == {"first": 1}
    assert source(store, clock).kind == kind

    school = publish(site, clock, SCHOOL)
    clock.advance(6 * MINUTE)  # one source interval (5 min, with jitter)
    second = cycle(store, clock)
    assert [poll.added for poll in second.polls] == [(school,)]
    assert dict(second.outcomes) == {"first": 1}  # the new story, checked in the same cycle

    site.publish_next(SCHOOL)
    clock.advance(12 * MINUTE)  # young articles are checked every 10 minutes
    third = cycle(store, clock)
    assert third.outcomes["changed"] == 1
    [change] = store.changes()
    assert change.url == school
    assert "figure_changed" in change.kinds


def test_the_same_story_through_two_feeds_and_tracking_links_is_one_watch(
    store: Store, site: LocalNewsSite, clock: ManualClock
) -> None:
    follow(store, clock, site.url(RSS), label="Politics RSS")  # links carry utm_* parameters
    follow(store, clock, site.url(ATOM), label="Politics Atom")
    summary = cycle(store, clock)
    assert sorted(len(poll.added) for poll in summary.polls) == [0, 1]
    [watch] = store.list_watches()
    assert watch.url == site.url(FERRY)
    assert set(watch.tags) == {"source:Politics RSS", "source:Politics Atom"}


def test_new_watches_carry_the_source_tags_and_are_named_by_their_current_headline(
    store: Store, site: LocalNewsSite, clock: ManualClock
) -> None:
    follow(store, clock, site.url(RSS), label="Politics", tags=("local",))
    cycle(store, clock)
    [watch] = store.list_watches()
    assert watch.tags == ("local", "source:Politics")
    assert watch.label is None  # a label is the user's; the headline of the day is the page's
    assert watch.headline == "Council debates the harbour ferry plan"


def test_an_unchanged_feed_costs_a_304_and_adds_nothing(
    store: Store, site: LocalNewsSite, clock: ManualClock
) -> None:
    follow(store, clock, site.url(RSS))
    cycle(store, clock)
    clock.advance(6 * MINUTE)
    [poll] = cycle(store, clock).polls
    assert poll.outcome == "not_modified"
    assert poll.added == ()
    assert source(store, clock).articles == 1


def test_an_updated_entry_makes_a_known_article_due_at_once(
    store: Store, clock: ManualClock
) -> None:
    # Two days old, so its own cadence would next check it in about six hours.
    story = breaking_story(
        LIBRARY,
        section="Politics",
        published=clock.now - timedelta(days=2),
        edited_after=timedelta(days=2, minutes=30),
    )
    with LocalNewsSite([story], seed=3) as site:
        follow(store, clock, site.url(ATOM))
        assert dict(cycle(store, clock).outcomes) == {"first": 1}

        clock.advance(31 * MINUTE)
        quiet = cycle(store, clock)
        assert (quiet.polls[0].hinted, quiet.checked) == (0, 0)

        site.publish_next(LIBRARY)  # the Atom entry's <updated> moves past the last check
        clock.advance(6 * MINUTE)
        hinted = cycle(store, clock)
    assert hinted.polls[0].hinted == 1
    assert dict(hinted.outcomes) == {"changed": 1}


def test_articles_older_than_the_watch_period_are_not_watched(
    store: Store, clock: ManualClock
) -> None:
    fresh = breaking_story(FERRY, section="City Hall", published=clock.now)
    with LocalNewsSite([*DEMO_STORIES, fresh], seed=5) as site:  # the demo stories are from 2025
        follow(store, clock, site.url(RSS))
        [poll] = cycle(store, clock).polls
        assert poll.listed == 4
        assert poll.added == (site.url(FERRY),)


def test_the_daily_cap_adds_the_newest_first_and_the_rest_the_next_day(
    store: Store, site: LocalNewsSite, clock: ManualClock
) -> None:
    school = publish(site, clock, SCHOOL)
    clock.advance(MINUTE)
    library = publish(site, clock, LIBRARY)
    follow(store, clock, site.url(RSS), max_per_day=2)

    [poll] = cycle(store, clock).polls
    assert poll.added == (library, school)
    message = "daily cap reached: 2 articles added in 24 h (max 2); 1 new not added yet"
    assert poll.capped == message
    assert source(store, clock).notice == message

    clock.advance(timedelta(hours=25))
    [poll] = cycle(store, clock).polls
    assert poll.added == (site.url(FERRY),)
    assert poll.capped is None
    assert source(store, clock).notice is None


def test_the_active_cap_stops_additions_with_a_clear_message(
    store: Store, site: LocalNewsSite, clock: ManualClock
) -> None:
    publish(site, clock, SCHOOL)
    follow(store, clock, site.url(SITEMAP), max_active=1)
    [poll] = cycle(store, clock).polls
    assert len(poll.added) == 1
    assert poll.capped is not None
    assert poll.capped.startswith("active cap reached: 1 of max 1 articles from this source")


def test_match_and_exclude_choose_what_a_source_adds(
    store: Store, site: LocalNewsSite, clock: ManualClock
) -> None:
    school = publish(site, clock, SCHOOL)
    publish(site, clock, LIBRARY)
    follow(store, clock, site.url(ATOM), match="budget|ferry", exclude="ferry")
    [poll] = cycle(store, clock).polls
    assert poll.added == (school,)


def test_unfollowing_keeps_the_articles_it_found_watched(
    store: Store, site: LocalNewsSite, clock: ManualClock
) -> None:
    follow(store, clock, site.url(RSS))
    cycle(store, clock)
    assert store.sources.unfollow(site.url(RSS)) == (site.url(RSS), 1)
    assert store.sources.list_sources(clock()) == []
    [watch] = store.list_watches()
    assert watch.state == "active"
    publish(site, clock, SCHOOL)
    clock.advance(6 * MINUTE)
    assert cycle(store, clock).polls == []


ERROR_PAGE = (
    b"<!doctype html><html><head><title>Feed unavailable</title></head>"
    b"<body><h1>Something went wrong</h1></body></html>"
)


@dataclass(frozen=True)
class Breakage:
    """What the feed URL starts serving, and how redline must report it."""

    body: bytes
    content_type: str
    status: int
    outcome: str
    message: str


@pytest.mark.parametrize(
    "breakage",
    [
        pytest.param(
            Breakage(
                ERROR_PAGE,
                "text/html",
                200,
                "wrong_kind",
                "expected an RSS or Atom feed but got an HTML page titled 'Feed unavailable'",
            ),
            id="html-error-page",
        ),
        pytest.param(
            Breakage(
                ERROR_PAGE,
                "text/html",
                503,
                "http_error",
                "server answered 503 Service Unavailable",
            ),
            id="server-error",
        ),
        pytest.param(
            Breakage(
                b"<rss><channel><title>Politics</title><item><title>Cut off",
                RSS_TYPE,
                200,
                "bad_xml",
                "feed XML is broken",
            ),
            id="broken-xml",
        ),
        pytest.param(
            Breakage(
                b"\x1f\x8b\x08\x00 compressed twice",
                "application/octet-stream",
                200,
                "not_html",
                "not a web page: the server sent application/octet-stream",
            ),
            id="wrong-content-type",
        ),
    ],
)
def test_a_broken_feed_is_reported_and_the_other_sources_go_on(
    store: Store, site: LocalNewsSite, clock: ManualClock, breakage: Breakage
) -> None:
    broken = follow(store, clock, site.url(RSS))
    cycle(store, clock)  # the feed works once, so redline knows it is a feed
    follow(store, clock, site.url(SECTION))
    site.override(RSS, breakage.body, content_type=breakage.content_type, status=breakage.status)
    school = publish(site, clock, SCHOOL)
    clock.advance(6 * MINUTE)

    summary = cycle(store, clock)
    polls = {poll.source_id: poll for poll in summary.polls}
    assert polls[broken].outcome == breakage.outcome
    assert breakage.message in (polls[broken].error or "")
    assert [(f.url, f.outcome) for f in summary.failures] == [(site.url(RSS), breakage.outcome)]
    assert school in {url for poll in summary.polls for url in poll.added}
    [shown] = [s for s in store.sources.list_sources(clock()) if s.id == broken]
    assert shown.last_error is not None
    assert breakage.message in shown.last_error

    site.clear_override(RSS)
    clock.advance(6 * MINUTE)  # past the first error backoff (2 min) and the interval
    polls = {poll.source_id: poll for poll in cycle(store, clock).polls}
    assert polls[broken].error is None
    assert store.sources.list_sources(clock())[0].last_error is None


def test_a_feed_with_broken_xml_still_adds_the_items_it_could_read(
    store: Store, site: LocalNewsSite, clock: ManualClock
) -> None:
    school = publish(site, clock, SCHOOL)
    whole = site_bytes(site, RSS)
    cut = whole[: whole.index(b"<item>", whole.index(b"<item>") + 1)] + b"<item><title>Cut"
    site.override(RSS, cut, content_type=RSS_TYPE)
    follow(store, clock, site.url(RSS))
    [poll] = cycle(store, clock).polls
    assert poll.added == (school,)  # the first, newest item; the second was cut off
    assert poll.error is None
    assert poll.notice is not None
    assert poll.notice.startswith("feed XML is broken (line ")
    assert source(store, clock).notice == poll.notice


def site_bytes(site: LocalNewsSite, path: str) -> bytes:
    async def get() -> bytes:
        async with Fetcher(politeness=LOCAL_POLITENESS) as fetcher:
            result = await fetcher.fetch(site.url(path))
        assert result.text is not None
        return result.text.encode()

    return asyncio.run(get())


def test_a_claimed_source_is_polled_by_one_service_until_its_lease_runs_out(
    store: Store, clock: ManualClock
) -> None:
    follow(store, clock, "https://news.example/feed")
    lease = timedelta(minutes=5)
    [due] = store.sources.claim_due(clock(), owner="a", lease=lease, limit=10)
    assert store.sources.claim_due(clock(), owner="b", lease=lease, limit=10) == []
    clock.advance(lease)
    assert [d.id for d in store.sources.claim_due(clock(), owner="b", lease=lease, limit=10)] == [
        due.id
    ]
    assert store.sources.release_leases(lambda owner: owner == "b") == 1
    assert len(store.sources.claim_due(clock(), owner="c", lease=lease, limit=10)) == 1


def test_a_poll_recorded_after_unfollow_changes_nothing(store: Store, clock: ManualClock) -> None:
    follow(store, clock, "https://news.example/feed")
    [due] = store.sources.claim_due(clock(), owner="a", lease=timedelta(minutes=5), limit=10)
    store.sources.unfollow(str(due.id))
    record = PollRecord(
        source_id=due.id,
        started_at=clock(),
        duration=0.1,
        outcome="listed",
        next_poll_at=clock(),
        items=(Item("https://news.example/politics/budget-vote-delayed"),),
    )
    assert store.sources.record_poll(record, owner="a") == PollResult()
    assert store.list_watches() == []
