"""The options a desk relies on: global ones anywhere, typos refused, help a person can read."""

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.cli.app import out as console
from monitor.newsroom import LocalNewsSite, breaking_story

Run = Callable[..., str]  # the redline fixture: redline(*args, code=0) -> output
EVAL = Path(__file__).parents[3] / "shared" / "eval" / "cases"


def test_db_and_log_options_may_follow_the_command(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    db = str(tmp_path_factory.mktemp("db") / "after.db")
    runner = CliRunner()
    added = runner.invoke(app, ["add", "https://news.example/a", "--db", db, "-q"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["list", "--format", "json", f"--db={db}"])
    assert [w["url"] for w in json.loads(listed.output)] == ["https://news.example/a"]


@pytest.mark.parametrize("command", [("changes",), ("report", "-o", "r.html"), ("feed",)])
def test_an_unknown_kind_is_an_error_that_lists_the_valid_ones(
    redline: Run, command: tuple[str, ...]
) -> None:
    out = redline(*command, "--kind", "figure_changd", code=2)
    assert "unknown --kind 'figure_changd'" in out
    assert "figure_changed" in out
    assert "removed" in out


def test_an_event_kind_and_a_flag_kind_are_both_accepted(redline: Run) -> None:
    assert "No changes found." in redline("changes", "--kind", "removed", "--kind", "quote_added")


def test_serve_refuses_a_tick_that_would_spin_a_core(redline: Run) -> None:
    assert "--tick must be 0.1 to 3600 seconds" in redline("serve", "--tick", "0", code=2)


@pytest.mark.parametrize("command", ["check", "serve"])
def test_more_fetching_processes_than_workers_is_refused_in_one_line(
    redline: Run, command: str
) -> None:
    out = redline(command, "--fetchers", "3", "--workers", "2", code=2)
    assert "--fetchers 3 needs --concurrency and --workers" in out


def test_help_names_no_python_types_for_flags_and_lists(redline: Run) -> None:
    for command in (("add",), ("changes",), ("notify", "add")):
        shown = redline(*command, "--help")
        assert not re.search(r"<bool>|<list\[|<int>\s+Log", shown), shown
    assert "<str>" in redline("add", "--help")


def test_report_to_stdout_with_a_dash(redline: Run, tmp_path: Path) -> None:
    page = redline("report", "-o", "-")
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert not (Path.cwd() / "-").exists()


@pytest.mark.skipif(not EVAL.exists(), reason="needs ../shared/eval beside the checkout")
@pytest.mark.parametrize(("case", "code"), [("quote-reworded", 1), ("quiet-chrome-only", 0)])
def test_compare_exit_code_follows_diff_when_asked(redline: Run, case: str, code: int) -> None:
    pages = (str(EVAL / case / "old.html"), str(EVAL / case / "new.html"))
    redline("compare", *pages)  # 0 either way by default
    redline("compare", *pages, "--exit-code", code=code)


def test_check_names_a_failure_once(redline: Run, site: LocalNewsSite) -> None:
    url = f"{site.base_url}/status/403"
    redline("add", url)
    out = redline("check", code=1)
    assert out.count(url) == 1


def test_a_feed_added_as_an_article_is_named_and_follow_suggested(
    redline: Run, site: LocalNewsSite
) -> None:
    redline("add", site.url("/feeds/rss.xml"))
    out = redline("check", code=1)
    assert "this is an RSS or Atom feed, not an article; `redline follow URL`" in out
    [watch] = json.loads(redline("list", "--format", "json"))
    assert watch["versions"] == 0
    assert "kept the last version" not in watch["last_error"]


def test_following_a_feed_of_old_stories_says_why_nothing_is_watched(
    redline: Run, site: LocalNewsSite
) -> None:
    redline("follow", site.url("/feeds/rss.xml"))
    out = redline("check")
    assert "0 new article(s) watched" in out
    assert "are too old to watch (see --retire-after)" in out


WATCHLIST_WITH_RULES = """
[[watch]]
url = "https://news.example/a"
tags = ["politics"]

[[source]]
url = "https://news.example/politics/rss.xml"
label = "Politics"

[[notify]]
for = "politics"
apprise = "json://127.0.0.1:9/hook"
flagged_only = true

[[notify]]
source = "Politics"
webhook = "https://hooks.example/redline"
secret = "s3cret"
"""


def test_notification_rules_are_declared_in_the_watch_list(redline: Run, tmp_path: Path) -> None:
    watchlist = tmp_path / "desk.toml"
    watchlist.write_text(WATCHLIST_WITH_RULES)
    assert "notification rules: 2 added, 0 updated, 0 unchanged" in redline(
        "import", str(watchlist)
    )
    assert "notification rules: 0 added, 0 updated, 2 unchanged" in redline(
        "import", str(watchlist)
    )
    rules = json.loads(redline("notify", "list", "--format", "json"))
    assert [(r["tag"], r["channel"], r["flagged_only"]) for r in rules] == [
        ("politics", "apprise", True),
        ("source:Politics", "webhook", False),
    ]
    watchlist.write_text(WATCHLIST_WITH_RULES.replace("flagged_only = true", ""))
    assert "notification rules: 0 added, 1 updated, 1 unchanged" in redline(
        "import", str(watchlist)
    )


def test_a_rule_entry_with_two_scopes_is_one_line_naming_the_entry(
    redline: Run, tmp_path: Path
) -> None:
    watchlist = tmp_path / "bad.toml"
    watchlist.write_text('[[notify]]\nfor = "*"\nsource = "x"\napprise = "json://h/"\n')
    out = redline("import", str(watchlist), code=2)
    assert "[[notify]] #1: give `for`" in out
    assert len(out.strip().splitlines()) == 1


def test_a_sitemap_index_is_followed_through_its_newest_sitemaps(
    redline: Run, site: LocalNewsSite
) -> None:
    story = breaking_story("ferry-fare-freeze", section="Transport", published=datetime.now(UTC))
    site.add_story(story)
    index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{site.url("/sitemaps/gone.xml")}</loc><lastmod>2026-01-01</lastmod></sitemap>
<sitemap><loc>{site.url("/sitemap-news.xml")}</loc><lastmod>2099-01-01</lastmod></sitemap>
</sitemapindex>"""
    site.override("/sitemap-index.xml", index.encode(), content_type="application/xml")
    redline("follow", site.url("/sitemap-index.xml"))
    out = redline("check")
    assert "1 new article(s) watched" in out
    assert "a sitemap index of 2 sitemaps; read the 2 newest" in out
    assert "gone.xml" in out  # the one that could not be read is named
    [watch] = json.loads(redline("list", "--format", "json"))
    assert watch["url"] == site.url(story.slug)


def test_a_narrow_terminal_lists_one_block_per_watch_with_the_whole_url(
    redline: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "https://news.example/politics/2026/12/06/a-long-story-slug-about-the-council-budget"
    redline("add", url, "--tag", "politics")
    monkeypatch.setattr(console, "_force_terminal", True)  # as on a phone's terminal app
    monkeypatch.setattr(console, "_width", 60)
    shown = redline("list")
    assert any(line.endswith(url) for line in shown.splitlines())  # whole: a copy takes it
    assert "tags: politics" in shown
    assert "┃" not in shown  # no table squeezed to 60 columns


@pytest.mark.parametrize(
    "args",
    [
        ("add", "https://news.example/b", "--every", "1s"),
        ("edit", "1", "--every", "30s"),
        ("follow", "https://news.example/feed", "--every", "59s"),
    ],
)
def test_one_cadence_floor_for_articles_and_sources(redline: Run, args: tuple[str, ...]) -> None:
    redline("add", "https://news.example/a")
    out = redline(*args, code=2)
    assert "is too often for" in out
    assert "the shortest is 1m" in out


def test_a_watch_list_entry_checked_too_often_is_named(redline: Run, tmp_path: Path) -> None:
    watchlist = tmp_path / "fast.toml"
    watchlist.write_text('[[watch]]\nurl = "https://news.example/a"\nevery = "5s"\n')
    out = redline("import", str(watchlist), code=2)
    assert "[[watch]] #1: every '5s' is too often for an article" in out


def test_a_piped_list_is_plain_lines_a_row_each_with_the_whole_url(redline: Run) -> None:
    url = "https://news.example/politics/2026/12/06/a-long-story-slug-about-the-council-budget"
    redline("add", url, "--tag", "politics", "--label", "Council budget")

    header, row, url_line = redline("list").splitlines()[:3]

    assert header.split() == [
        "id", "article", "tags", "lang", "state", "last", "check", "versions", "changes", "next"
    ]  # fmt: skip
    assert row.split()[:4] == ["1", "Council", "budget", "politics"]
    assert url_line.strip() == url
    assert url_line.index(url) == header.index("article")  # under its column, not cut
