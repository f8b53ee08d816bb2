"""Reading followed sources: feeds, sitemaps and section pages -> the articles they list."""

from datetime import UTC, datetime

import pytest

from monitor.errors import UnreadableSource
from monitor.watching.discovery import discover, is_sitemap_index, select, sniff
from monitor.watching.listings import Item, Kind
from monitor.watching.section_pages import looks_like_article

SITE = "https://news.example"

RSS = """<?xml version="1.0" encoding="iso-8859-1"?>
<rss version="2.0"><channel><title>Politics | News Example</title>
<item><title>Council passes the harbour budget</title>
  <link>https://news.example/politics/council-passes-harbour-budget?utm_source=rss&amp;utm_medium=feed</link>
  <pubDate>Wed, 25 Nov 2026 09:30:00 +0100</pubDate></item>
<item><title>Caf\u00e9 owners fight parking fee</title>
  <link>/politics/cafe-owners-fight-parking-fee</link></item>
<item><title>Same story, shared link</title>
  <link>https://news.example/politics/council-passes-harbour-budget#comments</link></item>
<item><title>Permalink only in the guid</title>
  <guid isPermaLink="true">https://news.example/politics/mayor-names-new-chief</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Politics</title><id>x</id>
<updated>2026-11-25T12:00:00Z</updated>
<entry><title>Talks resume after ceasefire collapses</title>
  <link rel="alternate" href="https://news.example/world/2026/11/25/talks-resume"/>
  <id>tag:news.example,2026:1</id>
  <published>2026-11-25T08:00:00Z</published><updated>2026-11-25T11:45:00Z</updated></entry>
</feed>"""

RSS_1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://news.example/"><title>Old school</title></channel>
<item rdf:about="https://news.example/a/1"><title>Flood warning lifted for river towns</title>
<link>https://news.example/local/flood-warning-lifted</link></item>
</rdf:RDF>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>https://news.example/politics/budget-vote-delayed</loc>
  <lastmod>2026-11-25T10:15:00+00:00</lastmod>
  <news:news><news:publication><news:name>News Example</news:name>
    <news:language>en</news:language></news:publication>
    <news:publication_date>2026-11-25T09:00:00+01:00</news:publication_date>
    <news:title>Budget vote delayed to next week</news:title></news:news>
  <image:image><image:loc>https://news.example/img/budget.jpg</image:loc></image:image></url>
<url><loc>https://news.example/politics/minister-resigns</loc><lastmod>2026-11-24</lastmod></url>
</urlset>"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemaps/2026-10.xml</loc><lastmod>2026-10-31</lastmod></sitemap>
<sitemap><loc>https://news.example/sitemaps/news.xml</loc><lastmod>2026-11-25</lastmod></sitemap>
</sitemapindex>"""

SECTION_PAGE = """<!doctype html><html><head><title>Politics - News Example</title></head><body>
<header class="masthead"><a href="/">News Example</a>
  <nav><a href="/section/politics">Politics</a>
    <a href="/politics/live-results-as-they-come">Live</a></nav>
</header>
<main>
  <article class="card">
    <header><a href="/politics/budget-vote-delayed-again"><img src="a.jpg" alt=""></a>
      <h2><a href="/politics/budget-vote-delayed-again?utm_campaign=home">
        Budget vote delayed again</a></h2>
    </header>
    <p>By <a href="/author/ana-novak-smith">Ana Novak</a>
      in <a href="/tag/city-hall-budget">budget</a></p>
  </article>
  <article class="card">
    <h2><a href="https://www.news.example/2026/11/24/mayor-resigns">Mayor resigns</a></h2></article>
  <article class="card">
    <h2><a href="/politics/uk-politics-67512345">Poll lead narrows</a></h2></article>
  <a href="/politics/page/2">More stories</a>
  <a href="https://other.example/politics/an-article-elsewhere-today">Partner story</a>
  <a href="/politics/" title="Politics">All politics</a>
  <a href="javascript:void(0)">Share this story now</a>
</main>
<aside class="most-read"><a href="/sport/cup-final-goes-to-penalties">Cup final</a></aside>
<footer><a href="/about/our-journalism-standards">Standards</a></footer>
</body></html>"""


def urls(text: str) -> list[str]:
    return [item.url for item in discover(text, f"{SITE}/feed").items]


def test_rss_items_have_canonical_urls_titles_and_dates() -> None:
    found = discover(RSS, f"{SITE}/politics/rss.xml")
    assert found.kind == "feed"
    assert found.title == "Politics | News Example"
    assert found.warning is None
    assert found.items == (
        Item(
            f"{SITE}/politics/council-passes-harbour-budget",
            "Council passes the harbour budget",
            published=datetime(2026, 11, 25, 8, 30, tzinfo=UTC),
        ),
        Item(
            f"{SITE}/politics/cafe-owners-fight-parking-fee", "Caf\u00e9 owners fight parking fee"
        ),
        Item(f"{SITE}/politics/mayor-names-new-chief", "Permalink only in the guid"),
    )


def test_atom_entries_carry_published_and_updated() -> None:
    [item] = discover(ATOM, f"{SITE}/atom").items
    assert item.url == f"{SITE}/world/2026/11/25/talks-resume"
    assert item.published == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert item.updated == datetime(2026, 11, 25, 11, 45, tzinfo=UTC)
    assert item.latest == item.updated


def test_rss_1_0_is_a_feed_too() -> None:
    assert urls(RSS_1) == [f"{SITE}/local/flood-warning-lifted"]


def test_news_sitemap_gives_publication_date_title_and_lastmod_but_not_image_locs() -> None:
    found = discover(NEWS_SITEMAP, f"{SITE}/sitemap-news.xml")
    assert found.kind == "sitemap"
    assert found.items == (
        Item(
            f"{SITE}/politics/budget-vote-delayed",
            "Budget vote delayed to next week",
            published=datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
            updated=datetime(2026, 11, 25, 10, 15, tzinfo=UTC),
        ),
        Item(
            f"{SITE}/politics/minister-resigns",
            updated=datetime(2026, 11, 24, tzinfo=UTC),
        ),
    )


def test_a_sitemap_index_lists_its_sitemaps_newest_first() -> None:
    found = discover(SITEMAP_INDEX, f"{SITE}/sitemap.xml")
    assert (found.kind, found.items) == ("sitemap", ())
    assert found.children == (
        "https://news.example/sitemaps/news.xml",
        "https://news.example/sitemaps/2026-10.xml",
    )
    assert is_sitemap_index(SITEMAP_INDEX)
    assert not is_sitemap_index(NEWS_SITEMAP)


def test_section_page_links_are_the_stories_outside_the_site_furniture() -> None:
    found = discover(SECTION_PAGE, f"{SITE}/politics/")
    assert found.kind == "page"
    assert found.title == "Politics - News Example"
    assert found.items == (
        # the image link and the headline link are one story; the headline names it
        Item(f"{SITE}/politics/budget-vote-delayed-again", "Budget vote delayed again"),
        Item("https://www.news.example/2026/11/24/mayor-resigns", "Mayor resigns"),
        Item(f"{SITE}/politics/uk-politics-67512345", "Poll lead narrows"),
    )


@pytest.mark.parametrize(
    ("path", "article"),
    [
        ("/news/harbour-street-bridge", True),  # a slug of several words
        ("/politics/budget-vote-delayed.html", True),
        ("/2026/11/25/budget", True),  # a date in the path
        ("/world/20261125-talks", True),
        ("/news/uk-politics-67512345", True),  # a long numeric id
        ("/article/123456", True),
        ("/politics", False),  # a section
        ("/city-hall", False),  # two words: more likely a section than a story
        ("/2026/11/25", False),  # a day's archive
        ("/section/city-hall-and-council", False),
        ("/tag/climate-change-policy", False),
        ("/author/dana-whitlock-smith", False),
        ("/politics/page/2", False),
        ("/newsletters/sign-up-for-updates", False),
        ("/images/budget-chart-2026.png", False),
        ("/", False),
    ],
)
def test_what_looks_like_an_article_link(path: str, article: bool) -> None:
    assert looks_like_article(f"{SITE}{path}", f"{SITE}/politics") is article


def test_links_to_other_sites_are_not_articles_of_this_section() -> None:
    page = f"{SITE}/politics"
    assert not looks_like_article("https://other.example/news/a-long-story-slug", page)
    assert looks_like_article("https://www.news.example/news/a-long-story-slug", page)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (RSS, "feed"),
        (ATOM, "feed"),
        (RSS_1, "feed"),
        (NEWS_SITEMAP, "sitemap"),
        (SITEMAP_INDEX, "sitemap"),
        (SECTION_PAGE, "page"),
        ("\ufeff<!-- generated --><?xml-stylesheet href='x'?><rss/>", "feed"),
        ('{"version": "https://jsonfeed.org/version/1.1"}', None),
        ("", None),
    ],
)
def test_the_kind_is_read_from_the_first_element(text: str, kind: str | None) -> None:
    assert sniff(text) == kind


def test_broken_feed_xml_yields_the_items_before_the_break_with_a_warning() -> None:
    broken = RSS[: RSS.index("<item><title>Same story")] + "<item><title>Cut off"
    found = discover(broken, f"{SITE}/feed")
    assert [item.title for item in found.items] == [
        "Council passes the harbour budget",
        "Caf\u00e9 owners fight parking fee",
    ]
    assert found.warning is not None
    assert found.warning.startswith("feed XML is broken (line ")
    assert found.warning.endswith("read 2 items anyway")


@pytest.mark.parametrize(
    ("text", "expected", "outcome", "message"),
    [
        (
            "<rss><channel><title>Politics</title><item><title>Cut",
            None,
            "bad_xml",
            r"feed XML is broken \(line \d+: .*\); no items could be read",
        ),
        (
            "<urlset><url><loc",
            None,
            "bad_xml",
            r"sitemap XML is broken",
        ),
        (
            "<!doctype html><html><head><title>503 Service Unavailable</title></head></html>",
            "feed",
            "wrong_kind",
            r"expected an RSS or Atom feed but got an HTML page titled '503 Service Unavailable'",
        ),
        (RSS, "sitemap", "wrong_kind", r"expected a sitemap but got an RSS or Atom feed"),
        ("Service temporarily unavailable", None, "not_a_source", r"starts with 'Service temp"),
    ],
)
def test_unusable_responses_are_reported_with_what_was_wrong(
    text: str, expected: Kind | None, outcome: str, message: str
) -> None:
    with pytest.raises(UnreadableSource, match=message) as caught:
        discover(text, f"{SITE}/feed", expected)
    assert caught.value.outcome == outcome


def test_broken_sitemap_xml_keeps_the_entries_it_could_read() -> None:
    broken = NEWS_SITEMAP[: NEWS_SITEMAP.index("<url><loc>https://news.example/politics/minister")]
    found = discover(broken + "<url><loc>https://news.example/politics/cut", f"{SITE}/s.xml")
    assert found.items[0].url == f"{SITE}/politics/budget-vote-delayed"
    assert found.warning is not None
    assert "sitemap XML is broken" in found.warning


def test_a_page_without_article_links_says_so() -> None:
    found = discover("<html><body><a href='/about/us'>About</a></body></html>", f"{SITE}/x")
    assert found.items == ()
    assert found.warning == "no links that look like articles on this page"


ITEMS = (
    Item(f"{SITE}/politics/budget-vote-delayed", "Budget vote delayed"),
    Item(f"{SITE}/sport/cup-final", "Cup final goes to penalties"),
    Item(f"{SITE}/politics/live/election-night", "Election night as it happened"),
)


@pytest.mark.parametrize(
    ("match", "exclude", "kept"),
    [
        (None, None, [0, 1, 2]),
        ("/politics/", None, [0, 2]),
        ("(?i)penalties", None, [1]),  # titles count too
        ("/politics/", "/live/", [0]),
        (None, "budget|cup", [2]),
    ],
)
def test_match_and_exclude_look_at_url_and_title(
    match: str | None, exclude: str | None, kept: list[int]
) -> None:
    assert select(ITEMS, match=match, exclude=exclude) == tuple(ITEMS[i] for i in kept)
