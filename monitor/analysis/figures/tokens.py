"""Tokens of a folded text, the figure they make, and the helpers every reading rule uses:
what a token is, whether it touches the next, and how a number is spelled out."""

import re
from dataclasses import dataclass
from typing import Final

from monitor.analysis.figures.words import (
    BIG,
    IRREGULAR,
    MONTHS,
    NOT_NOUNS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    TENS,
    UNITS,
)
from monitor.analysis.quotes import fold


@dataclass(frozen=True)
class Figure:
    """One figure as printed in a text, with its normalised meaning.

    `unit` is a currency code ("USD"), "percent", "percentage points", "count", "tally"
    (a vote or score, "7 to 4"), a duration ("hours"), a measure ("miles"), "times", "age",
    "fraction", "ratio", "ordinal" ("14th"), or a calendar kind ("year", "decade", "date",
    "time"); dates have no value and compare by `label`. `weak` marks a bare "one" or "half",
    a rank or a bond's term: too often idiomatic or a name to report when it appears or
    disappears, but worth reporting when it turns into another number in the same slot.
    `noun` is the word after a count ("officer"), used to pair figures, never to compare them.
    `baseline` marks a figure printed as the point a change started from ("up from 40", "from
    an initial estimate of 2,000"): when a story is updated, the old claim often survives in
    that form.
    """

    text: str
    start: int
    end: int
    value: float | None
    unit: str
    upper: float | None = None
    qualifier: str | None = None
    label: str | None = None
    noun: str | None = None
    weak: bool = False
    baseline: bool = False

    @property
    def key(self) -> tuple[object, ...]:
        """What must be equal for two figures to state the same thing."""
        value = None if self.value is None else round(self.value, 6)
        upper = None if self.upper is None else round(self.upper, 6)
        return (self.unit, value, upper, self.qualifier, self.label)


TOKEN: Final = re.compile(
    r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)|(?P<w>[^\W\d_]+(?:'[^\W\d_]+)*)|(?P<s>\S)"
)
# (kind, text, lower, start, end); kind is "n" (digits), "w" (word) or "s" (symbol).
Tok = tuple[str, str, str, int, int]
# (figure or None for "a number, but not a figure", index after it)
Read = tuple[Figure | None, int]


def _singular(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class Quantity:
    """A number being read, with what the words after it say about it."""

    def __init__(self, value: float, end: int, *, spelled: bool) -> None:
        self.value = value
        self.raw_value = value
        self.end = end
        self.spelled = spelled
        self.unit = "count"  # "" once it turns out not to be a figure
        self.label: str | None = None
        self.scaled = False
        self.noun: str | None = None
        self.currency: str | None = None

    def set_time(self, half: str, end: int) -> None:
        """ "5 p.m.", "10:30", "5.30pm": a time of day, labelled as on a 24-hour clock."""
        hours = int(self.raw_value)
        minutes = round((self.raw_value - hours) * 100)
        if half:
            hours = hours % 12 + (12 if half == "pm" else 0)
        self.unit, self.end = "time", end
        self.value = hours + minutes / 60
        self.label = f"{hours:02d}:{minutes:02d}"


class Tokens:
    """The tokens of one text and the helpers every reading rule uses."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks: list[Tok] = [
            (m.lastgroup or "s", m.group(), m.group().lower(), m.start(), m.end())
            for m in TOKEN.finditer(fold(text))
        ]

    # --- token helpers -----------------------------------------------------------------

    def low(self, i: int) -> str:
        return self.toks[i][2] if 0 <= i < len(self.toks) else ""

    def raw(self, i: int) -> str:
        return self.toks[i][1] if 0 <= i < len(self.toks) else ""

    def kind(self, i: int) -> str:
        return self.toks[i][0] if 0 <= i < len(self.toks) else ""

    def tight(self, i: int) -> bool:
        """Whether token i touches token i+1 with no space between."""
        return i >= 0 and i + 1 < len(self.toks) and self.toks[i][4] == self.toks[i + 1][3]

    def is_number(self, j: int) -> bool:
        return self.kind(j) == "n" or self.low(j) in NUMBER_WORDS

    def is_year(self, j: int) -> bool:
        raw = self.raw(j)
        return len(raw) == 4 and raw.isdigit() and 1000 <= int(raw) <= 2100

    def month(self, j: int) -> int:
        """The month named at j (allowing "Jan." with its dot), else 0."""
        if self.low(j) == "." and j > 0:
            j -= 1
            short = len(self.low(j)) <= 4 and self.raw(j)[:1].isupper()
            return MONTHS.get(self.low(j), 0) if short else 0
        if not self.raw(j)[:1].isupper():
            return 0  # "may", "march" in lower case are verbs
        return MONTHS.get(self.low(j), 0)

    def figure(
        self,
        i: int,
        j: int,
        value: float | None,
        unit: str,
        *,
        upper: float | None = None,
        qualifier: str | None = None,
        label: str | None = None,
        noun: str | None = None,
        weak: bool = False,
    ) -> Figure:
        """A figure printed from token i up to (not including) token j."""
        start, end = self.toks[i][3], self.toks[j - 1][4]
        text = self.text[start:end]
        return Figure(text, start, end, value, unit, upper, qualifier, label, noun, weak)

    def noun_at(self, j: int) -> str | None:
        """The counted thing after a figure ("23 officers" -> "officer"), if a word follows."""
        word = self.low(j)
        return _singular(word) if self.kind(j) == "w" and word not in NOT_NOUNS else None

    def number_at(self, i: int) -> Quantity | None:
        """Digits or spelled-out words at i ("3,000", "twenty-one", "two hundred", "a dozen")."""
        kind, raw, low = self.toks[i][:3]
        if kind == "n":
            return Quantity(float(raw.replace(",", "")), i + 1, spelled=False)
        if low == "a" and self.low(i + 1) in ("hundred", "thousand", "million", "billion", "dozen"):
            word = self.low(i + 1)
            value = 12.0 if word == "dozen" else 100.0 if word == "hundred" else BIG[word]
            return Quantity(value, i + 2, spelled=True)
        if low not in NUMBER_WORDS:
            return None
        value, j = self.spelled_at(i)
        if self.low(j) == "-" and self.low(j + 1) in ORDINAL_WORDS:
            return None  # "twenty-first"
        if self.low(j) == "dozen":
            return Quantity(value * 12, j + 1, spelled=True)
        return Quantity(value, j, spelled=True)

    def spelled_at(self, i: int) -> tuple[float, int]:
        """Read number words: "two hundred and fifty thousand" -> (250000, next index)."""
        total, current, last, j = 0.0, 0.0, "", i
        while j < len(self.toks):
            word = self.low(j)
            if word in UNITS and last in ("", "tens", "hundred"):
                current, last = current + UNITS[word], "unit"
            elif word in TENS and last in ("", "hundred"):
                current, last = current + TENS[word], "tens"
            elif word == "hundred" and last in ("unit", "tens"):
                current, last = current * 100, "hundred"
            elif word in BIG and last in ("unit", "tens", "hundred"):
                total, current, last = total + max(current, 1) * BIG[word], 0.0, ""
            elif word == "-" and last == "tens" and self.tight(j - 1) and self.tight(j):
                if self.low(j + 1) not in UNITS:
                    break
            elif not (word == "and" and last == "hundred" and self.low(j + 1) in NUMBER_WORDS):
                break
            j += 1
        return total + current, j
