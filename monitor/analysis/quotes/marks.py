"""Quotation marks paired into quotations, over paragraph breaks.

News copy marks quotes in several ways at once: curly or straight double quotes (American),
single quotes with double ones nested (British), a quote running over paragraphs with the
opening mark repeated and the closing one left off. Apostrophes (don't, the city's, '90s,
students') use the same characters and must not open or close anything. Everything here works
on a "folded" copy of the text in which typographic marks are replaced one-for-one by ASCII,
so offsets found in the folded copy are valid in the printed text.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

_FOLD: Final[dict[str, str]] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\u2026": ".",
}


_FOLDED: Final = frozenset(_FOLD)


def fold(text: str) -> str:
    """Typographic quotes, dashes and spaces as ASCII, one character for one."""
    # str.translate walks every character through a dict; replacing only the few marks
    # present is several times faster on article-length text.
    for char in _FOLDED.intersection(text):
        text = text.replace(char, _FOLD[char])
    return text


@dataclass(frozen=True)
class Quote:
    """A quotation as printed, where it sits, and who the text says spoke it.

    `explicit` means the speaker is named (not a pronoun, not carried over) in the quote's
    own sentence. `scare` marks a short phrase nobody is said to have spoken: a term or a
    title in quotation marks rather than reported speech. `name` marks the scare quotes that
    name something, a title of a work or a term the text marks as one ("so-called"): editing
    those changes no one's words.
    """

    text: str
    paragraph: int
    start: int
    end_paragraph: int
    end: int
    speaker: str | None = None
    explicit: bool = False
    scare: bool = False
    name: bool = False


_ELISION: Final = re.compile(r"(?:\d\ds?|em|til|tis|twas|cause|cos|bout|n|round)(?![\w])", re.I)
_OPENERS: Final = "\u201c\u201e\u00ab"
_CLOSERS: Final = "\u201d\u00bb"


def _marks(orig: str, folded: str) -> list[tuple[int, str, str]]:
    """Quote-mark candidates as (offset, '"' or "'", role); apostrophes are left out."""
    out: list[tuple[int, str, str]] = []
    pos = -1
    while True:
        pos = _next_mark(folded, pos + 1)
        if pos < 0:
            return out
        mark = folded[pos]
        prev = folded[pos - 1] if pos else " "
        nxt = folded[pos + 1] if pos + 1 < len(folded) else " "
        if mark == '"':
            out.append((pos, mark, _double_role(orig[pos], prev, nxt)))
            continue
        if prev.isalnum() and nxt.isalnum():
            continue
        if nxt.isalnum() and not prev.isalnum() and prev not in ".,!?;:":
            if not _ELISION.match(folded, pos + 1):
                out.append((pos, mark, "open"))
        elif (prev.isalnum() or prev in ".,!?;:") and not nxt.isalnum():
            strong = prev in ".,!?;:" or nxt in ',.;:!?)-"' or pos + 1 == len(folded)
            role = "close" if strong else "close_poss" if prev in "sS" else "close_weak"
            out.append((pos, mark, role))


def _double_role(char: str, prev: str, nxt: str) -> str:
    """A straight double quote after a digit or letter cannot open: 6'2", a stray mark."""
    if char in _OPENERS:
        return "open"
    if char in _CLOSERS:
        return "close"
    return "close" if prev.isalnum() or nxt.isspace() else "either"


def _next_mark(folded: str, start: int) -> int:
    a, b = folded.find('"', start), folded.find("'", start)
    if a < 0 or b < 0:
        return max(a, b)
    return min(a, b)


@dataclass
class _Open:
    """A quotation being read, possibly across paragraphs."""

    mark: str
    paragraph: int
    start: int
    pieces: list[tuple[int, int, int]]
    piece_start: int
    fallback: int = -1
    bare: bool = False  # carried into a paragraph that does not repeat the opening mark


class Scanner:
    """Pairs quote marks into quotations, carrying an open one over paragraph breaks."""

    def __init__(self, paragraphs: Sequence[str], folded: Sequence[str]) -> None:
        self.paragraphs = paragraphs
        self.folded = folded
        self.quotes: list[Quote] = []
        self.current: _Open | None = None

    def run(self) -> list[Quote]:
        for p, (orig, text) in enumerate(zip(self.paragraphs, self.folded, strict=True)):
            marks = _marks(orig, text)
            if self.current is not None and self.current.bare:
                self.current.piece_start, self.current.bare = 0, False
            elif self.current is not None:  # a continuation: the repeated mark starts the piece
                lead = len(text) - len(text.lstrip())
                self.current.piece_start = lead + 1
                marks = [m for m in marks if m[0] != lead]
            for pos, mark, role in marks:
                self.step(p, pos, mark, role)
            self.end_paragraph(p)
        return self.quotes

    def close(self, p: int, pos: int, *, closed: bool = True) -> None:
        assert self.current is not None
        quote = _finish(self.current, p, pos, self.paragraphs, closed=closed)
        if any(c.isalnum() for c in quote.text):  # a pair of marks round nothing quotes nothing
            self.quotes.append(quote)
        self.current = None

    def step(self, p: int, pos: int, mark: str, role: str) -> None:
        current = self.current
        if current is None:
            if role in ("open", "either"):
                self.current = _Open(mark, p, pos, [], pos + 1)
            return
        if mark != current.mark:
            return  # a nested quote of the other kind belongs to this one
        if pos == current.piece_start and not current.pieces and role in ("open", "either"):
            current.piece_start = pos + 1  # a doubled mark (""Good Morning America.") opens once
            return
        if role == "close_poss":
            current.fallback = current.fallback if current.fallback >= 0 else pos
        elif role in ("close", "either", "close_weak"):
            self.close(p, pos)
        elif current.fallback >= 0:  # a new opener: the possessive-looking mark was the end
            self.close(p, current.fallback)
            self.current = _Open(mark, p, pos, [], pos + 1)
        elif mark == '"':  # a curly opener inside a quote: a mistyped closer or a lost one
            self.close(p, pos)
            if self.folded[p][pos + 1 : pos + 2].isalnum():
                self.current = _Open(mark, p, pos, [], pos + 1)

    def end_paragraph(self, p: int) -> None:
        """Close, carry over or drop a quotation still open at the end of paragraph p."""
        current = self.current
        if current is None:
            return
        end = len(self.paragraphs[p])
        if current.fallback >= 0:
            self.close(p, current.fallback)
        elif _continues(self.folded, p + 1, current.mark):
            current.pieces.append((p, current.piece_start, end))
        elif current.mark == '"' and self.closed_later(p):
            current.pieces.append((p, current.piece_start, end))
            current.bare = True
        elif current.mark == '"' and self.paragraphs[current.paragraph][current.start] in _OPENERS:
            self.close(p, end, closed=False)  # a curly opener is a quote even left unclosed
        else:
            self.current = None  # a stray straight mark or apostrophe: not a quotation

    def closed_later(self, p: int) -> bool:
        """Whether the next marked paragraph, within a few, closes a quote left open in p.

        Archived copy often cuts a quotation of several sentences into one line each, with no
        mark repeated ('"Think of it.' / 'How do you draw the line?' / 'It is hard," he said.').
        """
        for q in range(p + 1, min(p + 1 + _CARRY, len(self.folded))):
            marks = [m for m in _marks(self.paragraphs[q], self.folded[q]) if m[1] == '"']
            if marks:
                return marks[0][2] == "close"
        return False


# How many unmarked paragraphs a quotation may run over before its closing mark.
_CARRY: Final = 3


def _continues(folded: Sequence[str], p: int, mark: str) -> bool:
    """A paragraph that opens with the same mark continues an unclosed quotation."""
    if p >= len(folded):
        return False
    text = folded[p].lstrip()
    return len(text) > 1 and text[0] == mark and not text[1].isspace()


def _finish(
    current: _Open, p: int, pos: int, paragraphs: Sequence[str], *, closed: bool = True
) -> Quote:
    pieces = [*current.pieces, (p, current.piece_start, pos)]
    text = " ".join(paragraphs[q][s:e].strip() for q, s, e in pieces)
    text = text.strip().rstrip(",").rstrip()
    return Quote(text, current.paragraph, current.start, p, pos + 1 if closed else pos)
