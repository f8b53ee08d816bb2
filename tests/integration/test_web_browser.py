"""`redline web` in headless Chromium (Debian's package, driven through Playwright's API).

The main paths a desk takes: open a change from the list, filter by tag, search, add a watch.
One watched story's editors slipped a <script>, an <img onerror> and a javascript: link into
the article and an <svg onload> into its headline; each payload would mark the page
(<html data-pwned=...>) if it ran. Screenshots of a change at 1280 and 400 px wide are kept in
tests/artifacts/ for people to look at.
"""

import json
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from typer.testing import CliRunner

from monitor.article import Article
from monitor.cli import app
from monitor.newsroom import LocalNewsSite, Story
from monitor.testing import WebThread
from monitor.web.app import create_app
from monitor.web.settings import WebSettings
from storage.repository import Store

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)
# No browser is ever downloaded: Playwright drives the system's Chromium, offline.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        BROWSER is None,
        reason="no Chromium on PATH (./dev test installs it where apt is available)",
    ),
]


@dataclass
class Desk:
    url: str
    run: Callable[..., str]


@pytest.fixture(scope="module")
def desk(
    tmp_path_factory: pytest.TempPathFactory,
    check_every_revision: Callable[..., None],
) -> Iterator[Desk]:
    """The demo stories checked through every revision (tagged "city"), served."""
    db = str(tmp_path_factory.mktemp("web-browser") / "web.db")
    runner = CliRunner()

    def run(*args: str) -> str:
        # In a thread of its own: Playwright's sync API keeps an event loop on this one, and
        # `redline check` starts its own.
        with ThreadPoolExecutor(1) as pool:
            result = pool.submit(runner.invoke, app, ["--db", db, *args]).result()
        assert result.exit_code == 0, result.output
        return result.output

    with LocalNewsSite(seed=3) as site:
        check_every_revision(run, site, "city")
    store = Store.open(f"sqlite:///{db}")
    with WebThread(create_app(store, WebSettings(), clock=lambda: datetime.now(UTC))) as served:
        yield Desk(served.url, run)
    store.close()


@pytest.fixture
def hostile_change(
    desk: Desk,
    hostile_articles: tuple[Article, Article],
    hostile_story: Callable[[Article, Article], Story],
) -> Iterator[int]:
    """The id of a change to a story whose new version attacks; removed again afterwards."""
    with LocalNewsSite([hostile_story(*hostile_articles)]) as site:
        url = site.url("harbour-plan")
        desk.run("add", url, "--tag", "hostile")
        desk.run("check", url)
        site.publish_next("harbour-plan")
        assert "1 changed" in desk.run("check", url)
    [change] = json.loads(desk.run("changes", "--url", url, "--format", "json"))
    yield int(change["id"])
    desk.run("remove", "--purge", url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert BROWSER is not None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    yield opened
    opened.close()


def test_a_desk_opens_a_change_from_the_list_and_steps_through_the_article(
    desk: Desk, page: Page
) -> None:
    page.goto(desk.url)
    newest = page.locator("table.changes a.headline").first
    headline = newest.inner_text()
    [listed] = json.loads(desk.run("changes", "--limit", "1", "--format", "json"))
    newest.click()
    expect(page).to_have_url(f"{desk.url}/changes/{listed['id']}")
    expect(page.locator("article.change h2")).to_have_text(headline)
    expect(page.locator("nav.steps a[rel=prev]")).to_be_visible()
    page.locator("nav.steps a[rel=prev]").click()
    expect(page.locator("ul.flags li.flag").first).to_be_visible()
    page.get_by_role("link", name="all versions of this article").click()
    expect(page.get_by_role("heading", name="Quotes and figures over time")).to_be_visible()


def test_filtering_by_tag_and_kind_keeps_the_filters_in_the_address(desk: Desk, page: Page) -> None:
    page.goto(desk.url)
    every = page.locator("table.changes tbody tr").count()
    page.get_by_label("Tag").fill("city")
    page.get_by_label("Kind").select_option("quote_changed")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(f"{desk.url}/?tag=city&source=&kind=quote_changed&since=&until=")
    quotes = json.loads(desk.run("changes", "--kind", "quote_changed", "--format", "json"))
    expect(page.locator("table.changes tbody tr")).to_have_count(len(quotes))
    assert len(quotes) < every
    page.get_by_label("Tag").fill("no-such-tag")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No changes match.")).to_be_visible()


def test_searching_from_the_header_finds_the_articles_that_said_it(desk: Desk, page: Page) -> None:
    page.goto(desk.url)
    page.get_by_role("searchbox", name="Search every version").fill("Haverford")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{desk.url}/search?q=Haverford")
    expect(page.locator("ol.hits li a.headline").first).to_be_visible()
    page.get_by_label("Where").select_option("flags")
    page.get_by_label("Kind").select_option("quotes")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("ol.hits li.flag").first).to_contain_text("Glenn Haverford")


def test_a_watch_is_added_paused_edited_and_resumed_from_its_pages(desk: Desk, page: Page) -> None:
    address = "https://news.example/world/talks"
    page.goto(f"{desk.url}/watches")
    page.get_by_label("URL").fill(address)
    page.get_by_label("Tags").fill("world, talks")
    page.get_by_role("button", name="Add watch").click()
    expect(page.locator("dl.facts")).to_contain_text(address)
    expect(page.locator("dl.facts")).to_contain_text("world")
    page.get_by_text("Manage this watch").click()
    page.get_by_role("button", name="Pause checking").click()
    expect(page.locator("dl.facts dd.state-paused")).to_have_text("paused")
    page.get_by_text("Manage this watch").click()
    page.get_by_label("Tags").fill("world, talks, urgent")
    page.get_by_label("Every", exact=True).fill("15m")
    page.get_by_role("button", name="Save").click()
    [watch] = [
        w for w in json.loads(desk.run("list", "--format", "json")) if w["display_url"] == address
    ]
    assert (watch["state"], watch["tags"], watch["every_seconds"]) == (
        "paused", ["world", "talks", "urgent"], 900,
    )  # fmt: skip
    page.goto(f"{desk.url}/watches?tag=urgent")
    page.get_by_role("button", name=f"Resume {address}").click()
    expect(page).to_have_url(f"{desk.url}/watches?tag=urgent")
    expect(page.get_by_role("button", name=f"Pause {address}")).to_be_visible()
    page.goto(f"{desk.url}/watches")
    page.get_by_label("URL").fill(address)
    page.get_by_role("button", name="Add watch").click()
    expect(page.get_by_role("alert")).to_contain_text(f"already watching {address}")
    desk.run("remove", "--purge", address)


def test_hostile_article_text_is_shown_and_runs_nothing(
    desk: Desk, page: Page, hostile_change: int
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in (f"/changes/{hostile_change}", "/", "/search?q=plan", "/watches"):
        page.goto(desk.url + path)
        assert page.locator("html").get_attribute("data-pwned") is None, path
        assert page.locator("script, img, svg, iframe").count() == 0, path
    page.goto(f"{desk.url}/changes/{hostile_change}")
    seen = page.locator("main").inner_text()
    assert "<script>document.documentElement.dataset.pwned='script'</script>" in seen
    assert "<img src=x onerror=" in seen
    assert '<svg onload="document.documentElement.dataset.pwned=1">' in seen
    assert not errors


@pytest.mark.parametrize("width", [1280, 400])
def test_a_change_page_is_kept_as_a_screenshot(desk: Desk, browser: Browser, width: int) -> None:
    [figure] = json.loads(desk.run("changes", "--kind", "figure_changed", "--format", "json"))[-1:]
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(f"{desk.url}/changes/{figure['id']}")
    expect(page.locator("ul.flags")).to_be_visible()
    old, new = page.locator("table.diff td.old").first, page.locator("table.diff td.new").first
    old_box, new_box = old.bounding_box(), new.bounding_box()
    assert old_box is not None
    assert new_box is not None
    if width >= 1000:  # side by side
        assert new_box["x"] > old_box["x"] + old_box["width"] / 2
    else:  # stacked: the new version under the old, each the screen's width
        assert new_box["y"] >= old_box["y"] + old_box["height"]
        assert old_box["width"] > width * 0.8
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"web-change-{width}.png"
    page.screenshot(path=shot, full_page=True)
    assert int.from_bytes(shot.read_bytes()[16:20], "big") == width  # the PNG's own width
    page.close()
