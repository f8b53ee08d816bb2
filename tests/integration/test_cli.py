"""The `redline` commands, driven in-process against real databases and a local site."""

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.newsroom import LocalNewsSite, breaking_story

BRIDGE = "harbour-street-bridge"
ROOT = Path(__file__).parents[2]
EVAL = ROOT.parent / "shared" / "eval" / "cases"

Run = Callable[..., str]  # the redline fixture: redline(*args, code=0) -> output


@pytest.fixture
def cli_db(db_url: str) -> str:
    """Every CLI test here runs on SQLite and on PostgreSQL."""
    return db_url


def test_add_list_and_remove_a_watch(redline: Run) -> None:
    out = redline("add", "https://News.example/a?utm_source=x", "--label", "Budget", "--tag", "x")
    assert "watching #1 https://news.example/a" in out
    listing = json.loads(redline("list", "--format", "json"))
    assert [(w["label"], w["url"], w["tags"]) for w in listing] == [
        ("Budget", "https://news.example/a", ["x"])
    ]
    assert "Budget" in redline("list")
    redline("remove", "https://news.example/a#comments")
    assert json.loads(redline("list", "--format", "json")) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "not a url"), "redline: 'not a url'"),
        (("add", "ftp://example.com/x"), "unsupported scheme (ftp)"),
        (("add", "https://example.com/x", "--every", "often"), "is not a duration"),
        (("remove", "https://example.com/never-added"), "not watching"),
        (("show", "99"), "no change with id 99"),
        (("import", "missing.toml"), "no such file"),
        (("compare", "missing-old.html", "missing-new.html"), "cannot read missing-old.html"),
    ],
)
def test_user_mistakes_get_one_line_and_exit_2(
    redline: Run, args: tuple[str, ...], message: str
) -> None:
    out = redline(*args, code=2)
    assert message in out
    assert len(out.strip().splitlines()) == 1


def test_a_pinned_watch_never_retires_until_unpinned(redline: Run) -> None:
    redline("add", "https://news.example/a", "--pin", "--ignore-robots")
    [watch] = json.loads(redline("list", "--format", "json"))
    assert (watch["pinned"], watch["ignore_robots"]) == (True, True)
    assert "(pinned)" in redline("list")
    assert "unpinned #1 https://news.example/a" in redline("pin", "1", "--off")
    assert "pinned #1" in redline("pin", "https://news.example/a")
    [watch] = json.loads(redline("list", "--format", "json"))
    assert watch["pinned"] is True


def test_politeness_settings_are_checked(redline: Run) -> None:
    out = redline("check", "--per-host", "0", code=2)
    assert "--per-host must be at least 1" in out


def test_duplicate_add_is_refused(redline: Run) -> None:
    redline("add", "https://example.com/x")
    assert "already watching" in redline("add", "https://EXAMPLE.com/x#top", code=2)


def test_import_is_idempotent(redline: Run) -> None:
    example = str(ROOT / "config" / "watchlist.example.toml")
    assert "watches: 2 added, 0 updated, 0 unchanged" in redline("import", example)
    again = redline("import", example)
    assert "watches: 0 added, 0 updated, 2 unchanged" in again
    assert "sources: 0 added, 0 updated, 1 unchanged" in again
    assert len(json.loads(redline("list", "--format", "json"))) == 2


def test_import_keeps_tags_and_labels_set_by_add_and_names_what_it_changed(
    redline: Run, tmp_path: Path
) -> None:
    redline("add", "https://news.example/a", "--label", "Budget", "--tag", "politics")
    watchlist = tmp_path / "desk.toml"
    watchlist.write_text('[[watch]]\nurl = "https://news.example/a"\ntags = ["desk"]\n')
    out = redline("import", str(watchlist))
    assert "updated https://news.example/a: tags" in out
    assert "watches: 0 added, 1 updated, 0 unchanged" in out
    [watch] = json.loads(redline("list", "--format", "json"))
    assert (watch["label"], watch["tags"]) == ("Budget", ["politics", "desk"])
    assert "1 unchanged" in redline("import", str(watchlist))
    redline("import", str(watchlist), "--replace")
    [watch] = json.loads(redline("list", "--format", "json"))
    assert (watch["label"], watch["tags"]) == (None, ["desk"])


def test_check_then_review_an_edit(redline: Run, site: LocalNewsSite) -> None:
    url = site.url(BRIDGE)
    redline("add", url)
    assert "1 first" in redline("check")
    site.publish_next(BRIDGE)
    out = redline("check", url)
    assert "1 changed" in out
    found = re.search(r"change #(\d+)", out)
    assert found is not None
    change_id = found.group(1)

    [change] = json.loads(redline("changes", "--format", "json"))
    assert change["id"] == int(change_id)
    assert json.loads(redline("changes", "--flagged", "--format", "json"))
    assert json.loads(redline("changes", "--kind", "figure_changed", "--format", "json"))
    assert json.loads(redline("changes", "--since", "1h", "--format", "json"))

    shown = redline("show", change_id)
    assert "FIGURE" in shown
    assert "[-" in shown
    assert "{+" in shown
    detail = json.loads(redline("show", change_id, "--format", "json"))
    assert detail["flags"]
    assert detail["diff"]

    assert len(json.loads(redline("history", url, "--format", "json"))) == 2
    diffed = json.loads(redline("diff", url, "--from", "1", "--to", "2", "--format", "json"))
    assert diffed["changed"] is True
    assert (diffed["url"], diffed["from_version"], diffed["to_version"]) == (url, 1, 2)


def test_check_exits_1_when_a_check_failed(redline: Run, site: LocalNewsSite) -> None:
    redline("add", f"{site.base_url}/status/403")
    out = redline("check", code=1)
    assert "http_error" in out


def test_diff_needs_two_versions(redline: Run, site: LocalNewsSite) -> None:
    redline("add", site.url(BRIDGE))
    redline("check")
    assert "fewer than two versions" in redline("diff", site.url(BRIDGE), code=2)


@pytest.mark.skipif(not EVAL.exists(), reason="needs ../shared/eval beside the checkout")
@pytest.mark.parametrize(
    ("case", "changed"), [("quote-reworded", True), ("quiet-chrome-only", False)]
)
def test_compare_prints_the_json_contract(redline: Run, case: str, changed: bool) -> None:
    folder = EVAL / case
    doc = json.loads(
        redline("compare", str(folder / "old.html"), str(folder / "new.html"), "-f", "json")
    )
    assert set(doc) == {"changed", "old", "new", "diff", "rewrite", "flags"}
    assert doc["changed"] is changed
    assert set(doc["old"]) == {"headline", "byline", "published", "modified", "paragraphs"}
    assert bool(doc["diff"]) is changed


@pytest.mark.slow
def test_demo_watches_a_local_site_and_shows_its_edits_with_word_diffs() -> None:
    result = CliRunner().invoke(app, ["demo", "--seconds", "4"])
    assert result.exit_code == 0, result.output
    assert re.search(r"[1-9]\d* change\(s\) across 3 watched articles", result.output)
    assert "[-" in result.output or "{+" in result.output


def test_follow_a_feed_then_its_new_story_is_watched_and_its_edit_reviewed(
    redline: Run, site: LocalNewsSite
) -> None:
    feed = site.url("/feeds/rss.xml")
    assert "following #1" in redline("follow", feed, "--label", "Ledger", "--tag", "local")
    story = breaking_story("ferry-fare-freeze", section="Transport", published=datetime.now(UTC))
    site.add_story(story)

    out = redline("check")
    assert "polled 1 source(s): 1 new article(s) watched" in out  # the demo stories are too old
    assert "checked 1: 1 first" in out
    [source] = json.loads(redline("sources", "--format", "json"))
    assert (source["kind"], source["listed"], source["articles"]) == ("feed", 4, 1)
    assert "Ledger" in redline("sources")
    [watch] = json.loads(redline("list", "--format", "json"))
    assert watch["tags"] == ["local", "source:Ledger"]

    site.publish_next(story.slug)
    assert "1 changed" in redline("check", site.url(story.slug))
    [change] = json.loads(redline("changes", "--format", "json"))
    assert change["url"] == site.url(story.slug)

    assert "its 1 article(s) stay watched" in redline("unfollow", "1")
    assert json.loads(redline("sources", "--format", "json")) == []
    assert len(json.loads(redline("list", "--format", "json"))) == 1


def test_a_broken_source_makes_check_exit_1_and_shows_in_sources(
    redline: Run, site: LocalNewsSite
) -> None:
    redline("follow", site.url("/status/503"), "--kind", "feed")
    assert "http_error" in redline("check", code=1)
    assert "#1 error: server answered 503" in redline("sources")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--match", "(unclosed"), "match '(unclosed' is not a regular expression"),
        (("--kind", "rss"), "kind 'rss' is not one of auto, feed, sitemap, page"),
        (("--every", "10s"), "too often for a source"),
        (("--max-per-day", "-1"), "must be a whole number, 0 or more"),
    ],
)
def test_follow_mistakes_get_one_line_and_exit_2(
    redline: Run, args: tuple[str, ...], message: str
) -> None:
    out = redline("follow", "https://news.example/feed", *args, code=2)
    assert message in out
    assert len(out.strip().splitlines()) == 1


def test_following_twice_and_unfollowing_the_unknown_are_refused(redline: Run) -> None:
    redline("follow", "https://news.example/feed")
    again = redline("follow", "https://NEWS.example/feed?utm_source=x", code=2)
    assert "already following" in again
    assert "not following" in redline("unfollow", "https://news.example/other", code=2)


def test_import_follows_the_sources_of_a_watch_list_once(redline: Run) -> None:
    example = str(ROOT / "config" / "watchlist.example.toml")
    assert "sources: 1 added, 0 updated, 0 unchanged" in redline("import", example)
    assert "sources: 0 added, 0 updated, 1 unchanged" in redline("import", example)
    [source] = json.loads(redline("sources", "--format", "json"))
    assert (source["label"], source["exclude"]) == ("Politics", "/live/")
    assert source["tags"] == ["example", "politics"]


@pytest.mark.parametrize(
    ("database", "message"),
    [
        ("/proc/no-such-folder/redline.db", "cannot create the database folder"),
        ("nosuchdriver://user@127.0.0.1/x", "cannot use nosuchdriver"),
        ("mysql+nosuchdriver://user@127.0.0.1/x", "cannot use mysql+nosuchdriver"),
    ],
)
def test_an_unusable_database_is_one_line(database: str, message: str) -> None:
    result = CliRunner().invoke(app, ["--db", database, "list"])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    result = CliRunner().invoke(app, ["--db", str(notes), "list"])
    assert result.exit_code == 2
    assert "cannot open the database" in result.output
    assert "Traceback" not in result.output
