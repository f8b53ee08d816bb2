"""The HTML report: flags and diffs for each change, and article text that is never markup."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from monitor.article import Article
from monitor.review.htmlreport import CONTENT_SECURITY_POLICY, render_report
from storage.records import ChangeDetail

ChangeMaker = Callable[..., ChangeDetail]  # the make_change fixture
ReadHtml = Callable[[str], Any]  # the read_html fixture

NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
# Every element the report itself writes; anything else came from article text.
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "span", "p", "nav",
    "ol", "ul", "li", "a", "article", "del", "ins", "b", "br", "table", "colgroup", "col", "tr",
    "th", "td", "footer",
}  # fmt: skip


def test_hostile_article_text_is_shown_as_text_and_never_becomes_markup(
    read_html: ReadHtml, make_change: ChangeMaker, hostile_articles: tuple[Article, Article]
) -> None:
    html = render_report([make_change(*hostile_articles)], generated_at=NOW, scope="all changes")
    page = read_html(html)
    assert set(page.tags) <= OUR_TAGS
    assert "script" not in page.tags
    assert not [name for name, _ in page.attributes if name.startswith("on")]
    hrefs = [value for name, value in page.attributes if name == "href"]
    assert all(h.startswith(("#", "https://")) for h in hrefs), hrefs
    # The reader still sees exactly what the publisher printed.
    assert "<script>document.documentElement.dataset.pwned='script'</script>" in page.visible
    assert "onerror=\"document.documentElement.dataset.pwned='img'\"" in page.visible
    assert 'href="javascript:' in page.visible
    assert '"><svg onload=' in page.visible


def test_the_page_forbids_scripts_loads_nothing_and_allows_only_its_own_style(
    read_html: ReadHtml, make_change: ChangeMaker, hostile_articles: tuple[Article, Article]
) -> None:
    html = render_report([make_change(*hostile_articles)], generated_at=NOW, scope="all changes")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}' in (
        html.replace("&#x27;", "'")
    )
    for rule in ("default-src 'none'", "script-src 'none'", "img-src 'none'", "base-uri 'none'"):
        assert rule in CONTENT_SECURITY_POLICY
    assert "style-src 'sha256-" in CONTENT_SECURITY_POLICY
    # Self-contained: nothing is loaded from anywhere, so it reads the same offline.
    page = read_html(html)
    assert not [name for name, _ in page.attributes if name in ("src", "srcset", "data")]
    assert "link" not in page.tags
    style = html[html.index("<style>") : html.index("</style>")]
    assert "url(" not in style
    assert "@import" not in style


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>", "JAVASCRIPT:x"],
)
def test_a_watch_url_that_is_not_http_is_printed_not_linked(
    read_html: ReadHtml,
    make_change: ChangeMaker,
    hostile_articles: tuple[Article, Article],
    url: str,
) -> None:
    html = render_report(
        [make_change(*hostile_articles, url=url)], generated_at=NOW, scope="all changes"
    )
    page = read_html(html)
    assert [v for n, v in page.attributes if n == "href" and not v.startswith("#")] == []
    assert url.strip() in page.visible


def test_each_change_lists_its_flags_before_its_side_by_side_diff(
    read_html: ReadHtml,
    make_change: ChangeMaker,
) -> None:
    old = Article("Council sets budget", "By A. Writer", (
        "Millbrook council approved the harbour plan on Tuesday after a long debate.",
        "The plan to rebuild the harbour wall will cost $119 million, officials said.",
    ))  # fmt: skip
    new = Article(old.headline, old.byline, (old.paragraphs[0], old.paragraphs[1].replace(
        "$119 million", "$138 million"
    )))  # fmt: skip
    html = render_report([make_change(old, new, change_id=7)], generated_at=NOW, scope="x")
    page = read_html(html).visible
    assert page.index("FIGURE") < page.index("\u00b6 2 (edited)")
    assert "(+$19 million, +16%)" in page
    assert '<td class="old">The plan to rebuild the harbour wall will cost $<del>119</del>' in html
    assert '<td class="new">The plan to rebuild the harbour wall will cost $<ins>138</ins>' in html
    assert '<a href="#change-7">Council sets budget</a>' in html
    assert "1 change, 1 with flags" in page


def test_inline_layout_shows_deletions_and_insertions_in_one_column(
    make_change: ChangeMaker,
) -> None:
    old = Article("Council sets budget", "", ("The wall will cost $119 million, officials said.",))
    new = Article(old.headline, "", ("The wall will cost $138 million, officials said.",))
    html = render_report([make_change(old, new)], generated_at=NOW, scope="x", layout="inline")
    assert "$<del>119</del><ins>138</ins> million" in html
    assert 'class="old"' not in html


def test_an_empty_selection_says_so(
    read_html: ReadHtml,
) -> None:
    html = render_report([], generated_at=NOW, scope="flagged changes since 2026-03-01")
    assert "No changes match." in read_html(html).visible
    assert "0 changes, 0 with flags" in read_html(html).visible
