"""Where the story's body is on a page, and its paragraph-level blocks.

Private to `monitor.extraction`. The fast path reads semantic markup (articleBody, <article>,
live-blog posts) or the element holding the most <p> text. Pages that print paragraphs as
plain-text <div>s get a second pass that reads those the same way; the JSON-LD articleBody
and then trafilatura (at several times the cost) are the fallbacks.
"""

from copy import deepcopy
from itertools import islice
from typing import Any

import trafilatura
from lxml import etree

from monitor.analysis.text import clean_display
from monitor.analysis.text import word_count as text_word_count
from monitor.extraction.blocks import (
    BLOCK_LEVEL,
    BREAK,
    CONTAINERS_INSIDE_BLOCK,
    Block,
    block_text,
    class_words,
    element_text,
    gather_text,
    has_recirc_ancestor,
    is_chrome,
    split_breaks,
    with_link_share,
    word_set,
)
from monitor.extraction.metadata import PageMetadata

# A body shorter than this is a teaser, a paywall stub or the wrong container.
MIN_BODY_WORDS = 40
# Share of a container's text that sits inside links above which it is a list of teasers.
MAX_CONTAINER_LINK_DENSITY = 0.25
# Bounds on the work one page can cause. A long real article has a few hundred paragraphs
# and a few thousand elements; anything far beyond is junk, and trafilatura's cost grows
# with the tree, so it is not called on trees that large.
MAX_BLOCKS = 2_000
MAX_ARTICLES = 500
MAX_FALLBACK_ELEMENTS = 30_000


def choose_body(root: Any, meta: PageMetadata) -> tuple[list[Any] | None, bool]:
    """The elements whose paragraphs form the body, in order, and whether the page is a
    section front (a list of teasers) that no fallback should read as a story.

    Semantic markup first (articleBody, then <article>), then the element holding the most
    <p> text.
    """
    bodies = [e for e in root.xpath("//*[@itemprop]") if "articlebody" in e.get("itemprop").lower()]
    outer = [b for b in bodies if not any(a in bodies for a in b.iterancestors())]
    if outer and _estimate_words(outer) >= MIN_BODY_WORDS:
        return list(outer), False
    articles = [a for a in islice(root.iter("article"), MAX_ARTICLES) if not has_recirc_ancestor(a)]
    chosen = _choose_article(root, articles, meta) if articles else None
    if chosen or meta.declares_non_article:
        return chosen, meta.declares_non_article
    dominant = _dominant_container(root)
    if dominant is None or link_density(dominant) > MAX_CONTAINER_LINK_DENSITY:
        return None, False
    if _is_teaser_list(dominant):
        return None, True
    return [dominant], False


def _choose_article(root: Any, articles: list[Any], meta: PageMetadata) -> list[Any] | None:
    """The story's <article>, the posts of a live blog, or None if all are teasers."""
    sizes = {a: _estimate_words([a]) for a in articles}
    best = max(articles, key=lambda a: sizes[a])
    group = _live_post_group(best, articles, sizes, meta)
    if group:
        return group
    if sizes[best] < MIN_BODY_WORDS:
        return None
    if 2 * sizes[best] >= _estimate_words([root]):
        return [best]  # no other block on the page could be three times larger
    dominant = _dominant_container(root)
    # An <article> that is a small teaser next to the real, much longer body.
    if (
        dominant is not None
        and dominant is not best
        and best not in dominant.iterancestors()
        and dominant not in best.iterancestors()
        and _estimate_words([dominant]) > 3 * sizes[best]
    ):
        return [dominant]
    return [best]


def _estimate_words(elements: list[Any]) -> int:
    """Words in <p> text under the elements: cheap (XPath in C) and good enough to rank."""
    return sum(text_word_count(t) for e in elements for t in e.xpath(".//p//text()"))


def _live_post_group(
    best: Any, articles: list[Any], sizes: dict[Any, int], meta: PageMetadata
) -> list[Any] | None:
    """Sibling <article> posts of a live blog, read together in page order."""
    parent = best.getparent()
    if parent is None:
        return None
    siblings = [a for a in articles if a.getparent() is parent]
    words = [sizes[a] for a in siblings]
    if sum(1 for w in words if w >= 15) < 2 or sum(words) < 1.5 * max(words):
        return None
    looks_live = meta.live_blog or bool(class_words(parent) & {"live", "liveblog", "feed"})
    if not looks_live and sum(words) / len(words) < 30:
        return None  # a grid of teaser cards, not posts
    if link_density(parent) > MAX_CONTAINER_LINK_DENSITY or _is_teaser_list(parent):
        return None
    return siblings


_OUTSIDE_CHROME = (
    "[not(ancestor::aside or ancestor::nav or ancestor::footer or ancestor::header"
    " or ancestor::form or ancestor::figure)]"
)
_PARAGRAPHS = "//p" + _OUTSIDE_CHROME
# A <div> holding only text and inline markup: how React sites print a paragraph.
_TEXT_DIVS = (
    "//div[normalize-space()][not(.//div or .//p or .//ul or .//ol or .//li or .//table"
    " or .//section or .//article or .//blockquote or .//h2 or .//h3 or .//h4)]" + _OUTSIDE_CHROME
)
_DIV_BLOCKERS = word_set("div p ul ol li table section article blockquote h2 h3 h4 h5 h6")


def _dominant_container(root: Any, paragraphs_path: str = _PARAGRAPHS) -> Any | None:
    """The element whose paragraphs (children or grandchildren) hold the most words."""
    scores: dict[Any, float] = {}
    paragraphs = root.xpath(paragraphs_path)
    for p in paragraphs[:5000]:
        words = text_word_count(p.xpath("string()"))
        if words < 3:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + words
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + words / 2
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:5]
    candidates = [e for e, _score in ranked if e.tag != "html" and not is_chrome(e)]
    chosen = next(
        (e for e in candidates if not any(is_chrome(a) for a in e.iterancestors())),
        # Unclosed tags can leave the whole story inside the menu's <div>: the words decide.
        candidates[0] if candidates else None,
    )
    # A body split into sibling columns scores about as high at its parent as in one column.
    while chosen is not None:
        parent = chosen.getparent()
        if parent is None or parent.tag == "html" or is_chrome(parent):
            break
        if scores.get(parent, 0.0) < 0.75 * scores[chosen]:
            break
        chosen = parent
    return chosen


def _is_teaser_list(element: Any) -> bool:
    """A section front: nearly every paragraph sits under a headline that links elsewhere."""
    linked_headings = len(element.xpath(".//*[self::h2 or self::h3 or self::h4][.//a[@href]]"))
    paragraphs = len(element.xpath(".//p"))
    return linked_headings >= 3 and 3 * linked_headings >= paragraphs


def link_density(element: Any) -> float:
    """Share of the element's text that sits inside links."""
    total = sum(len(t) for t in element.xpath(".//text()[not(ancestor::script)]"))
    linked = sum(len(t) for t in element.xpath(".//a//text()"))
    return linked / total if total else 0.0


def collect_blocks(container: list[Any], *, text_divs: bool = False) -> list[Block]:
    """The paragraph-level blocks under the chosen elements, in page order; with `text_divs`,
    a <div> of plain text is a paragraph too."""
    blocks: list[Block] = []
    for element in container:
        _walk(element, blocks, depth=0, text_divs=text_divs)
    return blocks


def _walk(element: Any, blocks: list[Block], depth: int, *, text_divs: bool) -> None:
    """Collect paragraph-level text under a container, skipping nested chrome."""
    for child in element:
        tag = child.tag
        if len(blocks) >= MAX_BLOCKS:
            return
        if not isinstance(tag, str) or is_chrome(child):
            continue
        if (tag in BLOCK_LEVEL and not _holds_blocks(child)) or (
            text_divs and tag == "div" and not _holds_any_block(child)
        ):
            blocks.extend(block_text(child))
        elif tag == "tr" and not _holds_blocks_deep(child):
            cells = [element_text(c) for c in child if c.tag in {"td", "th"}]
            text = " | ".join(c for c in cells if c)
            if text:
                blocks.append(Block(text, 0))
        elif depth < 200:
            _walk(child, blocks, depth + 1, text_divs=text_divs)


def _holds_blocks(element: Any) -> bool:
    """A list item or quote made of paragraphs is read paragraph by paragraph."""
    return element.tag in {"li", "blockquote", "dd"} and any(
        d.tag in CONTAINERS_INSIDE_BLOCK for d in element.iterdescendants()
    )


def _holds_any_block(element: Any) -> bool:
    return any(d.tag in _DIV_BLOCKERS for d in element.iterdescendants())


def _holds_blocks_deep(row: Any) -> bool:
    """A layout table row: its cells hold whole paragraphs, not figures."""
    return bool(row.xpath(".//*[self::p or self::div or self::table or self::ul or self::ol]"))


def _without_chrome(root: Any) -> Any:
    """A copy of the page without what the fast path knows to be chrome, so the fallback
    cannot pick up a trending list or an ad label either.

    An element holding a third of the page's text is kept whatever its class says: a
    "hidden-print" wrapper around the whole story must not take the story with it.
    """
    pruned = deepcopy(root)
    body = pruned.find("body")
    if body is None:
        return pruned
    page_chars = len(body.xpath("string()"))
    doomed = [
        e
        for e in body.iter()
        if isinstance(e.tag, str)
        and e.tag not in {"h1", "header"}
        and is_chrome(e)
        and len(e.xpath("string()")) < page_chars / 3
    ]
    for element in doomed:
        _remove_keeping_tail(element)
    return pruned


def _remove_keeping_tail(element: Any) -> None:
    """Remove an element; the text that follows it in its parent stays."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def fallback_body(
    root: Any, meta: PageMetadata, url: str | None, found: int
) -> tuple[list[Block], Any | None] | None:
    """A body for a page whose paragraphs are not in <p> elements, with the element it came
    from (None when it is not on the page): or None when nothing beats the `found` words.

    Paragraphs printed as plain-text <div>s come first, since they are read exactly as the
    fast path reads <p>; the JSON-LD articleBody next, the publisher's own text of the story
    (unless much shorter: a paywall teaser); trafilatura's guess last.
    """
    box = _dominant_container(root, _TEXT_DIVS)
    divs: list[Block] = []
    if box is not None and link_density(box) <= MAX_CONTAINER_LINK_DENSITY:
        divs = collect_blocks([box], text_divs=True)
    stated = _json_ld_blocks(meta.body)
    best = max(found, MIN_BODY_WORDS - 1)
    if word_count(divs) > best and 5 * word_count(divs) >= 4 * word_count(stated):
        return divs, box
    if word_count(stated) > best:
        return stated, None
    guessed = _trafilatura_blocks(root, url)
    # A short body the fast path did find beats a guess that is only slightly longer.
    if word_count(guessed) >= max(1, 1.5 * found):
        return guessed, None
    return None


def _json_ld_blocks(body: str) -> list[Block]:
    """The JSON-LD articleBody as paragraphs: one per line, or the whole text if it has none."""
    return [Block(line, 0) for line in map(clean_display, body.splitlines()) if line]


def _trafilatura_blocks(root: Any, url: str | None) -> list[Block]:
    """trafilatura's reading of the page, for layouts the fast path cannot see."""
    if root.xpath("count(//*)") > MAX_FALLBACK_ELEMENTS:
        return []
    try:
        # trafilatura wants its own lxml.html tree; re-parsing the pruned copy is cheap
        # next to the extraction itself.
        pruned = etree.tostring(_without_chrome(root), encoding="unicode", method="html")
        document = trafilatura.bare_extraction(
            pruned,
            url=url,
            include_comments=False,
            include_tables=False,
            include_images=False,
            # Keeping inline markup keeps its spacing: without it trafilatura puts a line
            # break around every link or <em>, which reads as "Ortega , who".
            include_formatting=True,
            include_links=True,
            with_metadata=False,
        )
    except Exception:  # third-party code on hostile input: any failure means "no body"
        return []
    body = getattr(document, "body", None)
    if body is None:
        return []
    blocks: list[Block] = []
    for element in body.iter("p", "head", "item", "quote"):
        if element.tag in {"item", "quote"} and element.find(".//p") is not None:
            continue  # its paragraphs are visited on their own
        pieces: list[str] = []
        link_chars = gather_text(element, pieces, skip=frozenset(), separator=BREAK)
        blocks.extend(with_link_share(split_breaks(pieces), link_chars))
    return blocks


def word_count(blocks: list[Block]) -> int:
    """Words in the blocks, counted as Article.word_count counts them."""
    return sum(text_word_count(b.text) for b in blocks)
