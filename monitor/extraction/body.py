"""Where the story's body is on a page.

Private to `monitor.extraction`. The fast path reads semantic markup (articleBody, <article>,
live-blog posts) or the element holding the most running text (<p> elements, or loose text
between <br>s); the JSON-LD articleBody and then trafilatura (at several times the cost) are
the fallbacks.
"""

from copy import deepcopy
from itertools import islice
from typing import Any

import trafilatura
from lxml import etree

from monitor.analysis.text import clean_display
from monitor.extraction.blocks import (
    BREAK,
    Block,
    class_words,
    gather_text,
    has_recirc_ancestor,
    is_chrome,
    split_breaks,
    text_words,
    with_link_share,
)
from monitor.extraction.metadata import PageMetadata
from monitor.extraction.reading import story_holders, text_units

# A body shorter than this is a teaser, a paywall stub or the wrong container.
MIN_BODY_WORDS = 40
# A continuation of the body elsewhere on the page holds at least a paragraph's words.
MIN_SECTION_WORDS = 20
# Share of a container's text that sits inside links above which it is a list of teasers.
MAX_CONTAINER_LINK_DENSITY = 0.25
# Bounds on the work one page can cause. A long real article has a few hundred paragraphs
# and a few thousand elements; anything far beyond is junk, and trafilatura's cost grows
# with the tree, so it is not called on trees that large.
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
    if chosen:
        return chosen, meta.declares_non_article
    # og:type=website or a WebPage type is often only the CMS's default: the page's text
    # decides, and the declaration only keeps the fallbacks away when it finds no story.
    dominant = _dominant_container(root)
    if dominant is None or not _reads_as_prose(dominant):
        return None, meta.declares_non_article
    if meta.declares_non_article and _text_words(dominant) < 2 * MIN_BODY_WORDS:
        return None, True  # a teaser's summary on a section front, not a story
    # A page that says it is an article may be a list of items with linked headings
    # (deals, "10 things to know"): then the list is the story.
    if _is_teaser_list(dominant) and not meta.declares_article:
        return None, True
    return _continued(root, dominant), False


def _continued(root: Any, body: Any) -> list[Any]:
    """The body with the elements that continue it, in page order: a story cut into sections
    by full-width photos or pull quotes repeats its wrapper's class ("post__content" three
    times), inside the same <article> if any."""
    name = body.get("class")
    if not name or not name.strip():
        return [body]
    story = next(body.iterancestors("article"), None)
    parts = [
        e
        # Walked, not queried: a tag or class from the page can break an XPath expression.
        for e in [e for e in root.iter() if e.tag == body.tag and e.get("class") == name][
            :MAX_ARTICLES
        ]
        if e is body
        or (
            next(e.iterancestors("article"), None) is story
            and body not in e.iterancestors()
            and e not in body.iterancestors()
            and not has_recirc_ancestor(e)
            and not any(is_chrome(a) for a in e.iterancestors())
            and _estimate_words([e]) >= MIN_SECTION_WORDS
            and _reads_as_prose(e)
        )
    ]
    return parts if body in parts else [body]


def _choose_article(root: Any, articles: list[Any], meta: PageMetadata) -> list[Any] | None:
    """The story's <article>, the posts of a live blog, or None if all are teasers."""
    sizes = {a: _estimate_words([a]) for a in articles}
    # An <article> whose words sit in <article>s nested in it is a list of posts around (or
    # after) the story, not the story: rank by the words that are its own.
    own = {a: sizes[a] - _estimate_words(_outermost_nested(a)) for a in articles}
    best = max(articles, key=lambda a: own[a])
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
        and next(dominant.iter("article"), None) is None  # not a list of posts
        and _estimate_words([dominant]) > 3 * sizes[best]
    ):
        return [dominant]
    return [best]


def _outermost_nested(article: Any) -> list[Any]:
    """The <article> elements inside this one that no other nested <article> holds."""
    nested = list(islice(article.iterdescendants("article"), MAX_ARTICLES))
    inside = set(nested)
    return [n for n in nested if not any(a in inside for a in n.iterancestors())]


def _estimate_words(elements: list[Any]) -> int:
    """Words in <p> text under the elements: cheap (XPath in C) and good enough to rank."""
    return sum(text_words(t) for e in elements for t in e.xpath(".//p//text()"))


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


def _dominant_container(root: Any) -> Any | None:
    """The element whose paragraphs (children or grandchildren) or loose text hold the most
    words."""
    scores: dict[Any, float] = {}
    units = text_units(root, _PARAGRAPHS)
    for element, words, paragraph in units:
        holder = element.getparent() if paragraph else element
        if holder is None:
            continue
        scores[holder] = scores.get(holder, 0.0) + words
        parent = holder.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + words / 2
    holders = story_holders(units, root)

    def chrome(element: Any) -> bool:
        return is_chrome(element) and element not in holders

    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:5]
    candidates = [e for e, _score in ranked if e.tag != "html" and not chrome(e)]
    chosen = next(
        (e for e in candidates if not any(chrome(a) for a in e.iterancestors())),
        # Unclosed tags can leave the whole story inside the menu's <div>: the words decide.
        candidates[0] if candidates else None,
    )
    # A body split into sibling columns scores about as high at its parent as in one column.
    while chosen is not None:
        parent = chosen.getparent()
        if parent is None or parent.tag == "html" or chrome(parent):
            break
        if scores.get(parent, 0.0) < 0.75 * scores[chosen]:
            break
        chosen = parent
    return chosen


def _text_words(element: Any) -> int:
    return text_words(" ".join(element.xpath(".//text()[not(ancestor::script)]")))


def _reads_as_prose(element: Any) -> bool:
    """Few of its words are links, or its paragraphs are long enough to be prose that links
    many names (a politics story linking every member of Congress), not a list of teasers."""
    density = link_density(element)
    if density <= MAX_CONTAINER_LINK_DENSITY:
        return True
    paragraphs = int(element.xpath("count(.//p)"))
    return density <= 0.5 and paragraphs > 0 and _estimate_words([element]) >= 25 * paragraphs


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


def fallback_body(root: Any, meta: PageMetadata, url: str | None, found: int) -> list[Block] | None:
    """A body for a page whose story the fast path could not find, or None when nothing
    beats the `found` words: the JSON-LD articleBody first, the publisher's own text of the
    story; trafilatura's guess last."""
    stated = _json_ld_blocks(meta.body)
    best = max(found, MIN_BODY_WORDS - 1)
    if word_count(stated) > best:
        return stated
    guessed = _trafilatura_blocks(root, url)
    # A short body the fast path did find beats a guess that is only slightly longer.
    if word_count(guessed) >= max(1, 1.5 * found):
        return guessed
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
    return sum(text_words(b.text) for b in blocks)
