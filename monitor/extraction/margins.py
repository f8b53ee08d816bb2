"""What a page prints around the body's element that belongs to the story: the standfirst
under the headline, and correction or editor's notes just above or below the text.

Private to `monitor.extraction`. Newspapers lay these out apart from the body (a dek in the
article's <header>, a "Correction: March 7" box after the text), so the body's element alone
would drop them, and with them the edits a reader sees there.
"""

import re
from itertools import islice
from typing import Any

from monitor.analysis.notices import notice_paragraph
from monitor.analysis.quotes import split_sentences
from monitor.extraction.blocks import (
    Block,
    class_id,
    element_text,
    has_recirc_ancestor,
    is_chrome,
    name_words,
    text_words,
    word_set,
)
from monitor.extraction.body import link_density

__all__ = ["above_body", "notice_blocks"]

_LIST_TAGS = word_set("ul ol li table")
# Names of the standfirst (dek) printed under the headline, outside the body's element:
# "c-dek", "ArticleDek" as words, longer names anywhere in a class ("sub-headline").
_DEK_WORDS = word_set("dek deck")
_DEK_NAMES = re.compile("standfirst|subhead|summary|strapline|subtitle")
# The standfirst and notes above the body are among the first elements after the headline.
_ABOVE_BODY_REACH = 300
_DEK_WORD_RANGE = (5, 80)
# How far past the body a correction notice may be printed, in paragraphs.
_NOTICE_REACH = 40


def above_body(scope: Any, container: list[Any]) -> list[Block]:
    """What the page prints between the headline and the body's element that is part of the
    story: the standfirst (one block of text, not a list of key points) and any correction
    or editor's note placed above the text."""
    headline = next(iter(scope.iter("h1")), None)
    # Both sit beside the headline: search the headline's block, not the page.
    near = next(islice(headline.iterancestors(), 2, None), None) if headline is not None else None
    if near is None:
        return []
    inside = set(container)
    dek: Block | None = None
    notices: list[Block] = []
    for element in islice(near.iter(), _ABOVE_BODY_REACH):
        if element in inside:
            break  # the body starts
        if dek is None and _names_a_dek(element):
            dek = _dek(element, inside, container)
        elif (
            element.tag == "p"
            and _notice(element_text(element))[0]
            and _above(element, inside, container)
        ):
            notices.append(Block(element_text(element), 0))
    return ([dek] if dek else []) + notices


def _above(element: Any, inside: set[Any], container: list[Any]) -> bool:
    """Part of the story, outside the body's element and before it."""
    if any(a in inside for a in element.iterancestors()) or _outside_story(element):
        return False
    return _position(element) < _position(container[0])


def _dek(element: Any, inside: set[Any], container: list[Any]) -> Block | None:
    if not _above(element, inside, container):
        return None
    if any(d.tag in _LIST_TAGS for d in element.iterdescendants()):
        return None  # "key points": a list, not a standfirst
    if len(element.xpath(".//p")) > 1:
        return None
    text = element_text(element)
    words = text_words(text)
    if _DEK_WORD_RANGE[0] <= words <= _DEK_WORD_RANGE[1] and link_density(element) < 0.5:
        return Block(text, 0)
    return None


def _notice(text: str) -> tuple[bool, bool]:
    """(a correction or update notice, only its label): see `monitor.analysis.notices`."""
    spans = split_sentences(text)
    return notice_paragraph(text, text[spans[0][0] : spans[0][1]]) if spans else (False, False)


def _names_a_dek(element: Any) -> bool:
    names = class_id(element)
    if not names:
        return False
    joined = names.lower().replace("-", "").replace("_", "")
    return _DEK_NAMES.search(joined) is not None or bool(name_words(names) & _DEK_WORDS)


def notice_blocks(scope: Any, container: list[Any]) -> list[Block]:
    """Correction and update notices printed after the body's element, still inside the
    story (a newspaper's "Correction: March 7" box below the text)."""
    last = container[-1]
    following = [
        p
        for p in last.xpath("following::p")[:_NOTICE_REACH]
        if (scope is None or scope in p.iterancestors()) and not _outside_story(p)
    ]
    out: list[Block] = []
    take_next = False
    for p in following:
        text = element_text(p)
        if not text or link_density(p) > 0.5:
            take_next = False
            continue
        if take_next:
            out.append(Block(text, 0))
            take_next = False
            continue
        notice, bare = _notice(text)
        if notice:
            out.append(Block(text, 0))
            take_next = bare
    return out


def _outside_story(element: Any) -> bool:
    """Chrome, or inside chrome other than the article's own <header>, or in a teaser."""
    if is_chrome(element) or has_recirc_ancestor(element):
        return True
    for ancestor in element.iterancestors():
        if ancestor.tag == "header":
            if not any(a.tag in {"article", "main"} for a in ancestor.iterancestors()):
                return True  # the site's header
        elif is_chrome(ancestor):
            return True
    return False


def _position(element: Any) -> int:
    """The element's place in document order."""
    return int(element.xpath("count(preceding::*) + count(ancestor::*)"))
