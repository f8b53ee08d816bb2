"""Reading figures from a text: where one starts and which kind of number it is."""

import re
from dataclasses import replace
from typing import Final

from monitor.analysis.figures.calendars import Calendar
from monitor.analysis.figures.tokens import Figure, Quantity, Read
from monitor.analysis.figures.units import Surroundings
from monitor.analysis.figures.words import (
    BIG,
    CAPITAL_OK,
    CURRENCY_CODE,
    CURRENCY_WORD,
    FRACTIONS,
    MONTHS,
    NEEDS_OF,
    ONE_AFTER,
    ONE_BEFORE,
    PLURAL_SCALE,
    UNITS,
    VAGUE_AMOUNTS,
    VAGUE_SCALES,
    WORD_STARTS,
    YEAR_PREFIXES,
)


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order, with offsets into `text` as given."""
    reader = Reader(text)
    out: list[Figure] = []
    i = 0
    while i < len(reader.toks):
        found = reader.figure_at(i)
        if found is None:
            i += 1
            continue
        figure, i = found
        if figure is not None:
            out.append(figure)
    return [_with_baseline(text, f) for f in out]


# Words that make the figure after them the starting point of a change.
_BASELINE: Final = re.compile(
    r"(?:\bfrom(?:\s+(?:an?|the)\s+(?:(?:initial|earlier|previous|original|prior|first)\s+)?"
    r"(?:estimate|figure|count|tally|toll|forecast|reading|report|total)s?\s+of)?"
    r"|\bcompared\s+(?:with|to)|\bversus|\bvs\.?|\bpreviously|\bformerly)[\s,:]*$",
    re.IGNORECASE,
)


def _with_baseline(text: str, figure: Figure) -> Figure:
    if _BASELINE.search(text, max(0, figure.start - 60), figure.start) is None:
        return figure
    return replace(figure, baseline=True)


class Reader(Calendar, Surroundings):
    """The rules that decide where a figure starts and what kind of number it is."""

    # --- figures -----------------------------------------------------------------------

    def figure_at(self, i: int) -> Read | None:
        """The figure starting at token i; None when token i does not start a number."""
        kind, low = self.kind(i), self.low(i)
        if kind == "s" or (kind == "w" and low not in WORD_STARTS and not low.endswith("fold")):
            return None
        special = self.calendar_at(i) if kind == "n" else self.vague_at(i) or self.word_form_at(i)
        if special is not None:
            return special
        parsed = self.number_at(i)
        return None if parsed is None else self.number_figure(i, parsed)

    def number_figure(self, i: int, parsed: Quantity) -> Read:
        """A number read at i becomes a figure unless it is part of a name or an ordinal."""
        if not parsed.spelled and self.is_identifier(i):
            return None, parsed.end
        self.read_suffix(parsed)
        if not parsed.unit:
            return None, parsed.end  # an ordinal or a name such as "5G"
        if self.is_numbered_name(i, parsed):
            return None, self.skip_numbered(parsed.end)
        return self.quantity(i, parsed)

    def quantity(self, i: int, parsed: Quantity) -> Read:
        """Add what stands before the number and any range end, and build the figure."""
        start, qualifier, negative = self.read_prefix(i, parsed)
        if negative:
            parsed.value = -parsed.value
        upper, end = self.read_range(parsed, start)
        if upper is not None and self.low(start - 1) == "between":
            start -= 1
        return self.build(parsed, start, end, upper=upper, qualifier=qualifier), end

    def is_identifier(self, i: int) -> bool:
        """Digits glued into a name: "COVID-19", "F-35", "No. 3", "9/11", "24/7", 6'2"."""
        prev, glued = self.low(i - 1), self.tight(i - 1)
        attached = glued and (prev in ("/", "#") or self.kind(i - 1) == "w")
        inches = prev == "'" and glued and self.tight(i - 2) and self.kind(i - 2) == "n"
        hyphenated = prev == "-" and glued and self.tight(i - 2) and self.kind(i - 2) == "w"
        if attached or inches or (hyphenated and self.low(i - 2) not in YEAR_PREFIXES):
            return True
        slashed = self.tight(i) and self.low(i + 1) in ("/", "'")
        return slashed or (prev == "." and self.low(i - 2) in ("no", "nos"))

    def skip_numbered(self, end: int) -> int:
        """Past the rest of a run of numbered names: "Stations 4 and 7", "Games 3 to 5"."""
        while self.low(end) in ("and", "or", ",", "to", "-", "&") and self.raw(end + 1).isdigit():
            end += 2
        return end

    def is_numbered_name(self, i: int, q: Quantity) -> bool:
        """A bare whole number after a capitalised word names something: "Route 66",
        "Stations 4 and 7", "Chapter 11", "FTSE 100", "Day Two". A unit or scale makes it a
        figure again ("Shares 12% higher")."""
        # A spelled number is a name only when capitalised too: "Day Two", "Game Seven".
        named_spelled = q.spelled and self.raw(i)[:1].isupper() and q.end == i + 1
        if q.unit != "count" or q.scaled or not (self.raw(i).isdigit() or named_spelled):
            return False
        word = self.raw(i - 1)
        return (
            self.kind(i - 1) == "w"
            and word[:1].isupper()
            and word.lower() not in CAPITAL_OK
            and word.lower() not in MONTHS
            and word.lower() not in CURRENCY_CODE
        )

    def word_form_at(self, i: int) -> Read | None:
        """Word forms: "twice", "threefold", "a third of", "half a million", "hundreds of"."""
        low, nxt = self.low(i), self.low(i + 1)
        if low in ("twice", "thrice") or (low.endswith("fold") and low[:-4] in UNITS):
            value = {"twice": 2.0, "thrice": 3.0}.get(low) or float(UNITS.get(low[:-4], 0))
            return self.figure(i, i + 1, value, "times", noun=self.noun_at(i + 1)), i + 1
        if low == "one" and (self.low(i - 1) in ONE_BEFORE or nxt in ONE_AFTER):
            return None, i + 1  # "one of the", "no one": not a count
        if low == "a" and nxt in ("third", "quarter", "fifth", "half"):
            if self.low(i + 2) != "of":
                return None, i + 1  # "a third term", "a half-hour"
            return self.figure(i, i + 2, 1 / FRACTIONS[nxt], "fraction", noun="of"), i + 2
        if low == "half":
            return self.half_at(i)
        return self.plural_at(i)

    def half_at(self, i: int) -> Read:
        """ "half a million" is a count; "half of" a weak fraction; "the first half" nothing."""
        if self.low(i + 1) == "a" and self.low(i + 2) in BIG:
            value = 0.5 * BIG[self.low(i + 2)]
            return self.figure(i, i + 3, value, "count", noun=self.noun_at(i + 3)), i + 3
        if self.low(i - 1) in ("first", "second", "the", "a", "and", "-"):
            return None, i + 1
        noun = self.noun_at(i + 1)
        return self.figure(i, i + 1, 0.5, "fraction", noun=noun, weak=True), i + 1

    def vague_at(self, i: int) -> Read | None:
        """ "a couple hundred", "several thousand", "a handful of": a number given loosely, still
        a figure, so "a couple hundred" -> "about 150" reads as a revision."""
        j = i + (self.low(i) == "a")
        amount = VAGUE_AMOUNTS.get(self.low(j))
        if amount is None or (j == i) != (self.low(i) == "several"):
            return None
        j += 1
        if self.low(j) == "of" and self.low(j + 1) in VAGUE_SCALES:
            j += 1  # "a couple of hundred"
        if self.low(j) in VAGUE_SCALES:
            amount, j = amount * VAGUE_SCALES[self.low(j)], j + 1
        elif self.low(j - 1) != "handful":
            return None  # "a few", "several" alone are too loose to be a figure
        noun = self.noun_at(j + 1 if self.low(j) == "of" else j)
        return self.figure(i, j, amount, "count", qualifier="vague", noun=noun), j

    def plural_at(self, i: int) -> Read | None:
        """ "hundreds of", "tens of thousands": an order of magnitude, reported as such."""
        low = self.low(i)
        if low in NEEDS_OF and self.low(i + 1) != "of":
            return None
        if low == "tens" and self.low(i + 1) == "of" and self.low(i + 2) == "thousands":
            value, j = 1e4, i + 3
        elif low in PLURAL_SCALE:
            value, j = PLURAL_SCALE[low], i + 1
            if self.low(j) == "of" and self.low(j + 1) in ("thousands", "millions"):
                value, j = value * PLURAL_SCALE[self.low(j + 1)], j + 2
        else:
            return None
        unit = "count"
        if self.low(j) == "of" and self.low(j + 1) in CURRENCY_WORD:
            unit, j = CURRENCY_WORD[self.low(j + 1)], j + 2
        return self.figure(i, j, value, unit, qualifier="order of", noun=self.noun_at(j)), j
