"""The local news site: revisions, chrome that never stands still, validators, counters."""

import re
from collections.abc import Iterator

import httpx
import pytest

from monitor.newsroom import DEMO_STORIES, LocalNewsSite, make_bench_site

BRIDGE = "harbour-street-bridge"
ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
METADATA = re.compile(r'<script type="application/ld\+json">.*?</script>', re.DOTALL)


@pytest.fixture
def site() -> Iterator[LocalNewsSite]:
    with LocalNewsSite() as running:
        yield running


def get(url: str, **headers: str) -> httpx.Response:
    return httpx.get(url, headers=headers)


def article_part(page: str) -> str:
    match = ARTICLE.search(page)
    assert match is not None, "no <article> in the page"
    return match.group()


def metadata_part(page: str) -> str:
    match = METADATA.search(page)
    assert match is not None, "no JSON-LD in the page"
    return match.group()


def test_publish_next_serves_the_next_revision(site: LocalNewsSite) -> None:
    before = get(site.url(BRIDGE)).text

    assert site.publish_next(BRIDGE) == 1
    after = get(site.url(BRIDGE)).text

    assert "$119 million" in before
    assert "$138 million" not in before
    assert "$138 million" in after
    assert "$119 million" not in after


def test_set_revision_serves_any_revision(site: LocalNewsSite) -> None:
    site.set_revision(BRIDGE, 5)
    page = get(site.url(BRIDGE)).text

    assert 'By <a rel="author" href="/staff/dana-whitlock">Dana Whitlock</a> and ' in page
    assert '<p class="correction">Correction: An earlier version' in page
    assert site.revision(BRIDGE) == 5


def test_publishing_past_the_last_revision_is_refused(site: LocalNewsSite) -> None:
    site.set_revision(BRIDGE, len(site.revisions(BRIDGE)) - 1)

    with pytest.raises(ValueError, match="no revision after 5"):
        site.publish_next(BRIDGE)


def test_chrome_changes_on_every_request_but_the_article_does_not(site: LocalNewsSite) -> None:
    pages = [get(site.url(BRIDGE)).text for _ in range(3)]

    assert len(set(pages)) == 3
    assert len({article_part(page) for page in pages}) == 1
    assert len({metadata_part(page) for page in pages}) == 1
    assert all('<aside class="trending"><h2>Trending</h2>' in page for page in pages)
    assert all(re.search(r'<p class="clock">Updated \d{1,2}:\d\d</p>', page) for page in pages)


def test_etag_is_stable_within_a_revision_and_changes_with_it(site: LocalNewsSite) -> None:
    first, second = get(site.url(BRIDGE)), get(site.url(BRIDGE))
    site.publish_next(BRIDGE)
    revised = get(site.url(BRIDGE))

    assert first.headers["ETag"] == second.headers["ETag"]
    assert revised.headers["ETag"] != first.headers["ETag"]
    assert first.headers["Last-Modified"] == "Tue, 04 Mar 2025 23:40:00 GMT"
    assert revised.headers["Last-Modified"] == "Wed, 05 Mar 2025 09:15:00 GMT"


@pytest.mark.parametrize(
    ("header", "value", "status"),
    [
        ("If-None-Match", "current", 304),
        ("If-None-Match", '"stale"', 200),
        ("If-None-Match", "*", 304),
        ("If-Modified-Since", "Tue, 04 Mar 2025 23:40:00 GMT", 304),
        ("If-Modified-Since", "Wed, 05 Mar 2025 00:00:00 GMT", 304),
        ("If-Modified-Since", "Tue, 04 Mar 2025 23:39:59 GMT", 200),
        ("If-Modified-Since", "not a date", 200),
    ],
)
def test_conditional_requests_follow_the_article_revision(
    site: LocalNewsSite, header: str, value: str, status: int
) -> None:
    etag = get(site.url(BRIDGE)).headers["ETag"]

    response = get(site.url(BRIDGE), **{header: etag if value == "current" else value})

    assert response.status_code == status
    assert (response.content == b"") is (status == 304)


def test_unconditional_site_sends_the_whole_page_to_a_matching_etag() -> None:
    with LocalNewsSite(conditional=False) as site:
        etag = get(site.url(BRIDGE)).headers["ETag"]
        response = get(site.url(BRIDGE), **{"If-None-Match": etag})

    assert response.status_code == 200
    assert response.headers["ETag"] == etag
    assert "Harbour Street Bridge" in response.text


def test_timer_publishes_the_next_revision_of_every_story() -> None:
    now = [1000.0]
    with LocalNewsSite(revise_every=60.0, clock=lambda: now[0]) as site:
        at_start = [site.revision(slug) for slug in site.slugs]
        now[0] += 59.0
        before_tick = [site.revision(slug) for slug in site.slugs]
        now[0] += 1.0
        after_tick = [site.revision(slug) for slug in site.slugs]
        now[0] += 3600.0
        much_later = [site.revision(slug) for slug in site.slugs]

    assert at_start == before_tick == [0, 0, 0]
    assert after_tick == [1, 1, 1]
    assert much_later == [len(story.revisions) - 1 for story in DEMO_STORIES]


def test_requests_are_counted_per_path(site: LocalNewsSite) -> None:
    get(site.url(BRIDGE))
    get(site.url(BRIDGE) + "?utm_source=feed")
    get(site.url("/status/503"))

    assert site.requests(f"/news/{BRIDGE}") == 2
    assert site.request_counts() == {f"/news/{BRIDGE}": 2, "/status/503": 1}
    site.reset_counts()
    assert site.request_counts() == {}


def test_unknown_story_is_a_404(site: LocalNewsSite) -> None:
    assert get(site.url("no-such-story")).status_code == 404


def test_front_page_links_every_story_by_its_current_headline(site: LocalNewsSite) -> None:
    site.set_revision(BRIDGE, 3)
    page = get(site.url("/")).text

    for slug in site.slugs:
        assert f'href="/news/{slug}"' in page
    assert "Harbour Street Bridge repair bill climbs to $138 million" in page


@pytest.mark.parametrize(
    ("slug", "revision", "before", "after"),
    [
        (BRIDGE, 1, "$119 million plan", "$138 million plan"),
        (BRIDGE, 2, "This is a disgrace", "This is deeply disappointing"),
        (BRIDGE, 3, "Council approves", "Harbour Street Bridge repair bill climbs"),
        (BRIDGE, 4, "about 31,000 vehicles a day across", "Correction: An earlier version"),
        (BRIDGE, 5, "Dana Whitlock</a></p>", "Dana Whitlock</a> and <a"),
        ("northside-measles-case", 1, "as many as 240", "about 310"),
        ("northside-measles-case", 2, "That is unforgivable", None),
        ("route-9-service-cut", 2, "It is a shameful decision", "much harder for nurses"),
        ("route-9-service-cut", 3, "on May 14 at 6 p.m.", "It is May 21, not May 14."),
    ],
)
def test_demo_stories_change_the_way_newsrooms_do(
    site: LocalNewsSite, slug: str, revision: int, before: str, after: str | None
) -> None:
    site.set_revision(slug, revision - 1)
    old = article_part(get(site.url(slug)).text)
    site.set_revision(slug, revision)
    new = article_part(get(site.url(slug)).text)

    assert before in old
    assert before not in new
    assert after is None or (after in new and after not in old)


def test_every_demo_revision_changes_what_a_reader_sees() -> None:
    for story in DEMO_STORIES:
        seen = [(r.headline, r.authors, r.paragraphs) for r in story.revisions]
        assert len(set(seen)) == len(seen), story.slug
        assert [r.modified for r in story.revisions] == sorted(r.modified for r in story.revisions)


def test_stop_closes_kept_alive_connections_and_frees_the_port() -> None:
    site = LocalNewsSite().start()
    url = site.url(BRIDGE)
    with httpx.Client() as client:
        assert client.get(url).status_code == 200  # leaves a kept-alive connection open
        site.stop()

        with pytest.raises(httpx.TransportError):
            client.get(url)


def test_bench_site_serves_heavy_pages_and_revises_a_tenth_of_them() -> None:
    with make_bench_site(40) as site, httpx.Client() as client:
        first = {slug: client.get(site.url(slug)) for slug in site.slugs}
        revised = site.revise_fraction(0.1, seed=1)
        second = {slug: client.get(site.url(slug)).headers["ETag"] for slug in site.slugs}

    sizes = [len(response.content) for response in first.values()]
    changed = sorted(slug for slug in site.slugs if first[slug].headers["ETag"] != second[slug])
    assert min(sizes) > 40_000
    assert max(sizes) < 65_000
    assert changed == sorted(revised)
    assert len(changed) == 4
