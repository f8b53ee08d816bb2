"""Page HTML -> Article: the headline, byline, body and dates a reader of the page sees.

Extraction must give the same Article whatever the page chrome around the story does (menus,
most-read lists, ad ids, footer clocks), because any difference would be reported as an edit.
And it must be cheap: the service extracts every fetched page, so the page is parsed once with
lxml and a semantic fast path (`articleBody`, `<article>`, or the dominant block of `<p>`
elements) is tried before trafilatura, which costs several times more and is only the
fallback.

Metadata comes first for dates (JSON-LD, then OpenGraph and other `<meta>`), visible markup
second. Headline and byline are the exceptions: the printed forms are kept when the page
shows them, since metadata often keeps the search headline a story was published with while
editors rewrite the one readers see, and a byline is printed as "By Maria Okafor and Daniel
Chen".

The steps live in private modules along the pipeline: `_extract_meta` (what the page says
about itself), `_extract_body` (where the body is), `_extract_margins` (what around the body
belongs to the story), `_extract_text` (how an element reads and whether it is chrome).
"""

import re
from datetime import datetime
from itertools import islice
from typing import Any

from lxml import etree

from monitor.analysis.languages import detect_language
from monitor.analysis.text import clean_display, normalize, strip_controls
from monitor.article import Article
from monitor.extraction.blocks import (
    BOILERPLATE,
    POINTER,
    Block,
    element_text,
    has_recirc_ancestor,
    is_hidden,
    is_timestamp,
    text_words,
)
from monitor.extraction.body import (
    MAX_ARTICLES,
    MIN_BODY_WORDS,
    choose_body,
    fallback_body,
    word_count,
)
from monitor.extraction.byline import BYLINE_LINE, clean_byline, visible_byline
from monitor.extraction.margins import above_body, notice_blocks
from monitor.extraction.metadata import (
    names_site,
    parse_date,
    read_metadata,
    title_headline,
)
from monitor.extraction.reading import collect_blocks
from monitor.extraction.version import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION", "extract_article"]

# Real article pages are well under 5 MB; the cap bounds the work a hostile page can cause.
MAX_INPUT_CHARS = 5_000_000
# A block whose text is mostly one or more links is a "Read more" pointer, not prose.
MAX_BLOCK_LINK_DENSITY = 0.6
# A printed <h1> shorter than this may be a logo or a section name, a longer one an unclosed
# tag; metadata decides then.
HEADLINE_WORDS = (3, 40)
_EMPTY = Article(headline="", byline="", paragraphs=())
# Plain lxml.etree, not lxml.html: lxml.html looks up a Python class for every element it
# hands out, which costs more than the whole body walk.
_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)
# A paragraph without a letter or digit (a byte-order mark, a row of dashes) says nothing.
_READABLE = re.compile(r"\w")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def extract_article(html: str, url: str | None = None) -> Article:
    """Read the Article a page shows its reader; never raises.

    Broken, empty, binary or non-article pages give an Article with empty or few paragraphs:
    callers treat a tiny `word_count` as "not an article".
    """
    root = _parse(html)
    if root is None:
        return _EMPTY
    meta = read_metadata(root)
    container, front = choose_body(root, meta)
    blocks = collect_blocks(container) if container else []
    found = word_count(blocks)
    if found < MIN_BODY_WORDS and not front:
        fallback = fallback_body(root, meta, url, found)
        if fallback is not None:
            blocks, container = fallback, None
    scope = _article_scope(root, container)
    if container:
        above = above_body(scope, container)
        if above and blocks and blocks[0].text == above[0].text:
            above = above[1:]  # printed both above and at the top of the body
        blocks = above + blocks + notice_blocks(None if scope is root else scope, container)
    printed = _visible_headline(root, scope)
    if _is_story_headline(printed, meta.site_names):
        headline = printed
    else:
        # A printed <h1> that fails that test is most often the site's logo: the <title>
        # without the site's name is the better guess.
        headline = meta.headline or title_headline(root, meta, url) or printed
    byline = clean_byline(visible_byline(scope)) or clean_byline(meta.byline)
    paragraphs, printed_byline = _clean_paragraphs(blocks, headline, byline)
    body = tuple(p for p in map(_printable, paragraphs) if p)
    return Article(
        headline=_printable(headline),
        byline=_printable(byline or printed_byline),
        paragraphs=body,
        published=meta.published or _visible_date(scope, "publish"),
        modified=meta.modified or _visible_date(scope, "modif", "updat"),
        language=meta.language or detect_language((headline, *body)),
    )


def _printable(text: str) -> str:
    """Text without control characters (escape sequences whole) or U+FFFD (what a NUL byte or
    bad encoding leaves)."""
    cleaned = strip_controls(text).replace("\ufffd", "")
    return clean_display(cleaned) if cleaned != text else text


def _parse(html: object) -> Any | None:
    """Parse once; None when there is no document at all. Bytes are read as UTF-8, though
    callers should pass text decoded with the response's charset."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not isinstance(html, str):
        return None
    # Control characters are left to lxml (it maps NUL to U+FFFD) and removed from the output
    # only: scanning every page for them would cost more than the body walk.
    text = html[:MAX_INPUT_CHARS]
    # lxml refuses str input that declares an encoding; the text is already decoded.
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        root = etree.fromstring(text, parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root if root is not None and isinstance(root.tag, str) else None


def _article_scope(root: Any, container: list[Any] | None) -> Any:
    """The element that holds this story's headline and byline: its <article>, else the page."""
    if container:
        body = container[0]
        if len(container) > 1:
            return root  # live-blog posts: the page header holds headline and byline
        if body.tag == "article":
            return body
        enclosing = next(body.iterancestors("article"), None)
        if enclosing is not None:
            return enclosing
    articles = [a for a in islice(root.iter("article"), MAX_ARTICLES) if not has_recirc_ancestor(a)]
    return articles[0] if len(articles) == 1 else root


def _visible_headline(root: Any, scope: Any) -> str:
    """The story's printed headline (itemprop=headline or <h1>), not the site's logo."""
    for where in (scope, root) if scope is not root else (root,):
        for element in where.xpath('.//*[@itemprop="headline"] | .//h1'):
            if element.tag == "meta" or has_recirc_ancestor(element) or is_hidden(element):
                continue  # a hidden <h1> is for crawlers and screen readers, not the reader
            ancestors = {a.tag for a in element.iterancestors()}
            if "header" in ancestors and not ancestors & {"article", "main"}:
                continue  # the site's logo in the page header
            text = element_text(element)
            if text:
                return text
    return ""


def _is_story_headline(printed: str, site_names: tuple[str, ...]) -> bool:
    """A printed headline of a few words that is not the site's logo, nor a whole page
    swallowed by an unclosed <h1>."""
    words = text_words(printed)
    return HEADLINE_WORDS[0] <= words <= HEADLINE_WORDS[1] and not names_site(printed, site_names)


def _visible_date(scope: Any, *marks: str) -> datetime | None:
    """A <time datetime> whose class or itemprop says what it dates, for pages without
    date metadata (WordPress themes print `<time class="entry-date published">`)."""
    for element in scope.iter("time"):
        label = f"{element.get('class') or ''} {element.get('itemprop') or ''}".lower()
        if any(mark in label for mark in marks) and not has_recirc_ancestor(element):
            parsed = parse_date(element.get("datetime") or "")
            if parsed is not None:
                return parsed
    return None


def _clean_paragraphs(
    blocks: list[Block], headline: str, byline: str
) -> tuple[tuple[str, ...], str]:
    """Drop the headline, byline, timestamps and link lists; return paragraphs and any
    printed byline found among the first lines."""
    drop = {normalize(headline).lower(), normalize(byline).lower()} - {""}
    if byline and not BYLINE_LINE.match(byline):
        drop.add("by " + normalize(byline).lower())
    # Normalising is the costly step; only a paragraph about as short as these can match.
    longest_drop = 2 * max((len(d) for d in drop), default=0) + 10
    printed_byline = ""
    paragraphs: list[str] = []
    headings: list[bool] = []
    for index, block in enumerate(blocks):
        text = block.text
        if len(text) <= longest_drop and normalize(text).lower() in drop:
            continue
        if is_timestamp(text) or BOILERPLATE.match(text) or not _READABLE.search(text):
            continue
        if block.link_chars > MAX_BLOCK_LINK_DENSITY * len(text):
            continue
        if block.link_chars and POINTER.match(text):
            continue
        if (
            not byline
            and not printed_byline
            and index < 4
            and BYLINE_LINE.match(text)
            and text_words(text) <= 12
        ):
            printed_byline = text
            continue
        paragraphs.append(text)
        headings.append(block.heading)
    # A heading with nothing after it titles a module ("Related topics", "More on this
    # story") whose links were dropped, not a section of the story.
    while headings and headings[-1]:
        paragraphs.pop()
        headings.pop()
    return tuple(paragraphs), printed_byline
