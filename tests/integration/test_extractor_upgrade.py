"""Upgrading the extractor over a database of stored versions: the upgrade is never reported as
an edit, the old readings stay in the history, and redline says once that it re-reads."""

import asyncio
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import pytest

from monitor.analysis.timeline import VersionPoint
from monitor.analysis.timeline import timeline as follow
from monitor.article import Article
from monitor.config import watch_spec
from monitor.extraction import EXTRACTOR_VERSION, extract_article
from monitor.fetching.fetch import Fetcher
from monitor.newsroom import LOCAL_POLITENESS, LocalNewsSite
from monitor.review.documents import current_readings
from monitor.testing import ManualClock as Clock
from monitor.watching import assessing
from monitor.watching.checking import CheckContext
from monitor.watching.service import CycleSummary, Service
from storage.repository import Store

BRIDGE = "harbour-street-bridge"
Run = Callable[..., str]  # the redline fixture: redline(*args, code=0) -> output


def older_extractor(html: str, url: str | None = None) -> Article:
    """Stands for an earlier extractor that read the same pages differently: it missed the
    last paragraph and kept a relative time in the byline."""
    article = extract_article(html, url)
    return replace(
        article, paragraphs=article.paragraphs[:-1], byline=f"{article.byline} 2 hours ago"
    )


@pytest.fixture
def cli_db(db_url: str) -> str:
    """`redline` commands run on the test's store."""
    return db_url


@pytest.fixture
def site() -> Iterator[LocalNewsSite]:
    # No 304s: every check downloads the page (with new chrome) and extracts it.
    with LocalNewsSite(conditional=False, seed=2) as running:
        yield running


def cycle(store: Store, clock: Clock) -> CycleSummary:
    async def run() -> CycleSummary:
        async with Fetcher(politeness=LOCAL_POLITENESS) as fetcher:
            return await Service(store, fetcher, CheckContext(clock=clock)).run_cycle()

    clock.advance(timedelta(minutes=11))
    return asyncio.run(run())


@pytest.fixture
def read_by_older_extractor(
    store: Store, site: LocalNewsSite, monkeypatch: pytest.MonkeyPatch
) -> Clock:
    """Every story of the site watched, its first version read by the older extractor."""
    clock = Clock()
    for slug in site.slugs:
        store.add_watch(watch_spec(site.url(slug), every="10m"), clock())
    with monkeypatch.context() as older:
        older.setattr(assessing, "extract_article", older_extractor)
        older.setattr(assessing, "EXTRACTOR_VERSION", "0-older")
        assert dict(cycle(store, clock).outcomes) == {"first": len(site.slugs)}
    return clock


def test_upgrading_the_extractor_over_unchanged_pages_reports_no_change(
    store: Store,
    site: LocalNewsSite,
    read_by_older_extractor: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = read_by_older_extractor
    with caplog.at_level(logging.WARNING, logger="redline.service"):
        upgraded = cycle(store, clock)
        later = cycle(store, clock)

    assert dict(upgraded.outcomes) == {"reread": len(site.slugs)}
    assert dict(later.outcomes) == {"unchanged": len(site.slugs)}
    assert store.changes() == []
    told = [r.getMessage() for r in caplog.records if "re-reading" in r.getMessage()]
    assert len(told) == 1
    assert EXTRACTOR_VERSION in told[0]
    for slug in site.slugs:
        old, new = store.versions(site.url(slug))
        # The reading users were shown stays in the history, marked with its extractor.
        assert old.article.byline.endswith("2 hours ago")
        assert old.extractor == "0-older"
        assert new.article.paragraphs[:-1] == old.article.paragraphs
        assert new.article.paragraphs[-1] == site.current(slug).paragraphs[-1]
        assert new.extractor == EXTRACTOR_VERSION


def test_an_edit_published_with_the_upgrade_is_compared_with_the_new_reading(
    store: Store, site: LocalNewsSite, read_by_older_extractor: Clock
) -> None:
    site.publish_next(BRIDGE)
    summary = cycle(store, read_by_older_extractor)

    assert summary.outcomes["changed"] == 1
    [info] = store.changes()
    detail = store.change_detail(info.id)
    # Against the old reading, the byline's "2 hours ago" and the missed last paragraph
    # would show up as edits; against the re-read page only the newsroom's edit does.
    assert not any(s["op"] != "equal" for s in detail.diff["byline"])
    last = site.current(BRIDGE).paragraphs[-1]
    inserted = [
        s["text"] for p in detail.diff["paragraphs"] for s in p["segments"] if s["op"] == "insert"
    ]
    assert last not in inserted


def test_the_timeline_follows_the_new_reading_in_place_of_the_old(
    store: Store, site: LocalNewsSite, read_by_older_extractor: Clock
) -> None:
    cycle(store, read_by_older_extractor)
    shown_as_edits = 0
    for slug in site.slugs:
        versions = store.versions(site.url(slug))
        reached = {c.to_version for c in store.changes(url=site.url(slug))}
        [point] = current_readings(versions, reached)
        assert (point.number, point.article) == (1, versions[-1].article)
        assert all(e.number == 1 for t in follow([point]) for e in t.events)
        # Followed naively, the two readings would show the upgrade as events of version 2.
        naive = [VersionPoint(v.number, v.fetched_at, v.article) for v in versions]
        shown_as_edits += sum(e.number == 2 for t in follow(naive) for e in t.events)
    assert shown_as_edits > 0


def test_a_version_the_new_extractor_reads_the_same_is_relabelled_not_read_again(
    store: Store, site: LocalNewsSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    store.add_watch(watch_spec(site.url(BRIDGE), every="10m"), clock())
    with monkeypatch.context() as older:  # an older extractor that read this page the same
        older.setattr(assessing, "EXTRACTOR_VERSION", "0-older")
        cycle(store, clock)

    assert dict(cycle(store, clock).outcomes) == {"unchanged": 1}
    [version] = store.versions(site.url(BRIDGE))
    assert version.extractor == EXTRACTOR_VERSION
    clock.advance(timedelta(minutes=11))
    [due] = store.claim_due(
        clock(), owner="next", lease=timedelta(minutes=5), limit=5, extractor=EXTRACTOR_VERSION
    )
    assert due.latest_page is None


def test_redline_history_marks_the_re_reading_as_no_edit(
    store: Store, site: LocalNewsSite, read_by_older_extractor: Clock, redline: Run
) -> None:
    cycle(store, read_by_older_extractor)
    listed = json.loads(redline("history", site.url(BRIDGE), "--format", "json"))
    assert [(v["extractor"], v["rereads"]) for v in listed] == [
        ("0-older", None),
        (EXTRACTOR_VERSION, 1),
    ]
    assert "version 2 is version 1's article as an upgraded extractor reads it" in " ".join(
        redline("history", site.url(BRIDGE)).split()
    )


def test_an_upgrade_that_stops_reading_junk_is_no_collapse(
    store: Store, site: LocalNewsSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older extractor that also took a long comment thread: the upgraded one reads far
    fewer words from the same page, which against the old reading would look collapsed."""

    def took_the_comments(html: str, url: str | None = None) -> Article:
        article = extract_article(html, url)
        comments = tuple(f"Reader {n} writes a long comment about the bridge." for n in range(400))
        return replace(article, paragraphs=article.paragraphs + comments)

    clock = Clock()
    store.add_watch(watch_spec(site.url(BRIDGE), every="10m"), clock())
    with monkeypatch.context() as older:
        older.setattr(assessing, "extract_article", took_the_comments)
        older.setattr(assessing, "EXTRACTOR_VERSION", "0-older")
        cycle(store, clock)

    assert dict(cycle(store, clock).outcomes) == {"reread": 1}
    assert store.changes() == []
