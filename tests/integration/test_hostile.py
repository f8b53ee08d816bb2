"""The hostile web: pages, headers and redirects built to stall, poison or crash a monitor.

Each case is a real local server told to misbehave (see monitor.newsroom.faults), fetched by
the real fetcher or checked by the real service on a real SQLite file.
"""

import asyncio
import tracemalloc
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.config import load_sources, load_watchlist, source_spec, watch_spec
from monitor.errors import FetchError
from monitor.fetching.fetch import Fetcher, FetchResult
from monitor.newsroom import LOCAL_POLITENESS, LocalNewsSite, faults
from monitor.testing import ManualClock as Clock
from monitor.watching.checking import CheckContext
from monitor.watching.service import CycleSummary, Service
from storage.repository import Store

BRIDGE = "harbour-street-bridge"
MEASLES = "northside-measles-case"


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    """These cases are about the network; one backend is enough."""
    opened = Store.open(sqlite_url)
    yield opened
    opened.close()


def fetch(url: str, **options: Any) -> FetchResult:
    async def run() -> FetchResult:
        async with Fetcher(politeness=LOCAL_POLITENESS, **options) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(run())


def fetch_error(url: str, **options: Any) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, **options)
    return caught.value


def cycle(store: Store, clock: Clock) -> CycleSummary:
    async def run() -> CycleSummary:
        async with Fetcher(politeness=LOCAL_POLITENESS) as fetcher:
            return await Service(store, fetcher, CheckContext(clock=clock)).run_cycle()

    return asyncio.run(run())


def watch(store: Store, clock: Clock, url: str) -> int:
    return store.add_watch(watch_spec(url), clock())


# -- 1. compression -------------------------------------------------------------------------


def test_a_layered_compression_bomb_is_too_large_without_inflating_it(
    site: LocalNewsSite,
) -> None:
    site.inject("/bomb", faults.compression_bomb(256 * 1024 * 1024, layers=2))
    tracemalloc.start()
    try:
        error = fetch_error(site.base_url + "/bomb", max_bytes=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.outcome == "too_large"
    assert peak < 16 * 1024 * 1024  # the inner layer alone is 256 MB


def test_a_page_compressed_twice_is_read(site: LocalNewsSite) -> None:
    page = b"<html><body><p>Twice wrapped.</p></body></html>"
    site.inject("/twice", faults.compressed(page, ("deflate", "gzip")))
    assert fetch(site.base_url + "/twice").text == page.decode()


# -- 3. Retry-After ---------------------------------------------------------------------------


@pytest.mark.parametrize("retry_after", ["99999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_an_absurd_retry_after_closes_the_host_for_a_day_at_most(
    store: Store, site: LocalNewsSite, retry_after: str
) -> None:
    clock = Clock()
    watch(store, clock, site.url(BRIDGE))
    clock.now += timedelta(seconds=1)
    watch(store, clock, site.url(MEASLES))
    site.inject(BRIDGE, faults.status(503, retry_after=retry_after))

    outcomes = dict(cycle(store, clock).outcomes)

    assert "internal_error" not in outcomes
    closed = next(info for info in store.list_watches() if info.url.endswith(BRIDGE))
    assert clock.now + timedelta(hours=23) < closed.next_check_at
    assert closed.next_check_at <= clock.now + timedelta(days=1, minutes=10)


# -- 6. redirects that lead nowhere -----------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "http://127.0.0.1:99999/news/x",
        "ftp://files.example/x",
    ],
)
def test_a_redirect_to_something_that_is_not_a_web_page_is_invalid_url(
    site: LocalNewsSite, location: str
) -> None:
    site.inject(BRIDGE, faults.redirect(location))
    error = fetch_error(site.url(BRIDGE))
    assert error.outcome == "invalid_url"
    assert "redirected" in str(error)


# -- 7. IPv6 ----------------------------------------------------------------------------------


def test_an_ipv6_literal_url_is_watched_robots_txt_and_all(store: Store) -> None:
    clock = Clock()
    with LocalNewsSite(seed=3, address="::1") as site:
        site.robots_txt = "User-agent: *\nDisallow: /private/\n"
        assert site.url(BRIDGE).startswith("http://[::1]:")
        watch(store, clock, site.url(BRIDGE))
        assert dict(cycle(store, clock).outcomes) == {"first": 1}
        assert site.requests("/robots.txt") == 1


# -- 13. robots.txt precedence ----------------------------------------------------------------


def test_an_allow_for_articles_under_a_broad_disallow_is_obeyed(
    store: Store, site: LocalNewsSite
) -> None:
    clock = Clock()
    site.robots_txt = "User-agent: *\nDisallow: /\nAllow: /news/\n\nUser-agent: x\nAllow: /\n"
    watch(store, clock, site.url(BRIDGE))
    watch(store, clock, site.base_url + "/section/local")
    assert dict(cycle(store, clock).outcomes) == {"first": 1, "robots_disallowed": 1}


# -- 5. terminal escapes ----------------------------------------------------------------------

ESCAPES = "\x1b[2J\x1b[31m\x9b1m\x07\u202e"


def test_escape_sequences_in_a_section_page_never_reach_a_label_or_the_terminal(
    store: Store, site: LocalNewsSite, sqlite_url: str
) -> None:
    clock = Clock()
    link = f'<a href="/news/{BRIDGE}">{ESCAPES}Bridge [red]closes{ESCAPES}</a>'
    site.inject("/section/hostile", faults.page(f"<html><body><main>{link}</main></body></html>"))
    store.sources.follow(source_spec(site.base_url + "/section/hostile"), clock())
    cycle(store, clock)

    [watched] = store.list_watches()
    assert watched.label is None  # a link's text is not a label: the page's headline names it
    listing = CliRunner().invoke(app, ["--db", sqlite_url, "list"], env={"COLUMNS": "200"})
    assert str(watched.headline) in listing.output
    assert not {"\x1b", "\x9b", "\x07", "\u202e"} & set(listing.output)


# -- 10. charset detection --------------------------------------------------------------------

RUSSIAN = "Городской совет во вторник одобрил план строительства нового моста, сообщил мэр."


def test_a_cyrillic_page_labelled_utf8_is_read_in_its_real_charset(site: LocalNewsSite) -> None:
    body = f"<html><body><article><h1>Мост</h1><p>{RUSSIAN}</p></article></body></html>"
    site.inject("/ru", faults.page(body.encode("cp1251"), "text/html; charset=utf-8"))
    assert RUSSIAN in (fetch(site.base_url + "/ru").text or "")


# -- 9. scripts without spaces ----------------------------------------------------------------

CHINESE = (
    "市议会周二晚间以七票对两票通过了新桥建设计划。",
    "根据计划，新桥将于明年春季动工，预计耗资四千万元，工期约为两年。",
    "市长在会后表示，新桥将缓解老城区的交通压力，并为沿河商户带来更多客流。",
    "部分居民对施工期间的噪音和交通管制表示担忧，市政府承诺将举行公开听证会。",
)


def chinese_page(paragraphs: tuple[str, ...]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<html lang="zh"><head><meta charset="utf-8"><title>新桥计划获批</title></head>'
        f"<body><article><h1>新桥计划获批</h1>{body}</article></body></html>"
    )


def test_a_chinese_article_is_watched_and_one_changed_character_is_the_diff(
    store: Store, site: LocalNewsSite
) -> None:
    clock = Clock()
    watch(store, clock, site.base_url + "/news/zh")
    site.inject("/news/zh", faults.page(chinese_page(CHINESE)))
    assert dict(cycle(store, clock).outcomes) == {"first": 1}

    edited = (CHINESE[0], CHINESE[1].replace("四千万", "五千万"), *CHINESE[2:])
    site.inject("/news/zh", faults.page(chinese_page(edited)))
    clock.now = store.next_due_at() or clock.now
    assert dict(cycle(store, clock).outcomes) == {"changed": 1}
    [change] = store.changes()
    paragraphs = store.change_detail(change.id).diff["paragraphs"]
    shown = [
        (segment["op"], segment["text"])
        for paragraph in paragraphs
        for segment in paragraph["segments"]
        if segment["op"] != "equal"
    ]
    assert shown == [("delete", "四"), ("insert", "五")]


# -- 11. input bounds -------------------------------------------------------------------------


def redline(sqlite_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", sqlite_url, *args], env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "https://example.com/a", "--every", "99999999999d"), "the longest duration"),
        (("add", "https://example.com/news/a\x07b"), "control characters"),
        (("add", "http://\uff11\uff12\uff17.0.0.1/news/a"), "Invalid IDNA hostname"),
        (("add", "https://example.com/" + "a" * 100_000), "the longest accepted is 4,096"),
        (("compare", "/dev/zero", "/dev/zero"), "larger than 10 MB"),
        (("serve", "--tick", "-1"), "--tick must be 0.1 to 3600 seconds"),
        (("serve", "--tick", "1e308"), "--tick must be 0.1 to 3600 seconds"),
        (("check", "--min-gap", "1e308"), "--min-gap 0 to 3600 s"),
        (("changes", "--since", "99999999999d"), "the longest duration is 3650d"),
    ],
)
def test_bad_input_is_refused_at_the_door_in_one_line(
    sqlite_url: str, args: tuple[str, ...], message: str
) -> None:
    code, output = redline(sqlite_url, *args)
    assert code != 0
    assert message in output
    assert len(output.strip().splitlines()) <= 3  # one message, however the terminal wraps it
    assert redline(sqlite_url, "list", "--format", "json")[1].strip() in ("[]", "")


# -- 12. private addresses --------------------------------------------------------------------


def test_a_redirect_to_another_host_on_a_private_address_is_refused_unless_allowed(
    site: LocalNewsSite,
) -> None:
    inside = f"http://localhost:{site.port}/news/{BRIDGE}"  # another name, a loopback address
    site.inject("/moved", faults.redirect(inside))
    site.inject("/same-host", faults.redirect(f"/news/{BRIDGE}"))

    error = fetch_error(site.base_url + "/moved")
    assert error.outcome == "private_address"
    assert "--allow-private" in str(error)
    assert fetch(site.base_url + "/same-host").final_url == site.url(BRIDGE)
    assert fetch(site.base_url + "/moved", allow_private=True).final_url == inside


def rss(*links: str) -> str:
    items = "".join(
        f"<item><title>Story {n}</title><link>{u}</link></item>" for n, u in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    )


def test_a_feed_link_to_a_private_address_on_another_host_is_not_watched(
    store: Store, site: LocalNewsSite
) -> None:
    clock = Clock()
    outside = site.url(BRIDGE)
    inside = f"http://localhost:{site.port}/admin/status"
    metadata = "http://169.254.169.254/latest/meta-data/"
    site.inject(
        "/feeds/hostile.xml", faults.page(rss(outside, inside, metadata), "application/rss+xml")
    )
    store.sources.follow(source_spec(site.base_url + "/feeds/hostile.xml"), clock())

    summary = cycle(store, clock)

    assert [info.url for info in store.list_watches()] == [outside]
    [poll] = summary.polls
    assert poll.notice is not None
    assert "2 link(s) not watched" in poll.notice
    assert site.requests("/admin/status") == 0


def test_a_watch_or_a_source_can_be_allowed_to_reach_private_addresses(
    store: Store, site: LocalNewsSite
) -> None:
    clock = Clock()
    inside = f"http://localhost:{site.port}/news/{BRIDGE}"
    site.inject("/news/moved", faults.redirect(inside))
    site.inject("/feeds/intranet.xml", faults.page(rss(inside), "application/rss+xml"))
    store.add_watch(watch_spec(site.base_url + "/news/moved", allow_private=True), clock())
    spec = source_spec(site.base_url + "/feeds/intranet.xml", allow_private=True)
    store.sources.follow(spec, clock())

    summary = cycle(store, clock)

    assert dict(summary.outcomes) == {"first": 2}  # the redirected watch and the feed's link
    assert {info.url for info in store.list_watches()} == {site.base_url + "/news/moved", inside}


def test_allow_private_is_read_from_a_watch_list(tmp_path: Path) -> None:
    listing = tmp_path / "watches.toml"
    listing.write_text(
        '[[watch]]\nurl = "http://intranet.example/news/a"\nallow_private = true\n'
        '[[source]]\nurl = "http://intranet.example/feed.xml"\nallow_private = true\n'
    )
    [watched] = load_watchlist(listing)
    [followed] = load_sources(listing)
    assert watched.allow_private
    assert followed.allow_private
