"""Text and chrome primitives shared by the extraction steps: how an element reads, and
whether it is page furniture.

Private to `monitor.extraction`. the names here are not a public API.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from monitor.analysis.text import clean_display


def text_words(text: str) -> int:
    """How many words a text counts as: every length threshold of the extraction is
    measured with this one function, so how scripts written without spaces are counted
    changes in one place."""
    return len(text.split())


def word_set(text: str) -> frozenset[str]:
    """Word lists below are written as prose; this turns one into a set."""
    return frozenset(text.split())


# Elements whose whole subtree is never body text.
_SKIP_TAGS = word_set(
    "aside nav figure figcaption footer header form script style noscript template iframe "
    "svg button select textarea input video audio canvas object embed picture img source "
    "dialog menu h1 link meta"
)
# Inside a paragraph these contribute no readable text.
SKIP_INLINE = word_set(
    "script style noscript template iframe svg button select textarea input video audio "
    "canvas object embed picture img source figure figcaption aside"
)
# Block-level children inside a paragraph start a new line of text visually.
_BLOCK_INLINE = word_set("div p li ul ol dl dd dt tr td th table section blockquote")
BLOCK_LEVEL = word_set("p h2 h3 h4 h5 h6 li blockquote pre dd dt")
CONTAINERS_INSIDE_BLOCK = word_set("p ul ol dl blockquote table h2 h3 h4 h5 h6")
_CHROME_ROLES = word_set("navigation complementary banner contentinfo search dialog")
# Class/id words that mark page furniture. Matched as whole words of the class or id, so
# "ad" catches "ad-slot" and "adSlot" but not "header" or "shadow".
_CHROME_WORDS = word_set("""
    ad ads adv advert adverts advertisement advertising dfp sponsor sponsored promo promos
    promotion related share sharing social newsletter newsletters signup subscribe
    subscription trending popular recommended recommendations recirc recirculation outbrain
    taboola sidebar breadcrumb breadcrumbs nav navigation menu toolbar widget teaser teasers
    comment comments disqus byline author authors bio contributor caption credit credits
    timestamp tags topics toc pagination pager hidden sr modal popup overlay cookie consent
    banner podcast player video gallery slideshow carousel embed header footer masthead
    pullquote print
    """)
# An inline style that hides the element: schema.org microdata copies of the story, its
# dates and image URLs are often printed this way for crawlers.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HIDDEN_WORDS = word_set("hidden invisible visuallyhidden offscreen")
_TABLE_PARTS = word_set("tbody thead tfoot tr td th")
_NEVER_CHROME_WORDS = word_set("correction corrections clarification")
# Run-together class words ("most-read" -> "mostread", "jp-relatedposts") that name
# recirculation blocks, matched anywhere inside one class name.
_CHROME_PHRASES = re.compile(
    "mostread|mostpopular|mostviewed|readmore|morestories|morefrom|alsoread|seealso"
    "|youmaylike|readnext|upnext|pullquote|sronly|related|share|social|newsletter|trending"
    "|advert|sponsor|recirc|outbrain|taboola"
)
# Ancestors that mean an element belongs to another story (a teaser), not this one.
_RECIRC_TAGS = word_set("aside nav footer")
_RECIRC_WORDS = word_set("related trending popular recommended recirc teaser teasers promo sidebar")
_CLASS_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_LETTERS = re.compile(r"[^a-z0-9]")
_TIMESTAMP_WORDS = word_set("""
    updated update published posted submitted last first modified on at ago a an and just now
    today
    yesterday am pm a.m. p.m. et ct mt pt edt est cdt cst mdt mst pdt pst gmt utc bst cet cest
    hour hours hr hrs minute minutes min mins second seconds day days week weeks month months
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july
    august september october november december mon tue tues wed thu thur thurs fri sat sun
    monday tuesday wednesday thursday friday saturday sunday
    """)
_TIMESTAMP_TOKEN = re.compile(r"\d+(?::\d+)*(?:st|nd|rd|th)?|[a-z]+(?:\.[a-z]+)*\.?|\S")
_TIMESTAMP_PUNCTUATION = frozenset(",:;|-/.()\u00b7\u2022\u2013\u2014")
_TIMESTAMP_ANCHORS = word_set("ago now today yesterday updated published posted")
# "This story was last updated ...": what follows says when, and nothing else.
_STAMPED = re.compile(
    r"^\W*(?:this|the) (?:article|story|page|post|report) (?:was|has been|had been)"
    r"(?= (?:last |first |originally )?(?:updated|published|modified|posted)\b)",
    re.IGNORECASE,
)
# A short line with a year and a clock time, in any language ("segunda-feira, 22 de janeiro
# de 2018 \u00e0s 0:13"), that is no sentence, says when and nothing else.
_DATED_LINE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:h]\d\d(?!\d)")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
BOILERPLATE = re.compile(
    r"^(?:advertisement|skip advertisement|advertising|adverts?|sponsored|sponsor message"
    r"|(?:story|article) continues (?:below|after)(?: (?:this|the) advert(?:isement)?)?"
    r"|continue reading(?: the main story| below)?|scroll to continue(?: with content)?"
    r"|read more|share this(?: article| story)?|share|sign up|subscribe|comments"
    # counters and reading times that move between page views
    r"|[\d,.]+[km]? (?:views|shares|comments|reads|likes|reactions)"
    r"|\d+ min(?:ute)?s? (?:read|listen)|(?:estimated )?reading time:? \d+ min(?:ute)?s?"
    r"|listen to this (?:article|story)(?: [·|-] \d+(?:[:.]\d+)? min(?:ute)?s?)?"
    r"|to read the (?:full|whole|rest of the) (?:story|article)"
    # the advertisement label in other languages
    r"|iklan|anzeige|publicidad|publicit\u00e9|pubblicit\u00e0|\u0440\u0435\u043a\u043b\u0430\u043c\u0430"
    r"|advertentie|reklama|\u5e83\u544a|\uad11\uace0"
    # a photo credit ("\u00a9 Amazon"; a copyright notice is a sentence and stays), an e-mail
    # address on its own
    r"|(?:\u00a9|\(c\)) [^.]{0,80}|[\w.+-]+@[\w-]+\.[\w.]+)[.:!]?$",
    re.IGNORECASE,
)
# Stands for <br> while text is gathered. It cannot clash with page text: lxml turns a NUL
# in the input into U+FFFD.
BREAK = "\x00"
_PARAGRAPH_BREAK = re.compile(r"\x00\s*\x00[\s\x00]*")
_CARRIES_ON = frozenset(",;:)]")
_HEADINGS = word_set("h2 h3 h4 h5 h6")
# "READ MORE: <a>Man charged</a>", "RELATED: <a>...</a>": a labelled pointer to another page;
# "Sign up for the Morning newsletter. <a>Get it in your inbox</a>": a pitch. With a link, a
# paragraph opening like this is page furniture, however the site styles it.
POINTER = re.compile(
    r"^\W*(?:(?:read more|read next|more|related|related stories|see also|also read|read also"
    r"|also see|watch|listen|recommended|more on this story|more from [\w ]{1,30}"
    r"|tags?|topics?|filed under|categor(?:y|ies))\s*:"
    r"|sign up\b|subscribe\b|get (?:our|the)\b.{0,60}\bnewsletter)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Block:
    """One paragraph-level element's text, before headline/byline/timestamp filtering."""

    text: str
    link_chars: int
    heading: bool = False


def is_chrome(element: Any) -> bool:
    """Page furniture by tag, ARIA role, hidden state or class/id words."""
    tag = element.tag
    if not isinstance(tag, str):
        return True
    # The rows and cells of a table name their data ("player-2020-580" in a standings
    # table), not the page's furniture.
    names = class_id(element) if tag not in _TABLE_PARTS else ""
    words = name_words(names) if names else set()
    if words & _NEVER_CHROME_WORDS:
        return False  # a correction is news even when styled as a sidebar
    if (
        tag in _SKIP_TAGS
        or element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or _HIDDEN_STYLE.search(element.get("style") or "") is not None
        or element.get("role") in _CHROME_ROLES
        or words & _CHROME_WORDS
    ):
        return True
    if not words:
        return False
    # Separators go, spaces stay: a phrase must sit within one class name.
    joined = names.lower().replace("-", "").replace("_", "")
    return _CHROME_PHRASES.search(joined) is not None


def is_hidden(element: Any) -> bool:
    """Whether the element or an ancestor is hidden from the reader (the hidden attribute,
    aria-hidden, an inline display:none, or a class such as "hidden" or "sr-only")."""
    for node in (element, *element.iterancestors()):
        if (
            node.get("hidden") is not None
            or node.get("aria-hidden") == "true"
            or _HIDDEN_STYLE.search(node.get("style") or "") is not None
            or class_words(node) & _HIDDEN_WORDS
            or "sronly" in class_id(node).lower().replace("-", "").replace("_", "")
        ):
            return True
    return False


def has_recirc_ancestor(element: Any) -> bool:
    """Whether the element sits in another story's teaser (a related list, a sidebar)."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _RECIRC_TAGS or class_words(ancestor) & _RECIRC_WORDS:
            return True
    return False


# Attributes that name what an element is. Component frameworks put the name in a data-*
# attribute (data-qa="article-body-ad", data-component="related-content") and leave the
# class a build hash.
_NAMING_ATTRIBUTES = frozenset(
    ["class", "id", "data-component", "data-testid", "data-qa", "data-module"]
)
_SEGMENT = re.compile(r"[A-Za-z0-9]+")
_DIGIT_THEN_LETTER = re.compile(r"\d[A-Za-z]")
# Build hashes may hold only a few letters between capitals ("sc-bdVaJa", "wpds-c-kLcCw").
_HASH_PIECE_LETTERS = 2.5


def class_id(element: Any) -> str:
    """The element's naming attributes (class, id, component names) as one string."""
    return _unhashed(" ".join([v for k, v in element.items() if k in _NAMING_ATTRIBUTES]))


@lru_cache(maxsize=8192)  # class strings repeat across a page and across a site's pages
def _unhashed(value: str) -> str:
    """The value without build hashes ("ssrcss-2c3ad2-Paragraph", "ssrcss-ad9526-Stack",
    "sc-bdVaJa"): their letters are noise and could spell "ad". "mid1", "ad-2" stay."""
    return _SEGMENT.sub(_blank_hash, value)


def _blank_hash(match: re.Match[str]) -> str:
    segment = match.group()
    digits = sum(c.isdigit() for c in segment)
    if 0 < digits < len(segment) and (
        _DIGIT_THEN_LETTER.search(segment) or (len(segment) >= 5 and digits >= 3)
    ):
        return " "
    pieces = _CLASS_WORD.findall(segment)
    if len(pieces) >= 3 and len(segment) / len(pieces) <= _HASH_PIECE_LETTERS:
        return " "
    return segment


def class_words(element: Any) -> set[str]:
    """The words of an element's class and id: relatedArticles ad-slot gives related,
    articles, ad and slot."""
    value = class_id(element)
    return name_words(value) if value else set()


def name_words(value: str) -> set[str]:
    """The words of a class-like attribute value."""
    return {w.lower() for w in _CLASS_WORD.findall(value)}


def letters(text: str) -> str:
    """Lower-case letters and digits only, to compare names however they are punctuated."""
    return _LETTERS.sub("", text.lower())


def element_text(element: Any) -> str:
    """An element's rendered text on one line."""
    pieces: list[str] = []
    gather_text(element, pieces, skip=SKIP_INLINE, separator=" ")
    return clean_display("".join(pieces))


def block_text(element: Any) -> list[Block]:
    """A paragraph's display text; a <br> inside it may separate two paragraphs."""
    pieces: list[str] = []
    link_chars = gather_text(element, pieces, skip=SKIP_INLINE, separator=BREAK)
    heading = element.tag in _HEADINGS
    return with_link_share(split_breaks(pieces), link_chars, heading=heading)


def with_link_share(texts: list[str], link_chars: int, *, heading: bool = False) -> list[Block]:
    """Blocks from one element's parts; its linked characters are shared out by length."""
    total = sum(len(t) for t in texts) or 1
    return [Block(t, round(link_chars * len(t) / total), heading) for t in texts]


def split_breaks(pieces: list[str]) -> list[str]:
    """Lines separated by <br> are paragraphs ("___<br>Associated Press writer ...",
    "Reporting by ...<br>Editing by ..."), except a line that carries on the sentence before
    it, which starts in lower case or with a comma or bracket."""
    texts: list[str] = []
    for part in _PARAGRAPH_BREAK.split("".join(pieces)):
        first = True
        for raw in part.split(BREAK):
            line = clean_display(raw)
            if not line:
                continue
            if not first and texts and (line[0].islower() or line[0] in _CARRIES_ON):
                texts[-1] += " " + line
            else:
                texts.append(line)
            first = False
    return texts


def gather_text(
    element: Any,
    pieces: list[str],
    *,
    skip: frozenset[str],
    separator: str,
    block: str = " ",
    in_link: bool = False,
) -> int:
    """Append the element's rendered text to pieces; return how many characters were links.

    Inline tags join without added spaces, as a browser renders them ("<a>Ortega</a>," stays
    "Ortega,"); <br> adds `separator` and block-level children `block` around them.
    """
    link_chars = 0
    if element.text:
        pieces.append(element.text)
        if in_link:
            link_chars += len(element.text.strip())
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in skip:
            if tag in {"br", "lb"}:  # lb: trafilatura's line break
                pieces.append(separator)
            else:
                is_block = tag in _BLOCK_INLINE
                if is_block:
                    pieces.append(block)
                link_chars += gather_text(
                    child,
                    pieces,
                    skip=skip,
                    separator=separator,
                    block=block,
                    in_link=in_link or tag in {"a", "ref"},
                )
                if is_block:
                    pieces.append(block)
        if child.tail:
            pieces.append(child.tail)
            if in_link:
                link_chars += len(child.tail.strip())
    return link_chars


def is_date_word(word: str) -> bool:
    """A word of a printed date or time ("Nov", "Updated", "p.m."), punctuation aside."""
    bare = word.lower().strip(",;|()\u00b7\u2022\u2013\u2014-")
    return bare in _TIMESTAMP_WORDS or bare.rstrip(".") in _TIMESTAMP_WORDS


def is_timestamp(text: str) -> bool:
    """Whether a line only says when: Updated 3:12 p.m. ET, Published 2 hours ago, May 1,
    This article was last updated at 9.45am."""
    if len(text) > 80:
        return False
    if _CLOCK.search(text) and len(_LETTER_RUN.findall(text)) <= 1 and text_words(text) <= 3:
        return True  # "Šodien, 17:40": a clock time and a word
    if _DATED_LINE.search(text) and _CLOCK.search(text) and text_words(text) <= 12:
        # Other languages' day and month names are lower case (or caseless); a capitalised
        # word is a name ("By Scott Gordon Published ..."), and a sentence ends with a stop.
        others = [w for w in _LETTER_RUN.findall(text) if w.lower() not in _TIMESTAMP_WORDS]
        return not any(w[0].isupper() for w in others) and not text.rstrip().endswith(
            (".", "!", "?", '"', "\u201d", "\u3002")
        )
    text = _STAMPED.sub("", text, count=1)
    has_anchor = False
    for token in _TIMESTAMP_TOKEN.findall(text.lower()):
        if token[0].isdigit() or token in _TIMESTAMP_ANCHORS:
            has_anchor = True
        elif (
            token not in _TIMESTAMP_WORDS
            and token.rstrip(".") not in _TIMESTAMP_WORDS  # "14 August." ends a sentence
            and token not in _TIMESTAMP_PUNCTUATION
        ):
            return False
    return has_anchor
