"""Review and publishing commands on a database filled by real checks of the local news site."""

import importlib
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree.ElementTree import fromstring

import feedparser
import pytest
from rich.console import Console
from typer.testing import CliRunner

from monitor.cli import app
from monitor.newsroom import LocalNewsSite
from monitor.review.feed import ATOM

Run = Callable[..., str]  # redline(*args, code=0) -> output
BRIDGE = "harbour-street-bridge"
MEASLES = "northside-measles-case"
# The module behind the command group (the package exports the group under the same name).
cli_app = importlib.import_module("monitor.cli.app")


@pytest.fixture(scope="module")
def newsroom() -> Iterator[LocalNewsSite]:
    with LocalNewsSite(seed=3) as running:
        yield running


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory: pytest.TempPathFactory,
    newsroom: LocalNewsSite,
    check_every_revision: Callable[..., None],
) -> Run:
    """`redline` on a database that watched every demo story through all its revisions."""
    runner = CliRunner()
    db = str(tmp_path_factory.mktemp("review") / "review.db")

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == code, result.output
        return result.output

    check_every_revision(run, newsroom, "city")
    return run


def change_with(run: Run, kind: str, url: str) -> dict[str, object]:
    [change] = json.loads(run("changes", "--kind", kind, "--url", url, "--format", "json"))
    return dict(change)


def test_show_puts_flags_with_speaker_and_figure_delta_before_the_diff(
    checked: Run, newsroom: LocalNewsSite
) -> None:
    figure = change_with(checked, "figure_changed", newsroom.url(MEASLES))
    shown = checked("show", str(figure["id"]))
    assert "FIGURE  as many as 240 -> about 310 (+70, +29%)" in shown
    assert "FIGURE  38 -> 52 (+14, +37%)" in shown
    assert shown.index("FIGURE") < shown.index("[-38-]{+52+}")

    quote = change_with(checked, "quote_changed", newsroom.url(BRIDGE))
    shown = checked("show", str(quote["id"]))
    assert re.search(r"QUOTE CHANGED .* \(Glenn Haverford\)", shown.replace("\n", " "))


def test_changes_lists_flag_counts_and_kinds(checked: Run) -> None:
    listed = json.loads(checked("changes", "--format", "json"))
    assert len(listed) == 13
    assert {k for c in listed for k in c["kinds"]} >= {
        "figure_changed", "quote_changed", "quote_removed", "title_changed", "correction_added"
    }  # fmt: skip
    table = checked("changes", "--limit", "100")
    assert "figure_changed" in table


def test_timeline_follows_each_quote_and_figure_across_versions(
    checked: Run, newsroom: LocalNewsSite
) -> None:
    url = newsroom.url(BRIDGE)
    text = " ".join(checked("timeline", url).split())  # as read, not as wrapped
    assert text.index("QUOTES") < text.index("FIGURES")
    assert "6 version(s)" in text
    assert "$119 million -> $138 million (+$19 million, +16%)" in text
    assert "about 31,000 -> about 27,000 (-4,000, -13%)" in text

    document = json.loads(checked("timeline", url, "--format", "json"))
    assert (document["url"], len(document["versions"])) == (url, 6)
    assert document["headline"]
    tracks = document["tracks"]
    [haverford] = [t for t in tracks if t["speaker"] == "Glenn Haverford"]
    assert [(e["version"], e["event"]) for e in haverford["events"]] == [
        (1, "first_seen"),
        (3, "changed"),
    ]
    [cost] = [t for t in tracks if t["text"] == "$119 million"]
    assert [e["text"] for e in cost["events"]] == ["$119 million", "$138 million"]


def test_timeline_of_an_article_not_fetched_yet(redline: Run) -> None:
    redline("add", "https://news.example/later")
    assert "No versions yet" in redline("timeline", "https://news.example/later")
    document = json.loads(redline("timeline", "1", "--format", "json"))
    assert (document["headline"], document["versions"], document["tracks"]) == (None, [], [])


def test_report_writes_one_page_with_every_selected_change(
    checked: Run, newsroom: LocalNewsSite, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    assert "(13 change(s))" in checked("report", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert html.count('<article class="change"') == 13
    assert "Content-Security-Policy" in html

    flagged = tmp_path / "flagged.html"
    checked(
        "report", "--flagged", "--url", newsroom.url(BRIDGE), "--since", "1h", "-o", str(flagged)
    )
    html = flagged.read_text(encoding="utf-8")
    assert html.count('<article class="change"') == 5
    assert "flagged changes of" in html


def test_report_to_an_unwritable_place_is_one_line(checked: Run, tmp_path: Path) -> None:
    out = checked("report", "-o", str(tmp_path / "missing" / "report.html"), code=2)
    assert out.startswith("redline: cannot write")
    assert len(out.strip().splitlines()) == 1


def test_feed_has_one_entry_per_change_with_flags_in_the_summary(
    checked: Run, tmp_path: Path
) -> None:
    path = tmp_path / "changes.atom"
    assert "(13 entries)" in checked("feed", "-o", str(path))
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo
    assert len(parsed.entries) == 13
    summaries = "\n".join(e.summary for e in parsed.entries)
    assert "FIGURE  $119 million -> $138 million (+$19 million, +16%)" in summaries

    again = tmp_path / "again.atom"
    checked("feed", "-o", str(again))
    ids = [
        [e.findtext(f"{{{ATOM}}}id") for e in fromstring(p.read_bytes()).iter(f"{{{ATOM}}}entry")]
        for p in (path, again)
    ]
    assert ids[0] == ids[1]


def test_feed_without_output_prints_the_document(checked: Run) -> None:
    document = checked("feed", "--flagged", "--limit", "2")
    root = fromstring(document.encode())
    assert len(root.findall(f"{{{ATOM}}}entry")) == 2


def test_progress_is_drawn_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(cli_app, "out", Console(file=screen, force_terminal=True, width=80))
    with cli_app.progress("checking", 3) as advance:
        for _ in range(3):
            advance()
    assert "3/3" in screen.getvalue()

    piped = io.StringIO()
    monkeypatch.setattr(cli_app, "out", Console(file=piped, width=80))
    with cli_app.progress("checking", 3) as advance:
        advance()
    assert piped.getvalue() == ""
