"""Stopping a watch keeps its history; only an explicit --purge deletes it; `edit` changes it."""

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from monitor.newsroom import LocalNewsSite, breaking_story, faults

Run = Callable[..., str]  # the redline fixture: redline(*args, code=0) -> output
BRIDGE = "harbour-street-bridge"
MEASLES = "northside-measles-case"


def watched(redline: Run, *args: str) -> list[dict[str, object]]:
    listing: list[dict[str, object]] = json.loads(redline("list", "--format", "json", *args))
    return listing


def an_edit_is_recorded(redline: Run, site: LocalNewsSite) -> str:
    """Watch the bridge story, check it, edit it, check again; returns its URL."""
    url = site.url(BRIDGE)
    redline("add", url)
    redline("check")
    site.publish_next(BRIDGE)
    assert "1 changed" in redline("check", url)
    return url


def test_remove_archives_the_watch_and_keeps_its_changes(redline: Run, site: LocalNewsSite) -> None:
    an_edit_is_recorded(redline, site)
    out = redline("remove", "1")
    assert "archived #1" in out
    assert "its 2 version(s) and 1 change(s) are kept" in out
    assert watched(redline) == []
    assert "1 archived watch(es) not shown" in redline("list")
    [archived] = watched(redline, "--archived")
    assert archived["state"] == "archived"
    assert len(json.loads(redline("changes", "--format", "json"))) == 1
    assert "nothing due" in redline("check", "--all")

    assert "resumed #1" in redline("resume", "1")
    [back] = watched(redline)
    assert back["state"] == "active"
    assert "checked 1" in redline("check")


def test_purge_deletes_the_history_and_says_what_it_deleted(
    redline: Run, site: LocalNewsSite
) -> None:
    url = an_edit_is_recorded(redline, site)
    out = redline("remove", url, "--purge")
    assert "deleted" in out
    assert "2 version(s), 1 change(s), 2 check(s) and 0 notification rule(s)" in out
    assert watched(redline, "--archived") == []
    assert json.loads(redline("changes", "--format", "json")) == []


def test_an_archived_article_its_source_still_lists_is_not_watched_again(
    redline: Run, site: LocalNewsSite
) -> None:
    story = breaking_story("ferry-fare-freeze", section="Transport", published=datetime.now(UTC))
    site.add_story(story)
    redline("follow", site.url("/feeds/rss.xml"))
    assert "1 new article(s) watched" in redline("check")
    redline("remove", site.url(story.slug))
    redline("unfollow", "1")
    redline("follow", site.url("/feeds/rss.xml"))  # polled at once: the feed still lists it
    assert "0 new article(s) watched" in redline("check")
    assert [w["state"] for w in watched(redline, "--archived")] == ["archived"]


def test_purging_an_article_a_source_found_warns_that_it_may_come_back(
    redline: Run, site: LocalNewsSite
) -> None:
    story = breaking_story("ferry-fare-freeze", section="Transport", published=datetime.now(UTC))
    site.add_story(story)
    redline("follow", site.url("/feeds/rss.xml"))
    redline("check")
    assert "source #1 found it" in redline("remove", site.url(story.slug), "--purge")


def test_a_paused_watch_is_listed_but_not_checked_until_resumed(
    redline: Run, site: LocalNewsSite
) -> None:
    redline("add", site.url(BRIDGE))
    redline("add", site.url(MEASLES))
    assert "paused #1" in redline("pause", "1")
    assert [w["state"] for w in watched(redline)] == ["paused", "active"]
    assert "checked 1" in redline("check", "--all")
    assert "paused" in redline("list")
    redline("resume", site.url(BRIDGE))
    assert "checked 1" in redline("check")


def test_edit_changes_label_tags_cadence_and_pin(redline: Run) -> None:
    redline("add", "https://news.example/a", "--tag", "politics", "--tag", "draft")
    out = redline(
        "edit", "1", "--label", "Budget", "--tag", "desk", "--untag", "draft", "--every", "30m"
    )
    assert "edited #1" in out
    [watch] = watched(redline)
    assert (watch["label"], watch["tags"], watch["every_seconds"]) == (
        "Budget",
        ["politics", "desk"],
        1800,
    )
    redline("edit", "https://news.example/a", "--label", "", "--every", "auto", "--pin")
    [watch] = watched(redline)
    assert (watch["label"], watch["every_seconds"], watch["pinned"]) == (None, None, True)
    redline("edit", "1", "--unpin")
    assert watched(redline)[0]["pinned"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("edit", "1"), "nothing to change"),
        (("edit", "9", "--label", "x"), "not watching 9"),
        (("edit", "1", "--every", "soon"), "is not a duration"),
        (("pause", "https://news.example/never"), "not watching"),
        (("resume", "7"), "not watching 7"),
    ],
)
def test_lifecycle_mistakes_get_one_line(redline: Run, args: tuple[str, ...], message: str) -> None:
    redline("add", "https://news.example/a")
    out = redline(*args, code=2)
    assert message in out
    assert len(out.strip().splitlines()) == 1


def test_a_story_reached_through_a_redirecting_link_and_directly_is_one_watch(
    redline: Run, site: LocalNewsSite
) -> None:
    site.inject("/go/bridge", faults.redirect(f"/news/{BRIDGE}"))
    redline("add", site.url("/go/bridge"), "--tag", "feed-link")
    redline("check")
    assert "already watching" in redline("add", site.url(BRIDGE), code=2)

    redline("add", site.url(MEASLES), "--tag", "desk")
    redline("check")
    site.inject("/go/measles", faults.redirect(f"/news/{MEASLES}"))
    redline("add", site.url("/go/measles"), "--tag", "feed-link")
    redline("check")
    watches = {w["id"]: w for w in watched(redline, "--archived")}
    assert watches[3]["state"] == "archived"
    assert "the same article as #2" in str(watches[3]["last_error"])
    assert watches[2]["tags"] == ["desk", "feed-link"]  # the desk's filters still find it
