"""The HTML report in a real browser: a reader sees the edits; hostile article text runs nothing.

Headless Chromium loads the report written from real checks of a page whose editors slipped a
<script>, an <img onerror> and a javascript: link into the article. Each payload would mark the
page (<html data-pwned=...>) if it ran; the DOM Chromium dumps after loading shows whether any
did. A control page with the same payloads left raw proves the marks appear when code runs.
"""

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from monitor.article import Article
from monitor.newsroom import LocalNewsSite, Story

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium on PATH (./dev test installs it where apt is available)"
)
Run = Callable[..., str]  # the redline fixture
PWNED = re.compile(r"<html[^>]* data-pwned=")  # what any payload that ran leaves behind


def chromium(page: Path, profile: Path, *args: str) -> str:
    """Run headless Chromium on a local file with no network, sync or extensions."""
    assert BROWSER is not None
    result = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@needs_browser
def test_reader_sees_the_flags_and_diff_and_no_article_code_runs(
    redline: Run,
    read_html: Callable[[str], Any],
    hostile_articles: tuple[Article, Article],
    hostile_story: Callable[[Article, Article], Story],
    tmp_path: Path,
) -> None:
    with LocalNewsSite([hostile_story(*hostile_articles)]) as site:
        url = site.url("harbour-plan")
        redline("add", url)
        redline("check")
        site.publish_next("harbour-plan")
        assert "1 changed" in redline("check", url)
    report = tmp_path / "report.html"
    redline("report", "-o", str(report))

    dom = chromium(report, tmp_path / "profile", "--dump-dom")
    assert not PWNED.search(dom)
    page = read_html(dom)
    assert not {"script", "img", "svg", "iframe", "object"} & set(page.tags)
    assert not [name for name, _ in page.attributes if name.startswith("on")]
    assert all(v.startswith(("#", "http")) for n, v in page.attributes if n == "href")
    seen = page.visible
    assert "QUOTE CHANGED" in seen
    assert "FIGURE $12 million \u2192 $14 million (+$2 million, +17%)" in seen
    # The payloads are there for the reader to see, as the text the publisher printed.
    assert "<script>document.documentElement.dataset.pwned='script'</script>" in seen
    assert "<img src=x onerror=" in seen
    assert "javascript:alert(1)" in seen

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    chromium(
        report,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1280,1600",
        "--hide-scrollbars",
    )
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 1280  # IHDR width


@needs_browser
def test_control_the_same_payloads_left_raw_do_mark_the_page(
    hostile_articles: tuple[Article, Article], tmp_path: Path
) -> None:
    _, new = hostile_articles
    raw = tmp_path / "raw.html"
    raw.write_text("<!DOCTYPE html><html><body><p>" + "</p><p>".join(new.paragraphs) + "</p>")
    dom = chromium(raw, tmp_path / "profile", "--dump-dom")
    assert PWNED.search(dom)


MEASURE = """<script>
addEventListener("load", () => {
  const box = (s) => document.querySelector(s).getBoundingClientRect();
  const [old, now] = [box("td.old"), box("td.new")];
  document.documentElement.dataset.cells = [old.left, old.width, now.left, now.top - old.top]
    .map(Math.round).join(",");
});
</script>"""


@needs_browser
@pytest.mark.parametrize(("width", "stacked"), [(400, True), (1280, False)])
def test_on_a_phone_the_side_by_side_diff_stacks_old_over_new(
    redline: Run, tmp_path: Path, width: int, stacked: bool
) -> None:
    with LocalNewsSite() as site:
        url = site.url("harbour-street-bridge")
        redline("add", url)
        redline("check")
        site.publish_next("harbour-street-bridge")
        redline("check", url)
    report = tmp_path / "report.html"
    redline("report", "-o", str(report))
    # A measuring copy: the report's own policy forbids scripts, rightly.
    measured = tmp_path / "measured.html"
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", report.read_text())
    measured.write_text(page.replace("</body>", MEASURE + "</body>"))
    dom = chromium(measured, tmp_path / "profile", "--dump-dom", f"--window-size={width},900")
    found = re.search(r'data-cells="([\d,-]+)"', dom)
    assert found is not None
    old_left, old_width, new_left, new_below = map(int, found.group(1).split(","))
    if stacked:
        assert (new_left, new_below > 0) == (old_left, True)
        assert old_width > width * 0.8
    else:
        assert new_left > old_left
        assert new_below == 0
