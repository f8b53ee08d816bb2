"""What stands around a number and makes it a figure of some kind: scale and unit words after
it, currency, sign and qualifier before it, and the end of a range."""

from typing import Final

from monitor.analysis.figures.tokens import Figure, Quantity, Tokens
from monitor.analysis.figures.words import (
    CURRENCY_CODE,
    CURRENCY_SYMBOL,
    CURRENCY_WORD,
    DEFINITE,
    DOLLAR_PREFIX,
    FRACTIONS,
    IRREGULAR,
    MEASURES,
    NO_RANGE,
    NOT_NOUNS,
    POINTS,
    QUALIFIERS,
    RACES,
    RANGEABLE,
    SCALE,
    TENORS,
    TIGHT_SCALE,
    TIGHT_UNITS,
    TIME_UNITS,
    UNIT_SUFFIXES,
    WEAK_UNITS,
)


class Units(Tokens):
    """What follows a number: scale, time of day, unit."""

    def read_suffix(self, q: Quantity) -> None:
        """Consume scale, time-of-day and unit words after the number."""
        j = q.end
        word, tight = self.low(j), self.tight(j - 1)
        if tight and not q.spelled and word in ("st", "nd", "rd", "th"):
            q.unit, q.end = "ordinal", j + 1
            return
        million = tight and word in TIGHT_SCALE and not (word == "m" and self.means_metres(j))
        if million or word in SCALE:
            q.value *= TIGHT_SCALE[word] if million else SCALE[word]
            q.scaled = True
            j += 1
            word, tight = self.low(j), self.tight(j - 1)
        q.end = j
        if tight and not q.spelled and self.read_tight_suffix(q, j):
            return
        half, end = self.half_day(j)
        if half and not q.spelled and q.value <= 12:
            q.set_time(half, end)
        elif tight and self.kind(j) == "w" and word not in UNIT_SUFFIXES:
            q.unit, q.end = "", j + 1  # "5G", "3D", "49ers": a name, not a figure
        else:
            self.read_unit(q, j)

    def means_metres(self, j: int) -> bool:
        """ "the 100m", "a 10m wall", "400m hurdles": metres. Money ("£40m") or a plural
        count after it ("1.2m residents") makes "m" a million."""
        before = j - 2  # the token before the digits
        if self.raw(before) in CURRENCY_SYMBOL or self.low(before) in CURRENCY_CODE:
            return False
        word = self.low(j + 1)
        if self.kind(j + 1) != "w" or word in RACES or word in NOT_NOUNS:
            return True
        return not (word in IRREGULAR or (word.endswith("s") and not word.endswith("ss")))

    def read_tight_suffix(self, q: Quantity, j: int) -> bool:
        """ "1990s", "10:30", "450p": forms written against the digits."""
        word = self.low(j)
        if word == "s" and q.value >= 10:
            q.unit, q.end = "decade", j + 1
            if q.value < 100:
                q.value += 1900 if q.value >= 30 else 2000
            return True
        if word == ":" and self.kind(j + 1) == "n" and len(self.raw(j + 1)) == 2 and self.tight(j):
            q.raw_value += int(self.raw(j + 1)) / 100
            q.set_time(*self.half_day(j + 2))
            return True
        unit = TIGHT_UNITS.get(word, "")
        if not unit or (word == "p" and self.low(j + 1) == "."):  # "5p.m." is a time
            return False
        q.unit, q.end = unit, j + 1
        return True

    def half_day(self, j: int) -> tuple[str, int]:
        """ "pm", "PM", "p.m." at j: ("pm", index after it), else ("", j)."""
        word = self.low(j)
        if word in ("am", "pm"):
            return word, j + 1
        if word in ("a", "p") and self.low(j + 1) == "." and self.low(j + 2) == "m":
            return word + "m", j + 4 if self.low(j + 3) == "." else j + 3
        return "", j

    def read_unit(self, q: Quantity, j: int) -> None:
        """Percent, points, currency words, multipliers, durations, measures, fractions."""
        word, nxt = self.low(j), self.low(j + 1)
        hyphen = word == "-" and self.tight(j - 1) and self.tight(j)
        if hyphen:  # "90-minute", "two-thirds"
            j += 1
            word, nxt = nxt, self.low(j + 1)
        unit, end = _simple_unit(word, nxt, hyphen)
        if unit:
            q.unit, q.end = unit, j + end
        elif word in CURRENCY_WORD or (word in CURRENCY_CODE and not hyphen):
            q.currency, q.end = CURRENCY_WORD.get(word) or CURRENCY_CODE[word], j + 1
        elif word in TIME_UNITS:
            old = j + 1 if nxt == "old" else j + 2 if nxt == "-" else 0
            if word in ("year", "years") and old and self.low(old) == "old":
                q.unit, q.end = "age", old + 1  # "72-year-old", "72 years old"
            else:
                q.unit, q.end = TIME_UNITS[word], j + 1
        elif word in FRACTIONS and q.value < 20 and (hyphen or word.endswith("s")):
            q.unit, q.end, q.value = "fraction", j + 1, q.value / FRACTIONS[word]
        elif word == "in" and self.is_number(j + 1) and not self.is_year(j + 1):
            other = self.number_at(j + 1)
            if other is not None and other.value:
                q.unit, q.end, q.value = "ratio", other.end, q.value / other.value
        else:
            q.noun = self.noun_at(j)


class Surroundings(Units):
    """What stands around a number: currency, sign, qualifier, a range end; and the figure it
    all makes."""

    def read_prefix(self, i: int, q: Quantity) -> tuple[int, str | None, bool]:
        """Currency, sign and qualifier before the number: (first token, qualifier, negative)."""
        k = i
        if self.raw(k - 1) in CURRENCY_SYMBOL:
            q.currency, k = CURRENCY_SYMBOL[self.raw(k - 1)], k - 1
            code = DOLLAR_PREFIX.get(self.low(k - 1)) if self.raw(k) == "$" else None
            if code and self.tight(k - 1) and self.kind(k - 1) == "w":
                q.currency, k = code, k - 1  # "US$", "C$"
        elif self.low(k - 1) in CURRENCY_CODE and self.raw(k - 1) in (
            "Rs",
            self.low(k - 1).upper(),
        ):
            q.currency, k = CURRENCY_CODE[self.low(k - 1)], k - 1
        sign = self.raw(k - 1) == "-" and self.tight(k - 1) and not self.tight(k - 2)
        negative = sign or self.low(k - 1) == "minus"
        k -= negative
        # "around a 60% chance", "more than an 8% rise": the article sits inside the phrase
        ends = (k, k - 1) if self.low(k - 1) in ("a", "an") else (k,)
        for end in ends:
            for width in (3, 2, 1):
                phrase = " ".join(t[2] for t in self.toks[max(end - width, 0) : end])
                if end - width >= 0 and phrase in QUALIFIERS:
                    return end - width, QUALIFIERS[phrase], negative
        return k, None, negative

    def read_range(self, first: Quantity, start: int) -> tuple[float | None, int]:
        """Read "to 12", "-4", "and 12" after a number: (upper value, end token).

        "from 40 to 52" is two figures (a change being described), not a range; a range
        whose first number is descending and unitless is a tally ("7 to 4", "5-4").
        """
        j, joiner = first.end, self.low(first.end)
        between = self.low(start - 1) == "between"
        if self.low(start - 1) == "from" or first.unit not in RANGEABLE:
            return None, first.end
        if joiner == "-" and self.low(j + 1) == "to" and self.low(j + 2) == "-":
            j += 3
        elif (
            (joiner == "-" and self.tight(j - 1) and self.tight(j))
            or joiner == "to"
            or (joiner == "or" and first.spelled)
            or (joiner == "and" and between)
        ):
            j += 1
        else:
            return None, first.end
        j += self.raw(j) in CURRENCY_SYMBOL
        second = self.number_at(j) if self.is_number(j) else None
        if second is None:
            return None, first.end
        self.read_suffix(second)
        if second.unit != first.unit and (first.unit != "count" or second.unit in NO_RANGE):
            return None, first.end
        if first.unit == "count":
            first.unit = second.unit
        # "$5 to $10 million"; a zero ("0-0b") carries no scale to pass on
        if second.scaled and not first.scaled and second.raw_value:
            first.value *= second.value / second.raw_value
        first.currency = first.currency or second.currency
        first.noun = second.noun
        if first.unit == "count" and not between and first.value >= second.value:
            first.unit = "tally"
        return second.value, second.end

    def build(
        self, q: Quantity, start: int, end: int, *, upper: float | None, qualifier: str | None
    ) -> Figure:
        """Turn a read quantity into a Figure, deciding currency, age and weakness."""
        unit = q.currency if q.currency and q.unit in ("count", "tally") else q.unit
        if unit == "count" and self.is_age(start, end):
            unit = "age"
        low = self.low(start)
        # "a one-day drop", "one person": often incidental, reported only when it changes
        plain = qualifier is None and upper is None and not q.scaled and unit in WEAK_UNITS
        # "the two countries", "the three men": a reference back to what the story has
        # already counted, not a new count
        reference = (
            unit == "count" and q.spelled and q.value <= 10 and self.low(start - 1) in DEFINITE
        )
        return self.figure(
            start,
            end,
            q.value,
            unit,
            upper=upper,
            qualifier=qualifier,
            label=q.label,
            noun=q.noun,
            # "the 21st century", "the 5th Circuit": a rank is reported only when it changes
            weak=unit == "ordinal"
            or (plain and (low in ("one", "zero") or reference or self.is_tenor(end))),
        )

    def is_tenor(self, end: int) -> bool:
        """ "two-year gilt yields", "the 10-year Treasury note": the name of a bond or loan by
        its term, not a claim about time."""
        compound = self.low(end - 2) == "-" and self.low(end - 1) in TIME_UNITS
        return compound and bool({self.low(end), self.low(end + 1)} & TENORS)

    def is_age(self, start: int, end: int) -> bool:
        """ "Ruth Albers, 72, a retired teacher" or "aged 72": an age, not a count."""
        if self.low(start - 1) == "aged":
            return True
        return (
            self.raw(start - 1) == ","
            and self.raw(start - 2)[:1].isupper()
            and self.low(end) == ","
            and self.kind(start) == "n"
        )


_TWO_WORD_UNITS: Final = {
    ("per", "cent"): "percent",
    **{("percentage", p): "percentage points" for p in POINTS},
    **{("basis", p): "basis points" for p in POINTS},
}
_ONE_WORD_UNITS: Final = {
    **dict.fromkeys(["%", "percent", "pct", "pc"], "percent"),
    **dict.fromkeys(["ppt", "ppts"], "percentage points"),
    **dict.fromkeys(["bps", "bp"], "basis points"),
    **dict.fromkeys(POINTS, "points"),
    **dict.fromkeys(["times", "fold"], "times"),
    **MEASURES,
}


def _simple_unit(word: str, nxt: str, hyphen: bool) -> tuple[str, int]:
    """A unit named by one or two words after a number: (unit, tokens used) or ("", 0)."""
    if (word, nxt) in _TWO_WORD_UNITS:
        return _TWO_WORD_UNITS[word, nxt], 2
    unit = _ONE_WORD_UNITS.get(word, "")
    if unit == "points" and hyphen:
        return "", 0  # "a 10-point plan" names the plan
    return unit, 1 if unit else 0
