"""The printed byline, and what of it is names.

Private to `monitor.extraction`. A byline flag must mean that a byline changed, so the byline
holds the names (and the roles printed with them) only: no share widgets ("Shares",
"Reddit LinkedIn WhatsApp Email Print"), no times (which move on every fetch: "2 hours ago"),
no dates, handles, e-mail addresses or author bios.
"""

import re
from itertools import islice
from typing import Any

from monitor.analysis.text import clean_display
from monitor.extraction.blocks import (
    BOILERPLATE,
    SKIP_INLINE,
    class_words,
    element_text,
    gather_text,
    has_recirc_ancestor,
    is_date_word,
    is_timestamp,
    text_words,
    word_set,
)
from monitor.extraction.metadata import join_names

__all__ = ["BYLINE_LINE", "clean_byline", "visible_byline"]

MAX_BYLINE_CHARS = 200
BYLINE_LINE = re.compile(r"^by\s+\S", re.IGNORECASE)
_NOT_BYLINE_WORDS = word_set(
    "bio avatar image img photo picture thumb social follow about description more"
)
_BYLINE_NAMES = frozenset(["class", "id", "data-component", "data-qa", "data-testid"])
_BYLINE_SEPARATOR = re.compile(r"(\s+[|\u00b7\u2022]\s+)")
# Words of share and follow widgets printed next to the names.
_WIDGET_WORDS = word_set("""
    share shares sharing shared email e-mail print reddit linkedin whatsapp facebook twitter
    pinterest tumblr flipboard telegram messenger comment comments talk follow copy link
    """)
_HANDLE_OR_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|@\w+|https?://\S+")
# Lower-case words that may sit between names and roles; any other starts prose (a bio:
# "is a freelance writer") or a relative time in another language ("vor 2 Stunden").
_NAME_JOINERS = word_set("""
    and by of the for to at in from with on de da do dos das di del della du la le van von der
    den ten ter y e et und og och i staff writer reporter editor correspondent columnist
    contributor contributing senior special photographer producer journalist
    """)
# What may be left dangling where a date or a bio was cut off.
# A date label glued to the last name by markup without a space: "Scott GordonPublished".
_GLUED_LABEL = re.compile(r"(?<=[a-z])(?=(?:Published|Updated|Posted|Modified)\b)")
_DANGLING = word_set("and by of the for to at in from with on")
_BY_WORD = re.compile(r"(?:^|\s)(by|By|BY)\s")
_EDGE_PUNCTUATION = " |/\\-\u2013\u2014:;,\u00b7\u2022*"


def visible_byline(scope: Any) -> str:
    """The printed byline ("By Maria Okafor and Daniel Chen") if the page shows one."""
    for element in scope.iter():
        # One pass in Python: XPath's string functions on every element cost several times
        # more.
        attributes = element.attrib
        if not attributes or not any(
            "byline" in value.lower() for name, value in attributes.items() if name in _BYLINE_NAMES
        ):
            continue
        if element.tag in {"meta", "script", "link"} or _not_a_byline(element):
            continue
        text = _byline_text(element)
        if text:
            return _printed_line(element, text)
    authors = [
        e
        for e in scope.xpath(
            './/*[@rel="author" or @itemprop="author" or contains(@class, "author")]'
        )
        if e.tag not in {"meta", "link"}
        and not class_words(e) & _NOT_BYLINE_WORDS
        and not _not_a_byline(e)
    ]
    outermost = [e for e in authors if not any(a in authors for a in e.iterancestors())]
    names = [t for t in (element_text(e) for e in outermost[:10]) if 0 < len(t) <= 80]
    if not names:
        return ""
    # Prefer the line the names are printed in ("By <a>Maria</a> and <a>Daniel</a>").
    parent = outermost[0].getparent()
    if parent is not None and all(n in _byline_text(parent) for n in names):
        line = _byline_text(parent)
        if BYLINE_LINE.match(line):
            return line
    return join_names(names)


def _not_a_byline(element: Any) -> bool:
    """In a teaser, or in a form: a comment form's "Name (required)" field is an author
    field too."""
    return has_recirc_ancestor(element) or any(a.tag == "form" for a in element.iterancestors())


def clean_byline(text: str) -> str:
    """The names (and roles) of a byline, without widgets, times, dates, handles or bios:
    "Monday November 18, 2019 7:45 am PST by Joe Rossignol" -> "by Joe Rossignol"."""
    text = _GLUED_LABEL.sub(" ", _HANDLE_OR_ADDRESS.sub(" ", text))
    words = text.split()
    by = _BY_WORD.search(text)
    if by and by.start(1) > 0:
        before = text[: by.start(1)].strip(_EDGE_PUNCTUATION)
        if not before or is_timestamp(before) or any(c.isdigit() for c in before):
            words = text[by.start(1) :].split()
    kept: list[str] = []
    for word in words:
        bare = word.strip(_EDGE_PUNCTUATION + ".,()").lower()
        if any(c.isdigit() for c in word) or (
            word[0].islower() and bare not in _NAME_JOINERS and len(kept) > 1
        ):
            break  # a date, a time, or prose: what follows is not names
        if bare in _WIDGET_WORDS:
            continue
        kept.append(word)
    # The date words before a cut ("Chris Davies - Nov", "Updated") go with the date.
    while kept and (
        is_date_word(kept[-1])
        or kept[-1].strip(_EDGE_PUNCTUATION) == ""
        or kept[-1].lower().strip(_EDGE_PUNCTUATION) in _DANGLING
    ):
        kept.pop()
    return _unrepeated(" ".join(kept).strip(_EDGE_PUNCTUATION))


def _unrepeated(text: str) -> str:
    """A name printed twice ("Sean Martin Sean Martin", "Ann Lee and Ann Lee") once."""
    words = text.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    head, _, tail = text.rpartition(" and ")
    if head and re.sub(r"^by\W+", "", head, flags=re.IGNORECASE) == tail:
        return head
    return text


def _printed_line(element: Any, text: str) -> str:
    """The "By ..." line a byline element is part of: a page may mark only one name of
    several ("By <span>Ann</span> and <span class=last-byline>Bo</span>")."""
    if BYLINE_LINE.match(text):
        return text
    for ancestor in islice(element.iterancestors(), 2):
        if len(ancestor.xpath("string()")) > 4 * MAX_BYLINE_CHARS:
            break  # a whole section, not a byline line; reading it would cost the most
        line = _byline_text(ancestor)
        if text in line and BYLINE_LINE.match(line):
            return line
    return text


def _byline_text(element: Any) -> str:
    """A byline element's text without its timestamp, or "" if it is not byline-sized."""
    pieces: list[str] = []
    gather_text(element, pieces, skip=SKIP_INLINE | {"time"}, separator="\n", block="\n")
    kept: list[str] = []
    for line in "".join(pieces).split("\n"):
        # "By Maria Okafor | Updated 3:12 p.m." keeps its first part and its separator.
        segments = _BYLINE_SEPARATOR.split(clean_display(line))
        out = ""
        for separator, raw in zip(["", *segments[1::2]], segments[::2], strict=True):
            segment = raw.strip()
            if segment and not is_timestamp(segment) and not BOILERPLATE.match(segment):
                out += (separator if out else "") + segment
        if out:
            kept.append(out)
    # A byline block that prints "By ..." on a line of its own also holds roles, places or
    # share buttons on the others: the "By" line is the byline.
    kept = [line for line in kept if BYLINE_LINE.match(line)][:1] or kept
    text = _strip_trailing_timestamp(clean_display(" ".join(kept))).strip(" |\u00b7\u2022,")
    if not text or len(text) > MAX_BYLINE_CHARS or text_words(text) > 30:
        return ""
    return text


def _strip_trailing_timestamp(text: str) -> str:
    """Cut a date printed after the names: By Daniel Chen Updated 11:05 AM PDT -> By Daniel Chen."""
    words = text.split()
    # is_timestamp turns down anything longer than a date line: skip those suffixes.
    first = 1
    while first < len(words) and len(" ".join(words[first:])) > 80:
        first += 1
    for start in range(first, len(words)):
        if is_timestamp(" ".join(words[start:])):
            return " ".join(words[:start])
    return text
