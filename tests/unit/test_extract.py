"""extract_article: the story a reader sees on a page, the same whatever the chrome around it."""

import json
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import trafilatura
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.article import Article
from monitor.extraction.pipeline import extract_article
from monitor.extraction.reading import MAX_BLOCKS

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
# The shared dev set lives next to the repository: <repo>/../shared/eval/cases.
EVAL_CASES = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "cases"
needs_eval_set = pytest.mark.skipif(
    not EVAL_CASES.is_dir(), reason=f"the shared dev set is not checked out at {EVAL_CASES}"
)

# Enough prose around a snippet that the fast path accepts the page as an article.
FILLER = (
    "The harbor commission met on Tuesday evening to discuss the marina plan, which has drawn "
    "questions from fishermen, boat owners and neighbors who live along the water. "
    "Commissioners heard from more than forty residents before the vote was taken late at night."
)


def page_file(name: str) -> Article:
    return extract_article((PAGES / name).read_text(encoding="utf-8"))


def story(body: str, head: str = "") -> str:
    """A minimal article page whose body holds the snippet between two filler paragraphs."""
    return (
        f"<html><head>{head}</head><body><nav><a href='/'>Home</a></nav><article>"
        f"<h1>Marina plan approved</h1><p>{FILLER}</p>{body}<p>{FILLER}</p>"
        "</article></body></html>"
    )


def snippet_paragraphs(body: str) -> tuple[str, ...]:
    """The paragraphs the snippet contributed, without the filler around it."""
    return tuple(p for p in extract_article(story(body)).paragraphs if p != FILLER)


@pytest.fixture
def no_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if extraction falls back to trafilatura."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        pytest.fail("the fast path should have read this page without trafilatura")

    monkeypatch.setattr(trafilatura, "bare_extraction", refuse)


# -- the shared dev set: chrome differs between old.html and new.html in every case ----------


def eval_pair(case: str) -> tuple[Article, Article]:
    folder = EVAL_CASES / case
    old = extract_article((folder / "old.html").read_text(encoding="utf-8"))
    new = extract_article((folder / "new.html").read_text(encoding="utf-8"))
    return old, new


def eval_case_names() -> list[str]:
    if not EVAL_CASES.is_dir():
        return ["missing"]
    return sorted(p.name for p in EVAL_CASES.iterdir() if p.is_dir())


@needs_eval_set
def test_chrome_only_change_gives_an_equal_article_and_fingerprint() -> None:
    old, new = eval_pair("quiet-chrome-only")
    assert old == new
    assert old.fingerprint() == new.fingerprint()


@needs_eval_set
def test_straight_quotes_change_the_text_but_not_the_fingerprint() -> None:
    old, new = eval_pair("quiet-straight-quotes")
    assert old != new
    assert old.fingerprint() == new.fingerprint()


@needs_eval_set
@pytest.mark.parametrize("case", eval_case_names())
def test_dev_set_pages_give_the_story_without_its_chrome(case: str) -> None:
    for article in eval_pair(case):
        assert article.headline.startswith("Riverton Council Approves $412 Million Budget")
        assert article.byline.startswith("By Maria Okafor")
        assert article.paragraphs[0].startswith("The Riverton City Council approved")
        assert article.word_count > 250
        text = article.text
        for chrome in ("Trending", "Weather", "Updated", "Riverton Ledger", "adSlot", "©"):
            assert chrome not in text


@needs_eval_set
@pytest.mark.parametrize("case", [c for c in eval_case_names() if not c.startswith("quiet-")])
def test_dev_set_edits_change_the_fingerprint(case: str) -> None:
    old, new = eval_pair(case)
    assert old.fingerprint() != new.fingerprint()


@needs_eval_set
def test_appended_correction_is_the_last_paragraph() -> None:
    old, new = eval_pair("correction-appended")
    assert new.paragraphs[:-1] == old.paragraphs
    assert new.paragraphs[-1].startswith("Correction: An earlier version of this article")


@needs_eval_set
def test_byline_change_is_read_in_its_printed_form() -> None:
    old, new = eval_pair("byline-changed")
    assert (old.byline, new.byline) == ("By Maria Okafor", "By Maria Okafor and Daniel Chen")


# -- fixture pages of different shapes ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "headline", "byline", "count", "first", "last"),
    [
        (
            "wire_story.html",
            "Ferry operator halts service after hull crack found",
            "By DANIEL CHEN and PRIYA RAMAN",
            8,
            "HARBOR CITY, Ore. (CP) \u2014 The state\u2019s largest ferry operator",
            "Chen reported from Seattle.",
        ),
        (
            "newspaper_jsonld.html",
            "Riverton to Close Two Fire Stations as Pension Costs Climb",
            "By Maria Okafor and Daniel Chen",
            13,
            "The city says it cannot staff all nine stations",
            "Residents can comment online until June 14.",
        ),
        (
            "opengraph_only.html",
            "Gull Island votes to keep its one-room school",
            "Lena Whitcomb",
            4,
            "Gull Island residents voted 212 to 64 on Tuesday",
            "The increase will cost the owner of a median-priced home about $310 a year",
        ),
        (
            "live_blog.html",
            "Live updates: Storm makes landfall near Port Ellis",
            "By Coast Courier staff",
            7,
            "Power outages top 80,000",
            "The storm made landfall about 10 miles south of Port Ellis",
        ),
        (
            "blog_wordpress.html",
            "Budget talks stall over library hours",
            "by Jo Park",
            3,
            "Budget negotiations at City Hall stalled on Wednesday night",
            "Talks resume Friday morning.",
        ),
        (
            "broken_markup.html",
            "Marina expansion wins final approval",
            "By Tom Ferreira",
            5,
            "The Bayview Harbor Commission gave final approval on Monday",
            "AT&T and other vendors at the marina will stay open during construction",
        ),
    ],
)
def test_fixture_page_gives_headline_byline_and_body(
    *, name: str, headline: str, byline: str, count: int, first: str, last: str
) -> None:
    article = page_file(name)
    assert article.headline == headline
    assert article.byline == byline
    assert len(article.paragraphs) == count
    assert article.paragraphs[0].startswith(first)
    assert article.paragraphs[-1].startswith(last)


@pytest.mark.usefixtures("no_trafilatura")
@pytest.mark.parametrize(
    "name",
    [
        "wire_story.html",
        "newspaper_jsonld.html",
        "opengraph_only.html",
        "live_blog.html",
        "blog_wordpress.html",
        "broken_markup.html",
    ],
)
def test_pages_with_paragraph_markup_are_read_without_trafilatura(name: str) -> None:
    assert page_file(name).word_count > 80


def test_wire_story_body_has_no_ads_captions_related_links_or_footer() -> None:
    text = page_file("wire_story.html").text
    for chrome in (
        "Advertisement",
        "RELATED",
        "CP Photo",
        "Most Read",
        "Storm knocks out power",
        "Copyright",
        "Page generated",
        "Ferries Oregon",
        "renderAd",
    ):
        assert chrome not in text


def test_wire_story_inline_markup_and_entities_read_as_printed() -> None:
    paragraphs = page_file("wire_story.html").paragraphs
    assert "found a crack in the hull of its newest vessel" in paragraphs[0]
    assert "inspection of the Marianne Beck, which entered" in paragraphs[1]
    assert paragraphs[2].startswith(
        "\u201cNobody was ever in danger,\u201d said Helen Vasquez, the"
    )
    assert "would add 12 extra buses by Friday" in paragraphs[3]  # NBSP folded to a space


def test_newspaper_keeps_subheads_quotes_and_lists_but_not_pullquotes_or_promos() -> None:
    article = page_file("newspaper_jsonld.html")
    assert "Pension bill doubles" in article.paragraphs
    assert "What happens next" in article.paragraphs
    assert "publish the response-time analysis in full, and" in article.paragraphs
    # The pull quote repeats a quote from the body; it must appear once, not twice.
    assert article.text.count("We are out of places to cut") == 1
    for chrome in (
        "Related coverage",
        "Audit faults",
        "morning briefing",
        "Sign up",
        "Share on",
        "Comments (41)",
        "saved my neighbor",
        "covers City Hall",
        "Report an error",
        "Updated 2:22",
        "Trending",
        "Photo: Ledger staff",
    ):
        assert chrome not in article.text


def test_newspaper_dates_come_from_json_ld_with_their_offsets() -> None:
    article = page_file("newspaper_jsonld.html")
    central = timezone(timedelta(hours=-5))
    assert article.published == datetime(2024, 6, 3, 6, 0, tzinfo=central)
    assert article.modified == datetime(2024, 6, 3, 14, 22, 31, tzinfo=central)


def test_opengraph_dates_naive_is_utc_and_garbage_is_none() -> None:
    article = page_file("opengraph_only.html")
    assert article.published == datetime(2023, 11, 8, 21, 15, tzinfo=UTC)
    assert article.modified is None


def test_live_blog_posts_are_read_in_page_order_without_timestamps_or_share_links() -> None:
    article = page_file("live_blog.html")
    assert [p for p in article.paragraphs if len(p.split()) < 8] == [
        "Power outages top 80,000",
        "Evacuation shelters near capacity",
        "Storm comes ashore as a Category 2",
    ]
    for chrome in ("10:47", "2 hours ago", "Updated 9:58", "Copy link", "Load more", "LIVE"):
        assert chrome not in article.text
    assert "School districts cancel" not in article.text


def test_blog_dates_come_from_its_printed_time_elements_when_metadata_is_missing() -> None:
    article = page_file("blog_wordpress.html")
    central = timezone(timedelta(hours=-5))
    assert article.published == datetime(2024, 5, 1, 19, 42, tzinfo=central)
    assert article.modified == datetime(2024, 5, 2, 8, 15, tzinfo=central)


def test_blog_share_buttons_related_posts_and_comments_stay_out() -> None:
    text = page_file("blog_wordpress.html").text
    for chrome in (
        "Share this",
        "Twitter",
        "Related",
        "Library board asks",
        "grandkids",
        "Posted in",
    ):
        assert chrome not in text


def test_broken_markup_still_gives_clean_paragraphs() -> None:
    article = page_file("broken_markup.html")
    assert article.published == datetime(2022, 7, 19, tzinfo=UTC)
    assert "SCRIPT TEXT" not in article.text
    assert "slip fees & rental income" in article.text
    assert '"prices out the people who have fished here for generations,"' in article.text
    assert "construction \u2014 <that> is the plan" in article.text
    assert "Bayview Gazette" not in article.text


def test_div_soup_is_read_by_the_fallback_without_menus_or_footer() -> None:
    article = page_file("div_soup.html")
    assert article.headline == "Water main break floods Elm Street basements"
    assert article.byline == ""
    body = [p for p in article.paragraphs if len(p.split()) > 20]
    assert [p.split()[:4] for p in body] == [
        ["A", "100-year-old", "water", "main"],
        ["City", "utility", "crews", "shut"],
        ["\u201cThe", "pipe", "was", "installed"],
        ["Residents", "whose", "basements", "flooded"],
    ]
    for chrome in ("HOME", "CONTACT US", "Quick links", "School closings", "All rights reserved"):
        assert chrome not in article.text


def test_section_front_gives_no_story() -> None:
    article = page_file("section_front.html")
    assert article.headline == "Local News"
    assert article.paragraphs == ()


def test_section_front_without_metadata_still_gives_no_story() -> None:
    html = (PAGES / "section_front.html").read_text(encoding="utf-8")
    html = html.replace('content="website"', 'content="x"').replace("CollectionPage", "Thing")
    assert extract_article(html).word_count < 40


# -- metadata -------------------------------------------------------------------------------


def with_json_ld(data: str) -> str:
    return story("", head=f'<script type="application/ld+json">{data}</script>')


@pytest.mark.parametrize(
    ("json_ld", "byline"),
    [
        ('{"@type": "NewsArticle", "author": "Maria Okafor"}', "Maria Okafor"),
        (
            '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Maria Okafor"}}',
            "Maria Okafor",
        ),
        (
            '{"@type": "Article", "author": [{"name": "Maria Okafor"}, {"name": "Daniel Chen"}]}',
            "Maria Okafor and Daniel Chen",
        ),
        (
            '[{"@type": "ReportageNewsArticle", "author": ["A One", "B Two", "C Three"]}]',
            "A One, B Two and C Three",
        ),
        (
            '{"@graph": [{"@type": "Person", "@id": "#mo", "name": "Maria Okafor"},'
            ' {"@type": "NewsArticle", "author": [{"@id": "#mo"}]}]}',
            "Maria Okafor",
        ),
        ('{"@type": "NewsArticle", "author": "https://example.com/staff/okafor"}', ""),
        ('{"@type": "WebPage", "author": "Not The Story"}', ""),
        ("{ broken json", ""),
    ],
)
def test_json_ld_author_shapes_give_a_joined_byline(json_ld: str, byline: str) -> None:
    assert extract_article(with_json_ld(json_ld)).byline == byline


def test_json_ld_headline_wins_over_opengraph_and_entities_are_decoded() -> None:
    head = (
        '<meta property="og:title" content="OG title">'
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "Mayor&#8217;s plan wins"}</script>'
    )
    html = story("", head=head).replace("<h1>Marina plan approved</h1>", "")
    assert extract_article(html).headline == "Mayor\u2019s plan wins"


@pytest.mark.parametrize(
    ("h1", "headline"),
    [
        # editors rewrote the printed headline; the metadata kept the one it was published with
        ("Marina plan approved after late vote", "Marina plan approved after late vote"),
        # a logo, a section name: the metadata names the story
        ("Riverton Ledger", "Mayor\u2019s plan wins"),
        ("Local", "Mayor\u2019s plan wins"),
    ],
)
def test_printed_headline_wins_over_metadata_unless_it_is_a_logo(h1: str, headline: str) -> None:
    head = (
        '<meta property="og:site_name" content="Riverton Ledger">'
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "Mayor&#8217;s plan wins"}</script>'
    )
    html = story("", head=head).replace("Marina plan approved", h1)
    assert extract_article(html).headline == headline


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-14T09:30:00Z", datetime(2024, 3, 14, 9, 30, tzinfo=UTC)),
        ("2024-03-14T09:30:00.000+0000", datetime(2024, 3, 14, 9, 30, tzinfo=UTC)),
        (
            "2024-03-14T09:30:00-07:00",
            datetime(2024, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=-7))),
        ),
        ("2024-03-14T09:30:00", datetime(2024, 3, 14, 9, 30, tzinfo=UTC)),
        ("2024-03-14 09:30", datetime(2024, 3, 14, 9, 30, tzinfo=UTC)),
        ("2024-03-14", datetime(2024, 3, 14, tzinfo=UTC)),
        ("Thu, 14 Mar 2024 09:30:00 GMT", datetime(2024, 3, 14, 9, 30, tzinfo=UTC)),
        ("yesterday", None),
        ("2024-13-45T99:00:00Z", None),
        ("0001-01-01T00:00:00Z", None),
        ("", None),
    ],
)
def test_published_date_parsing(value: str, expected: datetime | None) -> None:
    head = f'<meta property="article:published_time" content="{value}">'
    assert extract_article(story("", head=head)).published == expected


def test_modified_date_falls_back_to_og_updated_time() -> None:
    head = '<meta property="og:updated_time" content="2024-05-01T12:00:00+02:00">'
    modified = extract_article(story("", head=head)).modified
    assert modified == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "site_name", "headline"),
    [
        ("Ferry service returns | Riverton Ledger", "", "Ferry service returns"),
        (
            "Ferry service returns to the north shore - The Site",
            "",
            "Ferry service returns to the north shore",
        ),
        ("Ferry service returns \u2014 Harbor Tribune", "Harbor Tribune", "Ferry service returns"),
        ("Harbor Tribune :: Ferry service returns", "Harbor Tribune", "Ferry service returns"),
        ("Opinion | Why the ferry budget fails", "", "Opinion | Why the ferry budget fails"),
        (
            "Council votes 7-4 on ferry - but not without a fight",
            "",
            "Council votes 7-4 on ferry - but not without a fight",
        ),
        ("Ferry service returns", "", "Ferry service returns"),
    ],
)
def test_title_fallback_drops_the_site_name(title: str, site_name: str, headline: str) -> None:
    meta = f'<meta property="og:site_name" content="{site_name}">' if site_name else ""
    html = f"<html><head><title>{title}</title>{meta}</head><body><p>{FILLER}</p></body></html>"
    assert extract_article(html).headline == headline


def test_title_suffix_matching_the_url_host_is_dropped() -> None:
    html = "<html><head><title>Budget passes - Riverton Ledger Online</title></head></html>"
    url = "https://www.rivertonledgeronline.example/local/budget"
    assert extract_article(html, url=url).headline == "Budget passes"


def test_visible_byline_is_kept_as_printed_with_its_timestamp_removed() -> None:
    body = (
        '<div class="byline">By <a rel="author" href="/a">Maria Okafor</a> and '
        '<a rel="author" href="/b">Daniel Chen</a> | Updated 3:12 p.m. ET</div>'
    )
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": "M. Okafor"}'
        "</script>"
    )
    assert extract_article(story(body, head=head)).byline == "By Maria Okafor and Daniel Chen"


@pytest.mark.parametrize(
    ("markup", "byline"),
    [
        # only the last of several names carries the byline class: the printed line wins
        (
            '<p><span>By </span><span itemprop="name"><a href="/a">Maria Okafor</a></span> and '
            '<span class="last-byline" itemprop="name"><a href="/b">Daniel Chen</a></span></p>',
            "By Maria Okafor and Daniel Chen",
        ),
        # a byline block named in a data-* attribute, with a relative time and a role line
        (
            '<div data-component="byline-block"><time>2 hours ago</time>'
            "<div>By Tom Ellis</div><div>Transport correspondent, BBC News</div></div>",
            "By Tom Ellis",
        ),
    ],
)
def test_printed_byline_is_the_by_line_of_its_block(markup: str, byline: str) -> None:
    assert extract_article(story(markup)).byline == byline


def test_rel_author_links_without_a_byline_class_are_joined() -> None:
    body = (
        '<div class="meta"><a rel="author" href="/a">Maria Okafor</a>'
        '<a rel="author" href="/b">Daniel Chen</a></div>'
    )
    assert extract_article(story(body)).byline == "Maria Okafor and Daniel Chen"


def test_unmarked_by_line_at_the_top_becomes_the_byline_not_a_paragraph() -> None:
    html = story("").replace(
        "<h1>Marina plan approved</h1>", "<h1>Marina plan approved</h1><p>By Lena Whitcomb</p>"
    )
    article = extract_article(html)
    assert article.byline == "By Lena Whitcomb"
    assert article.paragraphs == (FILLER, FILLER)


# -- body text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "paragraphs"),
    [
        (
            "<p>said <a href='/p/ortega'>Luis Ortega</a>, who <em>voted</em> "
            "<strong>no</strong>.</p>",
            ("said Luis Ortega, who voted no.",),
        ),
        (
            "<p>The <b>city</b>\u2019s budget (<i>draft</i>) is "
            "\u201c<a href='#'>final</a>.\u201d</p>",
            ("The city\u2019s budget (draft) is \u201cfinal.\u201d",),
        ),
        ("<p>first line<br>second line</p>", ("first line second line",)),
        ("<p>___<br>Chen reported from Seattle.</p>", ("___", "Chen reported from Seattle.")),
        (
            "<p>Reporting by Tom Ashby<br>Editing by Catherine Holt</p>",
            ("Reporting by Tom Ashby", "Editing by Catherine Holt"),
        ),
        # a labelled pointer to another story, however short its link
        ("<p><strong>READ MORE: </strong><a href='/n/1'>Man charged</a></p>", ()),
        ("<p>RELATED: <a href='/n/2'>Bus route axed</a></p>", ()),
        (
            "<p><em>Sign up for the Morning newsletter. </em><a href='/nl'>Get it in your "
            "inbox</a>.</p>",
            (),
        ),
        (
            "<p>Subscribers will pay $5 more, the <a href='/co'>company</a> said.</p>",
            ("Subscribers will pay $5 more, the company said.",),
        ),
        ("<p>one paragraph<br><br>another paragraph</p>", ("one paragraph", "another paragraph")),
        (
            "<p>Costs&nbsp;rose to &pound;5\u00a0million &amp; more &#8212; a lot</p>",
            ("Costs rose to \u00a35 million & more \u2014 a lot",),
        ),
        ("<p>Before<script>var secret = 'SCRIPT';</script> after</p>", ("Before after",)),
        ("<ul><li><span>North</span><div>South</div></li></ul>", ("North South",)),
        (
            "<blockquote><p>First quoted.</p><p>Second quoted.</p></blockquote>",
            ("First quoted.", "Second quoted."),
        ),
        ("<h2>What happens next</h2>", ("What happens next",)),
        (
            "<table><tr><th>Ward</th><th>Votes</th></tr><tr><td>North</td><td>1,204</td></tr></table>",
            ("Ward | Votes", "North | 1,204"),
        ),
        (
            "<p>Read more: <a href='/x'>Council approves budget after late-night fight "
            "over police</a></p>",
            (),
        ),
        (
            "<p>Updated 3:12 p.m.</p><p>Published 2 hours ago</p>"
            "<p>Updated: March 14, 2024 at 11:05 a.m. ET</p>",
            (),
        ),
        ("<p>On Monday, the council met again.</p>", ("On Monday, the council met again.",)),
        (
            "<p><em>This article was last updated at 9.45am on 14 August.</em></p>"
            "<p>5 min read</p><p>1,204 views</p><p>Listen to this article · 6:12 min</p>"
            "<p>Story continues below</p><p>Sponsor Message</p>",
            (),
        ),
        (
            "<p>This story was updated at 3:45 p.m. to include comment from the mayor.</p>",
            ("This story was updated at 3:45 p.m. to include comment from the mayor.",),
        ),
        ("<p>Advertisement</p><div class='ad-slot'><p>Buy a boat today</p></div>", ()),
        ("<div class='newsletter-signup'><p>Get our briefing in your inbox.</p></div>", ()),
        ("<figure><img src='x.jpg'><figcaption>The marina at dawn.</figcaption></figure>", ()),
        ("<p hidden>Hidden text</p><p aria-hidden='true'>Also hidden</p>", ()),
        ("<div class='relatedArticles'><p>Other story summary text</p></div>", ()),
        ("<div class='most-read'><p>Popular story summary text</p></div>", ()),
        ("<p>Marina plan approved</p>", ()),
        # a build hash in a class name is not a word, even where its letters spell "ad"
        (
            "<div class='ssrcss-2c3ad2-Paragraph'><p class='css-1ad9x'>The ferry sails at "
            "noon.</p></div>",
            ("The ferry sails at noon.",),
        ),
        (
            "<div class='ssrcss-ad9526-RichTextContainer'><p class='sc-AdVaJa'>The ferry sails "
            "at noon.</p></div>",
            ("The ferry sails at noon.",),
        ),
        ("<div id='ad1'><p>Buy a boat today</p></div>", ()),
        # component names in data-* attributes mark chrome as class names do
        ("<div data-qa='article-body-ad'><p>Story continues below the offer</p></div>", ()),
        ("<div data-component='related-content'><p>Other story summary text</p></div>", ()),
        ("<div data-testid='Newsletter'><p>The 7</p><p>Our morning email.</p></div>", ()),
    ],
)
def test_body_snippet_reads_as(snippet: str, paragraphs: tuple[str, ...]) -> None:
    assert snippet_paragraphs(snippet) == paragraphs


STANDFIRST = "The city says it cannot staff all nine stations without raising taxes."


@pytest.mark.parametrize(
    "header",
    [
        # in the article's own <header>, named by its id
        f"<header><h1>Marina plan approved</h1><p id='article-summary'>{STANDFIRST}</p></header>",
        # beside the headline, named in a data-* attribute
        f"<h1>Marina plan approved</h1><div data-qa='subheadline'><h2>{STANDFIRST}</h2></div>",
    ],
)
def test_standfirst_above_the_body_element_is_the_first_paragraph(header: str) -> None:
    html = (
        f"<html><body><article>{header}<section itemprop='articleBody'><p>{FILLER}</p>"
        f"<p>{FILLER}</p></section></article></body></html>"
    )
    assert extract_article(html).paragraphs == (STANDFIRST, FILLER, FILLER)


@pytest.mark.parametrize(
    "header",
    [
        # key points are a list, not a standfirst
        "<div class='summary'><ul><li>Two stations close.</li><li>Taxes stay flat.</li></ul></div>",
        # a teaser's summary in the site's header
        f"<header class='site'><p class='summary'>{STANDFIRST}</p></header>",
    ],
)
def test_summary_that_is_not_a_standfirst_stays_out(header: str) -> None:
    html = (
        f"<html><body>{header}<article><h1>Marina plan approved</h1><section "
        f"itemprop='articleBody'><p>{FILLER}</p></section></article></body></html>"
    )
    assert extract_article(html).paragraphs == (FILLER,)


def test_correction_printed_after_the_body_element_ends_the_story() -> None:
    html = (
        "<html><body><article><h1>Marina plan approved</h1>"
        f"<section itemprop='articleBody'><p>{FILLER}</p></section>"
        "<div><p>Correction: March 7, 2024</p></div>"
        "<div><p>An earlier version of this article misstated the vote.</p></div>"
        "<div class='bottom-of-article'><p>Jo Park covers the harbor.</p></div>"
        "</article><footer><p>Corrections: email us.</p></footer></body></html>"
    )
    assert extract_article(html).paragraphs == (
        FILLER,
        "Correction: March 7, 2024",
        "An earlier version of this article misstated the vote.",
    )


def test_correction_printed_between_headline_and_body_opens_the_story() -> None:
    html = (
        "<html><body><main><div class='grid'><div><h1>Marina plan approved at last</h1></div>"
        "<div data-qa='correction-notice'><p><i>Correction: An earlier version of this article "
        "misstated the vote.</i></p></div>"
        f"<div class='body'><p>{FILLER}</p><p>{FILLER}</p></div></div></main></body></html>"
    )
    assert extract_article(html).paragraphs == (
        "Correction: An earlier version of this article misstated the vote.",
        FILLER,
        FILLER,
    )


def test_heading_left_with_nothing_under_it_is_a_module_title_not_body() -> None:
    html = (
        f"<html><body><article><h1>Marina plan approved</h1><p>{FILLER}</p>"
        "<h2>What happens next</h2><p>The marina opens in May.</p>"
        "<h2>Related topics</h2><ul><li><a href='/t'>Harbors</a></li></ul></article></body></html>"
    )
    assert extract_article(html).paragraphs == (
        FILLER,
        "What happens next",
        "The marina opens in May.",
    )


def test_body_is_found_in_a_dominant_div_when_there_is_no_article_element() -> None:
    html = (
        "<html><body><div class='menu'><a href='/'>Home</a></div>"
        f"<div class='story-text'><p>{FILLER}</p><p>Second paragraph of the story.</p></div>"
        "<div class='footer'><p>Copyright notice</p></div></body></html>"
    )
    assert extract_article(html).paragraphs == (FILLER, "Second paragraph of the story.")


def test_body_split_across_sibling_columns_is_read_whole() -> None:
    column = "".join(f"<p>{FILLER} Part {{}}.</p>" for _ in range(3))
    html = (
        "<html><body><section class='story'>"
        f"<div class='column'>{column.format(1, 2, 3)}</div>"
        f"<div class='column'>{column.format(4, 5, 6)}</div>"
        "</section></body></html>"
    )
    paragraphs = extract_article(html).paragraphs
    assert [p.rsplit(" ", 1)[-1] for p in paragraphs] == ["1.", "2.", "3.", "4.", "5.", "6."]


def test_correction_styled_as_a_sidebar_is_kept() -> None:
    snippet = (
        "<aside class='correction'><p>Correction: The vote was 7 to 4, not 8 to 3.</p></aside>"
    )
    assert snippet_paragraphs(snippet) == ("Correction: The vote was 7 to 4, not 8 to 3.",)


def test_article_element_that_is_a_teaser_loses_to_the_real_body() -> None:
    long_body = "".join(f"<p>{FILLER} Paragraph {i}.</p>" for i in range(6))
    html = (
        "<html><body><div class='story'>" + long_body + "</div>"
        f"<div class='more'><article><p>{FILLER}</p></article></div></body></html>"
    )
    assert len(extract_article(html).paragraphs) == 6


# -- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02 binary \xff\xfe",
        "<html></html>",
        "<!-- only a comment -->",
        "<html><body><p>Too short.</p></body></html>",
        "<" * 1000,
        "<p>" * 5000,
        "<div>" * 5000 + "deep text" + "</div>" * 5000,
        '<script type="application/ld+json">' + "[" * 5000 + "</script>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
    ],
)
def test_junk_gives_an_article_with_next_to_no_body(html: str) -> None:
    article = extract_article(html)
    assert isinstance(article, Article)
    assert article.word_count < 40


def test_xml_declared_page_is_read() -> None:
    html = "<?xml version='1.0' encoding='utf-8'?>" + story("<p>Declared as XML.</p>")
    assert "Declared as XML." in extract_article(html).paragraphs


def test_nul_bytes_and_control_characters_never_reach_the_output() -> None:
    article = extract_article(story("<p>Bad\x00 bytes\x07 here.</p>"))
    assert "Bad bytes here." in article.paragraphs


def test_five_megabytes_of_random_bytes_give_no_story() -> None:
    junk = random.Random(5).randbytes(5_000_000).decode("latin-1")
    assert extract_article(junk).word_count < 40


def test_huge_page_is_read_only_up_to_the_input_cap() -> None:
    html = story("<p>Early text.</p>") + "<p>late filler words</p>" * 400_000
    article = extract_article(html)
    assert "Early text." in article.paragraphs
    assert len(article.paragraphs) <= MAX_BLOCKS


def test_trafilatura_failure_means_no_body(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(trafilatura, "bare_extraction", explode)
    # Text straight in <body>, in no element the fast path weighs: only trafilatura reads it.
    bare_layout = f"<html><body>{FILLER}<br><br>{FILLER}</body></html>"
    assert extract_article(bare_layout).paragraphs == ()


def test_paragraphs_printed_as_plain_divs_are_read_without_trafilatura(
    no_trafilatura: None,
) -> None:
    paragraphs = "".join(
        f'<div data-testid="paragraph-{i}" class="text__text__1FZLe">{FILLER} Part {i}.</div>'
        for i in range(3)
    )
    html = (
        "<html><body><article><h1>Marina plan approved</h1>"
        "<div class='info'><span>March 21, 2024</span></div>"
        f"<div class='article-body__content'>{paragraphs}"
        "<div class='newsletter-inline'><p>Sign up here.</p></div></div>"
        "<p>Reporting by Tom Ashby; Editing by Catherine Holt</p></article></body></html>"
    )
    article = extract_article(html)
    assert [p.rsplit(" ", 1)[-1] for p in article.paragraphs] == ["0.", "1.", "2."]


def test_body_only_in_json_ld_is_read_line_by_line() -> None:
    body = json.dumps({"@type": "NewsArticle", "articleBody": f"{FILLER}\n\n{FILLER} Again."})
    html = (
        f"<html><head><script type='application/ld+json'>{body}</script></head>"
        "<body><div id='root'><p>Loading…</p></div></body></html>"
    )
    assert extract_article(html).paragraphs == (FILLER, f"{FILLER} Again.")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div class='ad'>",
                "</div>",
                "<article>",
                "<br>",
                "<a href=x>",
                "</a>",
                "<script>",
                "</script>",
                "&nbsp;",
                "&amp",
                "<h1>",
                "<title>",
                "\x00",
                "word ",
                "By Maria ",
                "Updated 3:12 p.m. ",
                "\u201c",
                "<li>",
                "<table><tr><td>",
            ]
        )
        | st.text(max_size=20),
        max_size=60,
    )
)
def test_any_markup_gives_an_article_with_clean_paragraphs(pieces: list[str]) -> None:
    article = extract_article("".join(pieces))
    for text in (article.headline, article.byline, *article.paragraphs):
        assert text == text.strip()
        assert "\x00" not in text
        assert "  " not in text
    assert all(article.paragraphs)


def test_bytes_are_accepted_even_though_str_is_expected() -> None:
    raw = story("<p>From bytes.</p>").encode("utf-8")
    assert "From bytes." in extract_article(raw).paragraphs  # type: ignore[arg-type]


def test_same_page_twice_gives_equal_articles_and_dates() -> None:
    html = (PAGES / "newspaper_jsonld.html").read_text(encoding="utf-8")
    first, second = extract_article(html), extract_article(html)
    assert first == second
    assert (first.published, first.modified) == (second.published, second.modified)
