"""The check path end to end: a real local news site, a real SQLite file, the real service."""

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from monitor.config import watch_spec
from monitor.fetching.fetch import Fetcher
from monitor.newsroom import LOCAL_POLITENESS, LocalNewsSite
from monitor.testing import ManualClock as Clock
from monitor.watching.checking import CheckContext
from monitor.watching.service import CycleSummary, Service
from storage.repository import Store

BRIDGE = "harbour-street-bridge"


@pytest.fixture
def site() -> Iterator[LocalNewsSite]:
    with LocalNewsSite(seed=1) as running:
        yield running


@pytest.fixture
def clock() -> Clock:
    return Clock()


def cycle(store: Store, clock: Clock) -> CycleSummary:
    async def run() -> CycleSummary:
        async with Fetcher(politeness=LOCAL_POLITENESS) as fetcher:
            return await Service(store, fetcher, CheckContext(clock=clock)).run_cycle()

    return asyncio.run(run())


def watch(store: Store, site: LocalNewsSite, clock: Clock, slug: str = BRIDGE) -> int:
    return store.add_watch(watch_spec(site.url(slug), every="10m"), clock())


def test_first_check_stores_the_first_version(
    store: Store, site: LocalNewsSite, clock: Clock
) -> None:
    watch(store, site, clock)
    summary = cycle(store, clock)
    assert dict(summary.outcomes) == {"first": 1}
    [version] = store.versions(site.url(BRIDGE))
    assert version.article.headline == site.current(BRIDGE).headline
    assert version.article.word_count > 100


def test_an_edit_becomes_a_change_with_a_word_diff_and_flags(
    store: Store, site: LocalNewsSite, clock: Clock
) -> None:
    watch(store, site, clock)
    cycle(store, clock)
    site.publish_next(BRIDGE)
    clock.advance(timedelta(minutes=11))
    summary = cycle(store, clock)

    assert dict(summary.outcomes) == {"changed": 1}
    [info] = store.changes()
    detail = store.change_detail(info.id)
    assert (info.from_version, info.to_version) == (1, 2)
    deleted = [
        s["text"] for p in detail.diff["paragraphs"] for s in p["segments"] if s["op"] == "delete"
    ]
    inserted = [
        s["text"] for p in detail.diff["paragraphs"] for s in p["segments"] if s["op"] == "insert"
    ]
    assert any("119" in text for text in deleted)
    assert any("138" in text for text in inserted)
    assert any(f["kind"] == "figure_changed" for f in detail.flags)


def test_unchanged_article_answered_with_304_stores_no_version(
    store: Store, site: LocalNewsSite, clock: Clock
) -> None:
    watch(store, site, clock)
    cycle(store, clock)
    clock.advance(timedelta(minutes=11))
    assert dict(cycle(store, clock).outcomes) == {"not_modified": 1}
    assert len(store.versions(site.url(BRIDGE))) == 1


def test_new_page_chrome_around_the_same_article_is_not_a_change(
    store: Store, clock: Clock
) -> None:
    with LocalNewsSite(conditional=False, seed=2) as site:
        watch(store, site, clock)
        cycle(store, clock)
        clock.advance(timedelta(minutes=11))
        assert dict(cycle(store, clock).outcomes) == {"unchanged": 1}
    assert store.changes() == []


def test_a_failing_page_is_recorded_and_retried_later(
    store: Store, site: LocalNewsSite, clock: Clock
) -> None:
    store.add_watch(watch_spec(f"{site.base_url}/status/500"), clock())
    summary = cycle(store, clock)
    assert summary.failed == 1
    [w] = store.list_watches()
    assert w.last_outcome == "http_error"
    assert "500" in (w.last_error or "")
    assert w.next_check_at > clock()


def test_watch_added_while_the_service_runs_is_checked_on_the_next_tick(
    store: Store, site: LocalNewsSite
) -> None:
    async def scenario() -> None:
        stop = asyncio.Event()
        async with Fetcher() as fetcher:
            service = Service(store, fetcher, CheckContext(clock=lambda: datetime.now(UTC)))
            serving = asyncio.create_task(service.serve(tick=0.1, stop=stop))
            await asyncio.sleep(0.3)
            store.add_watch(watch_spec(site.url(BRIDGE)), datetime.now(UTC))
            for _ in range(100):
                await asyncio.sleep(0.05)
                if store.list_watches()[0].versions:
                    break
            stop.set()
            await serving

    asyncio.run(scenario())
    assert store.list_watches()[0].versions == 1


@pytest.mark.slow
def test_a_check_slower_than_the_lease_keeps_its_watch_until_it_is_recorded(
    store: Store, db_url: str, site: LocalNewsSite
) -> None:
    lease = timedelta(seconds=1)
    watch_id = store.add_watch(watch_spec(f"{site.base_url}/slow"), datetime.now(UTC))
    rival = Store.open(db_url)  # another service process polling for due work
    stolen: list[int] = []

    async def scenario() -> CycleSummary:
        async with Fetcher(timeout=3 * lease.total_seconds()) as fetcher:
            service = Service(
                store, fetcher, CheckContext(clock=lambda: datetime.now(UTC)), lease=lease
            )
            checking = asyncio.create_task(service.run_cycle())
            while not checking.done():
                await asyncio.sleep(0.1)
                claimed = rival.claim_due(datetime.now(UTC), owner="rival", lease=lease, limit=5)
                stolen.extend(d.id for d in claimed)
            return await checking

    try:
        summary = asyncio.run(scenario())
    finally:
        rival.close()
    assert stolen == []
    assert dict(summary.outcomes) == {"timeout": 1}
    assert store.check_count(watch_id) == 1
