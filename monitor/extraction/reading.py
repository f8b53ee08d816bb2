"""How the story's element reads as paragraphs: its block elements, and the loose text
between them.

Private to `monitor.extraction`. A browser renders text that sits directly in a <div>,
between <br>s and inline tags, as paragraphs of their own; blogs and older CMSs print whole
stories that way. This reader does the same, so a story written without <p> reads like one
written with them, and the body's chooser can weigh that text like paragraphs.
"""

from collections.abc import Iterator
from typing import Any

from monitor.extraction.blocks import (
    BLOCK_LEVEL,
    BREAK,
    CONTAINERS_INSIDE_BLOCK,
    SKIP_INLINE,
    Block,
    block_text,
    class_words,
    element_text,
    gather_text,
    is_chrome,
    split_breaks,
    text_words,
    with_link_share,
    word_set,
)

# A real long article has a few hundred paragraphs; anything far beyond is junk.
MAX_BLOCKS = 2_000
# Readers' comments can outgrow a short story; an element named for them never holds it.
_READERS_WORDS = word_set("comment comments commentlist disqus replies respond discussion")
# Class words of the wrappers around embedded media and posts.
_EMBED_WORDS = word_set("embed embedded social video media tweet twitter instagram")
# Share of a block's text in links from which, with three links or more, it is a list.
MIN_LIST_LINK_SHARE = 0.6
# Tags a browser lays out in the line, so their text joins the loose text around them.
_INLINE = word_set("""
    a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd label mark q s samp
    small span strike strong sub sup time tt u var wbr button svg picture source iframe input
    noscript script style template
    """)
_BLOCKISH = word_set("div p ul ol li table section article blockquote h1 h2 h3 h4 h5 h6 pre")
# Elements whose own loose text may be a story (a <div> of <br>-separated paragraphs).
_LOOSE_HOLDERS = "self::div or self::td or self::section or self::article or self::center"
_LOOSE_TEXT = (
    f".//*[{_LOOSE_HOLDERS}][text()[normalize-space()]"
    " or *[self::span or self::font or self::b or self::strong or self::em or self::i"
    " or self::a]//text()[normalize-space()]]"
)


def collect_blocks(container: list[Any]) -> list[Block]:
    """The paragraph-level blocks under the chosen elements, in page order."""
    blocks: list[Block] = []
    for element in container:
        _walk(element, blocks, _StoryHolders(element), depth=0)
    return blocks[:MAX_BLOCKS]


class _StoryHolders:
    """`story_holders` under one container, worked out only if a chrome-looking element
    inside it is met (most containers hold none)."""

    def __init__(self, top: Any) -> None:
        self._top = top
        self._holders: set[Any] | None = None

    def __contains__(self, element: object) -> bool:
        if self._holders is None:
            self._holders = story_holders(text_units(self._top, ".//p"), self._top)
        return element in self._holders


def text_units(scope: Any, paragraphs_path: str) -> list[tuple[Any, int, bool]]:
    """The pieces of running text under `scope`, with their words: each <p> the path finds
    (a paragraph), and each element holding loose text (a paragraph too when that text is
    all it holds, else a container of paragraphs)."""
    units: list[tuple[Any, int, bool]] = []
    for p in scope.xpath(paragraphs_path)[:5000]:
        words = text_words(p.xpath("string()"))
        if words >= 3:
            units.append((p, words, True))
    for element in scope.xpath(_LOOSE_TEXT)[:5000]:
        words, whole = _loose_words(element)
        if words >= 3:
            units.append((element, words, whole))
    return units


def story_holders(units: list[tuple[Any, int, bool]], top: Any) -> set[Any]:
    """The elements (up to `top`) that hold at least half the words of the text units.

    A class word cannot make such an element chrome: "article-overlay-handle",
    "l-sidebar-fixed", "widget Blog" or "field--label-hidden" on the story's own wrapper
    says how it is styled, and discarding it would discard the story.
    """
    held: dict[Any, int] = {}
    for element, words, _whole in units:
        if element is not top:
            held[element] = held.get(element, 0) + words
        for ancestor in element.iterancestors():
            held[ancestor] = held.get(ancestor, 0) + words
            if ancestor is top:
                break
    half = sum(words for _element, words, _whole in units) / 2
    return {
        element
        for element, words in held.items()
        if words >= half and not class_words(element) & _READERS_WORDS
    }


def _loose_words(element: Any) -> tuple[int, bool]:
    """Words of the element's loose text, and whether that text is all it holds: counted as
    `_parts` reads them, without building the text."""
    words = text_words(element.text or "")
    whole = True
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and not (tag in _INLINE and not _holds_block(child)):
            whole = False
        elif isinstance(tag, str) and tag not in SKIP_INLINE and not is_chrome(child):
            words += text_words(child.xpath("string()"))
        words += text_words(child.tail or "")
    return words, whole


def _parts(element: Any, keep: "frozenset[Any] | _StoryHolders") -> Iterator[Block | Any]:
    """The element's children in order: runs of loose text (text, inline tags and tails,
    as Blocks split at <br>) and the block-level children (as elements)."""
    pieces: list[str] = [element.text or ""]
    link_chars = 0
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and not (tag in _INLINE and not _holds_block(child)):
            yield from with_link_share(split_breaks(pieces), link_chars)
            pieces, link_chars = [], 0
            yield child
        elif isinstance(tag, str) and tag == "br":
            pieces.append(BREAK)
        elif (
            isinstance(tag, str)
            and tag not in SKIP_INLINE
            and (not is_chrome(child) or child in keep)
        ):
            link_chars += gather_text(
                child, pieces, skip=SKIP_INLINE, separator=BREAK, in_link=tag == "a"
            )
        pieces.append(child.tail or "")
    yield from with_link_share(split_breaks(pieces), link_chars)


def _holds_block(element: Any) -> bool:
    """An inline tag wrapped around block elements (a <span> around paragraphs)."""
    return any(d.tag in _BLOCKISH for d in element.iterdescendants())


def _walk(
    element: Any, blocks: list[Block], keep: _StoryHolders, depth: int, *, in_link: bool = False
) -> None:
    """Collect paragraph-level text under a container, skipping nested chrome other than
    the elements in `keep`, which hold the story. Inside a link (a teaser card wrapped in
    <a>), all text counts as link text."""
    found: list[Block] = []
    for part in _parts(element, keep):
        if len(blocks) + len(found) >= MAX_BLOCKS:
            break
        if isinstance(part, Block):
            found.append(part)
            continue
        child, tag = part, part.tag
        if child not in keep and (is_chrome(child) or _link_list(child)):
            found.extend(_embedded_posts(child))
            continue
        if tag in BLOCK_LEVEL and not _holds_blocks(child):
            found.extend(block_text(child))
        elif tag == "tr" and not _holds_blocks_deep(child):
            cells = [element_text(c) for c in child if c.tag in {"td", "th"}]
            text = " | ".join(c for c in cells if c)
            if text:
                found.append(Block(text, 0))
        elif depth < 200:
            _walk(child, found, keep, depth + 1, in_link=in_link or tag == "a")
    if in_link:
        found = [Block(b.text, len(b.text), b.heading) for b in found]
    blocks.extend(found)


def _embedded_posts(element: Any) -> list[Block]:
    """The quoted text of posts embedded in the story (a tweet's <blockquote>) inside a
    wrapper named for its media ("social-media-embed", "video-container"): the wrapper is
    skipped for its player, not for the words the reader sees quoted."""
    if element.tag != "div" or not class_words(element) & _EMBED_WORDS:
        return []
    blocks: list[Block] = []
    for quote in element.iter("blockquote"):
        paragraphs = [p for p in quote.iter("p") if p is not quote]
        for paragraph in paragraphs or [quote]:
            blocks.extend(block_text(paragraph))
    return blocks


def _link_list(element: Any) -> bool:
    """A block of three or more links and little else: a "More news" box or a topic list,
    whatever its class says. Its label ("Topics", "You may also like") goes with it."""
    if element.tag in BLOCK_LEVEL and element.tag != "li":
        return False
    links = element.xpath(".//a[normalize-space()]")
    if len(links) < 3:
        return False
    total = len(" ".join(element.xpath("string()").split()))
    linked = sum(len(" ".join(a.xpath("string()").split())) for a in links)
    return linked >= MIN_LIST_LINK_SHARE * total


def _holds_blocks(element: Any) -> bool:
    """A list item or quote made of paragraphs is read paragraph by paragraph."""
    return element.tag in {"li", "blockquote", "dd"} and any(
        d.tag in CONTAINERS_INSIDE_BLOCK for d in element.iterdescendants()
    )


def _holds_blocks_deep(row: Any) -> bool:
    """A layout table row: its cells hold whole paragraphs, not figures."""
    return bool(row.xpath(".//*[self::p or self::div or self::table or self::ul or self::ol]"))
