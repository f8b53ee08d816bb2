"""Numbers a reader would notice in a sentence, each normalised to a value and a unit.

An edit that turns "$1.2 million" into "$1,200,000" or "11" into "eleven" changes nothing a
reader learns, while "nearly 40 percent" -> "more than 40 percent" changes the claim. So every
figure carries its value, unit, range end and qualifier class, and `Figure.key` compares exactly
those. Ordinals, idioms ("one of the", "no one") and names with numbers in them ("Route 66",
"COVID-19") are not figures: flagging them would bury real corrections in noise.

The reader works on tokens of the folded text (see `monitor.analysis.quotes.fold`), so offsets stay
valid in the printed text.
"""

import re
from dataclasses import dataclass, replace
from typing import Final

from monitor.analysis.quotes import fold

__all__ = ["Figure", "find_figures"]


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


def _words(text: str) -> list[str]:
    return text.split()


_UNITS: Final = {w: i for i, w in enumerate(_words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
))}  # fmt: skip
_TENS: Final = {w: 10 * (i + 2) for i, w in enumerate(_words(
    "twenty thirty forty fifty sixty seventy eighty ninety"
))}  # fmt: skip
_NUMBER_WORDS: Final = frozenset([*_UNITS, *_TENS])
_BIG: Final = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE: Final = {**_BIG, "bn": 1e9, "bln": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12}
# Abbreviations that only scale when written against the number: "$1.2m", "£3bn", "$500k".
_TIGHT_SCALE: Final = {"m": 1e6, "k": 1e3, "b": 1e9, "bn": 1e9, "tn": 1e12, "mn": 1e6}
_PLURAL_SCALE: Final = {
    "dozens": 12.0, "scores": 20.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9,
}  # fmt: skip
_FRACTIONS: Final = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "tenths": 10,
}  # fmt: skip
_ORDINAL_WORDS: Final = frozenset(
    _words("first second third fourth fifth sixth seventh eighth ninth")
)
_MONTHS: Final = {m: i + 1 for i, m in enumerate(_words(
    "january february march april may june july august september october november december"
))} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_CURRENCY_SYMBOL: Final = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
_DOLLAR_PREFIX: Final = {
    "us": "USD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD", "hk": "HKD", "nz": "NZD",
    "s": "SGD", "r": "BRL",
}  # fmt: skip
_CURRENCY_CODE: Final = {c.lower(): c for c in _words(
    "USD EUR GBP JPY CNY CHF AUD CAD INR HKD NZD SGD SEK NOK DKK ZAR BRL MXN RUB"
)} | {"rs": "INR"}  # fmt: skip
_CURRENCY_WORD: Final = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "francs": "CHF", "pesos": "MXN",
    "rand": "ZAR",
}  # fmt: skip
_TIME_UNITS: Final = {
    **{w: w + "s" for w in _words("second minute hour day week month year decade")},
    **{w + "s": w + "s" for w in _words("second minute hour day week month year decade")},
    "century": "centuries", "centuries": "centuries",
}  # fmt: skip
_MEASURE_NAMES: Final = {
    "mile": "miles", "km": "km", "kilometre": "km", "kilometer": "km", "metre": "metres",
    "meter": "metres", "foot": "feet", "feet": "feet", "ft": "feet", "inch": "inches",
    "inches": "inches", "yard": "yards", "acre": "acres", "hectare": "hectares",
    "ton": "tonnes", "tonne": "tonnes", "kg": "kg", "kilogram": "kg", "pound": "pounds",
    "lb": "pounds", "lbs": "pounds", "litre": "litres", "liter": "litres",
    "gallon": "gallons", "barrel": "barrels", "degree": "degrees", "mph": "mph",
    "kph": "km/h", "megawatt": "MW", "mw": "MW", "gigawatt": "GW", "gw": "GW",
    "pence": "pence", "cent": "cents",
}  # fmt: skip
_MEASURES: Final = _MEASURE_NAMES | {
    w + "s": unit for w, unit in _MEASURE_NAMES.items() if not w.endswith("s")
}
_POINTS: Final = frozenset(["point", "points", "pts", "pt"])
# Letters written against a number that still make it a figure ("3bn", "10km", "5.25%").
_UNIT_SUFFIXES: Final = frozenset(
    _words("percent pct pc ppt ppts bn mn m k km kg ft mph kph lb lbs mw gw bps bp pts pt b tn")
)

_QUALIFIER_CLASSES: Final = {
    "about": ["about", "around", "roughly", "approximately", "some", "an estimated", "estimated"],
    "nearly": ["nearly", "almost", "close to", "just under", "just shy of"],
    "more than": ["more than", "over", "upwards of", "in excess of", "just over", "well over",
                  "above"],
    "at least": ["at least", "no fewer than", "no less than"],
    "less than": ["less than", "fewer than", "under", "below"],
    "up to": ["up to", "as many as", "as much as", "at most", "no more than"],
}  # fmt: skip
# Synonyms share a class, so "about" -> "around" is a copy edit, "about" -> "nearly" is not.
_QUALIFIERS: Final = {
    phrase: name for name, phrases in _QUALIFIER_CLASSES.items() for phrase in phrases
}
# "one" in this company is a pronoun or an idiom, not a count.
_ONE_BEFORE: Final = frozenset(_words("no any every each the this that which someone"))
_ONE_AFTER: Final = frozenset(_words("of another day time way thing hand side point another's or"))
# Capitalised words that may stand before a number without making it part of a name.
_CAPITAL_OK: Final = frozenset(_words(
    "in on at by since from until to of about around nearly almost some over under only just "
    "between and or with for after before than all its their his her the a an roughly exactly "
    "approximately more less fewer up as at least another those these another another's "
    "precisely barely still but so while when if another nearly estimated well fully perhaps "
    "possibly altogether today yesterday tonight monday tuesday wednesday thursday friday "
    "saturday sunday"
)) | frozenset(w for phrase in _QUALIFIERS for w in phrase.split())  # fmt: skip
_NOT_YEAR: Final = frozenset([
    "$", "£", "€", *_CURRENCY_CODE, "about", "nearly", "some", "around", "than", "least",
    "roughly", "approximately", "almost", "estimated", "as",
])  # fmt: skip
_YEAR_PREFIXES: Final = frozenset(["mid", "pre", "post", "late", "early"])
_RANGEABLE: Final = frozenset(
    ["count", "percent", "times", "points", *_TIME_UNITS.values(), *_MEASURES.values()]
)
_NO_RANGE: Final = frozenset(["", "time", "decade", "age", "ratio", "fraction", "pence"])
_WORD_STARTS: Final = frozenset([*_NUMBER_WORDS, "a", "twice", "thrice", "half", "tens",
                                 *_PLURAL_SCALE])  # fmt: skip
# Words after a number that say nothing about what is counted ("52 on Tuesday").
_NOT_NOUNS: Final = frozenset(_words(
    "on in at of to for from by with and or the a an last this that than as per each who which "
    "were was are is had have has will would said more over after before since into out up down "
    "among between earlier later ago"
))  # fmt: skip
# Letters that are a unit only when written against the number: "450p", "20C", "3x".
_TIGHT_UNITS: Final = {"p": "pence", "c": "degrees", "f": "degrees", "x": "times", "m": "metres"}
# Plural words after "400m" that name a race, not what a million counts.
_RACES: Final = frozenset(
    _words("hurdles relays sprints finals heats races events titles records medals laps")
)
_WEAK_UNITS: Final = frozenset(["count", "age", *_TIME_UNITS.values(), *_MEASURES.values()])
# What a "10-year" names when it is a term rather than a span of time.
_TENORS: Final = frozenset(_words(
    "yield yields gilt gilts bond bonds note notes treasury treasuries bund bunds bill bills "
    "mortgage mortgages swap swaps loan loans debt paper jgb jgbs"
))  # fmt: skip
_IRREGULAR: Final = {"people": "person", "men": "man", "women": "woman", "children": "child"}
_TOKEN: Final = re.compile(
    r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)|(?P<w>[^\W\d_]+(?:'[^\W\d_]+)*)|(?P<s>\S)"
)
# (kind, text, lower, start, end); kind is "n" (digits), "w" (word) or "s" (symbol).
_Tok = tuple[str, str, str, int, int]
# (figure or None for "a number, but not a figure", index after it)
_Read = tuple[Figure | None, int]


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order, with offsets into `text` as given."""
    reader = _Reader(text)
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


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class _Quantity:
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


class _Reader:
    """The tokens of one text and the rules that read figures from them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks: list[_Tok] = [
            (m.lastgroup or "s", m.group(), m.group().lower(), m.start(), m.end())
            for m in _TOKEN.finditer(fold(text))
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
        return self.kind(j) == "n" or self.low(j) in _NUMBER_WORDS

    def is_year(self, j: int) -> bool:
        raw = self.raw(j)
        return len(raw) == 4 and raw.isdigit() and 1000 <= int(raw) <= 2100

    def month(self, j: int) -> int:
        """The month named at j (allowing "Jan." with its dot), else 0."""
        if self.low(j) == "." and j > 0:
            j -= 1
            short = len(self.low(j)) <= 4 and self.raw(j)[:1].isupper()
            return _MONTHS.get(self.low(j), 0) if short else 0
        if not self.raw(j)[:1].isupper():
            return 0  # "may", "march" in lower case are verbs
        return _MONTHS.get(self.low(j), 0)

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
        return _singular(word) if self.kind(j) == "w" and word not in _NOT_NOUNS else None

    # --- figures -----------------------------------------------------------------------

    def figure_at(self, i: int) -> _Read | None:
        """The figure starting at token i; None when token i does not start a number."""
        kind, low = self.kind(i), self.low(i)
        if kind == "s" or (kind == "w" and low not in _WORD_STARTS and not low.endswith("fold")):
            return None
        special = self.calendar_at(i) if kind == "n" else self.word_form_at(i)
        if special is not None:
            return special
        parsed = self.number_at(i)
        return None if parsed is None else self.number_figure(i, parsed)

    def number_figure(self, i: int, parsed: _Quantity) -> _Read:
        """A number read at i becomes a figure unless it is part of a name or an ordinal."""
        if not parsed.spelled and self.is_identifier(i):
            return None, parsed.end
        self.read_suffix(parsed)
        if not parsed.unit:
            return None, parsed.end  # an ordinal or a name such as "5G"
        if self.is_numbered_name(i, parsed):
            return None, self.skip_numbered(parsed.end)
        return self.quantity(i, parsed)

    def quantity(self, i: int, parsed: _Quantity) -> _Read:
        """Add what stands before the number and any range end, and build the figure."""
        start, qualifier, negative = self.read_prefix(i, parsed)
        if negative:
            parsed.value = -parsed.value
        upper, end = self.read_range(parsed, start)
        if upper is not None and self.low(start - 1) == "between":
            start -= 1
        return self.build(parsed, start, end, upper=upper, qualifier=qualifier), end

    def number_at(self, i: int) -> _Quantity | None:
        """Digits or spelled-out words at i ("3,000", "twenty-one", "two hundred", "a dozen")."""
        kind, raw, low = self.toks[i][:3]
        if kind == "n":
            return _Quantity(float(raw.replace(",", "")), i + 1, spelled=False)
        if low == "a" and self.low(i + 1) in ("hundred", "thousand", "million", "billion", "dozen"):
            word = self.low(i + 1)
            value = 12.0 if word == "dozen" else 100.0 if word == "hundred" else _BIG[word]
            return _Quantity(value, i + 2, spelled=True)
        if low not in _NUMBER_WORDS:
            return None
        value, j = self.spelled_at(i)
        if self.low(j) == "-" and self.low(j + 1) in _ORDINAL_WORDS:
            return None  # "twenty-first"
        if self.low(j) == "dozen":
            return _Quantity(value * 12, j + 1, spelled=True)
        return _Quantity(value, j, spelled=True)

    def spelled_at(self, i: int) -> tuple[float, int]:
        """Read number words: "two hundred and fifty thousand" -> (250000, next index)."""
        total, current, last, j = 0.0, 0.0, "", i
        while j < len(self.toks):
            word = self.low(j)
            if word in _UNITS and last in ("", "tens", "hundred"):
                current, last = current + _UNITS[word], "unit"
            elif word in _TENS and last in ("", "hundred"):
                current, last = current + _TENS[word], "tens"
            elif word == "hundred" and last in ("unit", "tens"):
                current, last = current * 100, "hundred"
            elif word in _BIG and last in ("unit", "tens", "hundred"):
                total, current, last = total + max(current, 1) * _BIG[word], 0.0, ""
            elif word == "-" and last == "tens" and self.tight(j - 1) and self.tight(j):
                if self.low(j + 1) not in _UNITS:
                    break
            elif not (word == "and" and last == "hundred" and self.low(j + 1) in _NUMBER_WORDS):
                break
            j += 1
        return total + current, j

    def is_identifier(self, i: int) -> bool:
        """Digits glued into a name: "COVID-19", "F-35", "No. 3", "9/11", "24/7", 6'2"."""
        prev, glued = self.low(i - 1), self.tight(i - 1)
        attached = glued and (prev in ("/", "#") or self.kind(i - 1) == "w")
        inches = prev == "'" and glued and self.tight(i - 2) and self.kind(i - 2) == "n"
        hyphenated = prev == "-" and glued and self.tight(i - 2) and self.kind(i - 2) == "w"
        if attached or inches or (hyphenated and self.low(i - 2) not in _YEAR_PREFIXES):
            return True
        slashed = self.tight(i) and self.low(i + 1) in ("/", "'")
        return slashed or (prev == "." and self.low(i - 2) in ("no", "nos"))

    def skip_numbered(self, end: int) -> int:
        """Past the rest of a run of numbered names: "Stations 4 and 7", "Games 3 to 5"."""
        while self.low(end) in ("and", "or", ",", "to", "-", "&") and self.raw(end + 1).isdigit():
            end += 2
        return end

    def is_numbered_name(self, i: int, q: _Quantity) -> bool:
        """A bare whole number after a capitalised word names something: "Route 66",
        "Stations 4 and 7", "Chapter 11", "FTSE 100". A unit or scale makes it a figure again
        ("Shares 12% higher")."""
        if q.unit != "count" or q.scaled or q.spelled or not self.raw(i).isdigit():
            return False
        word = self.raw(i - 1)
        return (
            self.kind(i - 1) == "w"
            and word[:1].isupper()
            and word.lower() not in _CAPITAL_OK
            and word.lower() not in _MONTHS
            and word.lower() not in _CURRENCY_CODE
        )

    def word_form_at(self, i: int) -> _Read | None:
        """Word forms: "twice", "threefold", "a third of", "half a million", "hundreds of"."""
        low, nxt = self.low(i), self.low(i + 1)
        if low in ("twice", "thrice") or (low.endswith("fold") and low[:-4] in _UNITS):
            value = {"twice": 2.0, "thrice": 3.0}.get(low) or float(_UNITS.get(low[:-4], 0))
            return self.figure(i, i + 1, value, "times", noun=self.noun_at(i + 1)), i + 1
        if low == "one" and (self.low(i - 1) in _ONE_BEFORE or nxt in _ONE_AFTER):
            return None, i + 1  # "one of the", "no one": not a count
        if low == "a" and nxt in ("third", "quarter", "fifth", "half"):
            if self.low(i + 2) != "of":
                return None, i + 1  # "a third term", "a half-hour"
            return self.figure(i, i + 2, 1 / _FRACTIONS[nxt], "fraction", noun="of"), i + 2
        if low == "half":
            return self.half_at(i)
        return self.plural_at(i)

    def half_at(self, i: int) -> _Read:
        """ "half a million" is a count; "half of" a weak fraction; "the first half" nothing."""
        if self.low(i + 1) == "a" and self.low(i + 2) in _BIG:
            value = 0.5 * _BIG[self.low(i + 2)]
            return self.figure(i, i + 3, value, "count", noun=self.noun_at(i + 3)), i + 3
        if self.low(i - 1) in ("first", "second", "the", "a", "and", "-"):
            return None, i + 1
        noun = self.noun_at(i + 1)
        return self.figure(i, i + 1, 0.5, "fraction", noun=noun, weak=True), i + 1

    def plural_at(self, i: int) -> _Read | None:
        """ "hundreds of", "tens of thousands": an order of magnitude, reported as such."""
        low = self.low(i)
        if low == "tens" and self.low(i + 1) == "of" and self.low(i + 2) == "thousands":
            value, j = 1e4, i + 3
        elif low in _PLURAL_SCALE:
            value, j = _PLURAL_SCALE[low], i + 1
            if self.low(j) == "of" and self.low(j + 1) in ("thousands", "millions"):
                value, j = value * _PLURAL_SCALE[self.low(j + 1)], j + 2
        else:
            return None
        unit = "count"
        if self.low(j) == "of" and self.low(j + 1) in _CURRENCY_WORD:
            unit, j = _CURRENCY_WORD[self.low(j + 1)], j + 2
        return self.figure(i, j, value, unit, qualifier="order of", noun=self.noun_at(j)), j

    def calendar_at(self, i: int) -> _Read | None:
        """ "July 1", "1 July 2024", "June 3-5", "July 2024", "2024", "2019-20": never counts."""
        raw = self.raw(i)
        if not raw.isdigit():
            return None
        number = int(raw)
        before = self.month(i - 1)
        after = self.month(i + 1) if 1 <= number <= 31 else 0
        if before and 1 <= number <= 31:
            return self.month_day(i, before, number)
        if after:
            end = i + 2 + (len(self.low(i + 1)) <= 4 and self.low(i + 2) == "." and after != 5)
            year = int(self.raw(end)) if self.is_year(end) else None
            end += year is not None
            return self.date(i, end, year=year, month=after, day=number), end
        if before and self.is_year(i):
            start = i - 1 if self.kind(i - 1) == "w" else i - 2
            return self.date(start, i + 1, year=number, month=before), i + 1
        return self.year_at(i, number)

    def year_at(self, i: int, number: int) -> _Read | None:
        """A bare year ("in 2024", "the 2019-20 season") unless the context makes it a count."""
        plausible = self.is_year(i) and not (self.tight(i) and self.kind(i + 1) == "w")
        if not plausible or self.low(i - 1) in _NOT_YEAR:
            return None
        if self.low(i - 1) == "-" and self.tight(i - 2) and self.low(i - 2) not in _YEAR_PREFIXES:
            return None, i + 1  # a name such as "COVID-2019"
        if self.low(i + 1) in ("-", "to") and self.is_short_year(i + 2):
            second = int(self.raw(i + 2))
            second += 0 if second >= 1000 else number // 100 * 100
            return self.figure(i, i + 3, float(number), "year", upper=float(second)), i + 3
        return self.figure(i, i + 1, float(number), "year", noun=self.noun_at(i + 1)), i + 1

    def month_day(self, i: int, month: int, day: int) -> _Read:
        """ "July 1", "Jan. 5, 2024", "June 3rd", "June 3-5"."""
        start = i - 1 if self.kind(i - 1) == "w" else i - 2
        end = i + 1
        if self.tight(i) and self.low(end) in ("st", "nd", "rd", "th"):
            end += 1
        if self.low(end) == "-" and self.tight(end - 1) and self.tight(end):
            last = self.raw(end + 1)
            if last.isdigit() and 1 <= int(last) <= 31:  # "June 3-5"
                return self.date(start, end + 2, month=month, day=day, last=int(last)), end + 2
        year = None
        if self.low(end) == "," and self.is_year(end + 1):
            year, end = int(self.raw(end + 1)), end + 2
        return self.date(start, end, year=year, month=month, day=day), end

    def is_short_year(self, j: int) -> bool:
        return self.kind(j) == "n" and len(self.raw(j)) in (2, 4) and self.raw(j).isdigit()

    def date(
        self, i: int, j: int, *, month: int, year: int | None = None, day: int = 0, last: int = 0
    ) -> Figure:
        label = (f"{year:04d}" if year else "-") + f"-{month:02d}" + (f"-{day:02d}" if day else "")
        label += f"/{last:02d}" if last else ""
        return self.figure(i, j, None, "date", label=label)

    # --- around a number ---------------------------------------------------------------

    def read_suffix(self, q: _Quantity) -> None:
        """Consume scale, time-of-day and unit words after the number."""
        j = q.end
        word, tight = self.low(j), self.tight(j - 1)
        if tight and not q.spelled and word in ("st", "nd", "rd", "th"):
            q.unit, q.end = "ordinal", j + 1
            return
        million = tight and word in _TIGHT_SCALE and not (word == "m" and self.means_metres(j))
        if million or word in _SCALE:
            q.value *= _TIGHT_SCALE[word] if million else _SCALE[word]
            q.scaled = True
            j += 1
            word, tight = self.low(j), self.tight(j - 1)
        q.end = j
        if tight and not q.spelled and self.read_tight_suffix(q, j):
            return
        half, end = self.half_day(j)
        if half and not q.spelled and q.value <= 12:
            q.set_time(half, end)
        elif tight and self.kind(j) == "w" and word not in _UNIT_SUFFIXES:
            q.unit, q.end = "", j + 1  # "5G", "3D", "49ers": a name, not a figure
        else:
            self.read_unit(q, j)

    def means_metres(self, j: int) -> bool:
        """ "the 100m", "a 10m wall", "400m hurdles": metres. Money ("£40m") or a plural
        count after it ("1.2m residents") makes "m" a million."""
        before = j - 2  # the token before the digits
        if self.raw(before) in _CURRENCY_SYMBOL or self.low(before) in _CURRENCY_CODE:
            return False
        word = self.low(j + 1)
        if self.kind(j + 1) != "w" or word in _RACES or word in _NOT_NOUNS:
            return True
        return not (word in _IRREGULAR or (word.endswith("s") and not word.endswith("ss")))

    def read_tight_suffix(self, q: _Quantity, j: int) -> bool:
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
        unit = _TIGHT_UNITS.get(word, "")
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

    def read_unit(self, q: _Quantity, j: int) -> None:
        """Percent, points, currency words, multipliers, durations, measures, fractions."""
        word, nxt = self.low(j), self.low(j + 1)
        hyphen = word == "-" and self.tight(j - 1) and self.tight(j)
        if hyphen:  # "90-minute", "two-thirds"
            j += 1
            word, nxt = nxt, self.low(j + 1)
        unit, end = _simple_unit(word, nxt, hyphen)
        if unit:
            q.unit, q.end = unit, j + end
        elif word in _CURRENCY_WORD or (word in _CURRENCY_CODE and not hyphen):
            q.currency, q.end = _CURRENCY_WORD.get(word) or _CURRENCY_CODE[word], j + 1
        elif word in _TIME_UNITS:
            old = j + 1 if nxt == "old" else j + 2 if nxt == "-" else 0
            if word in ("year", "years") and old and self.low(old) == "old":
                q.unit, q.end = "age", old + 1  # "72-year-old", "72 years old"
            else:
                q.unit, q.end = _TIME_UNITS[word], j + 1
        elif word in _FRACTIONS and q.value < 20 and (hyphen or word.endswith("s")):
            q.unit, q.end, q.value = "fraction", j + 1, q.value / _FRACTIONS[word]
        elif word == "in" and self.is_number(j + 1) and not self.is_year(j + 1):
            other = self.number_at(j + 1)
            if other is not None and other.value:
                q.unit, q.end, q.value = "ratio", other.end, q.value / other.value
        else:
            q.noun = self.noun_at(j)

    def read_prefix(self, i: int, q: _Quantity) -> tuple[int, str | None, bool]:
        """Currency, sign and qualifier before the number: (first token, qualifier, negative)."""
        k = i
        if self.raw(k - 1) in _CURRENCY_SYMBOL:
            q.currency, k = _CURRENCY_SYMBOL[self.raw(k - 1)], k - 1
            code = _DOLLAR_PREFIX.get(self.low(k - 1)) if self.raw(k) == "$" else None
            if code and self.tight(k - 1) and self.kind(k - 1) == "w":
                q.currency, k = code, k - 1  # "US$", "C$"
        elif self.low(k - 1) in _CURRENCY_CODE and self.raw(k - 1) in (
            "Rs",
            self.low(k - 1).upper(),
        ):
            q.currency, k = _CURRENCY_CODE[self.low(k - 1)], k - 1
        sign = self.raw(k - 1) == "-" and self.tight(k - 1) and not self.tight(k - 2)
        negative = sign or self.low(k - 1) == "minus"
        k -= negative
        # "around a 60% chance", "more than an 8% rise": the article sits inside the phrase
        ends = (k, k - 1) if self.low(k - 1) in ("a", "an") else (k,)
        for end in ends:
            for width in (3, 2, 1):
                phrase = " ".join(t[2] for t in self.toks[max(end - width, 0) : end])
                if end - width >= 0 and phrase in _QUALIFIERS:
                    return end - width, _QUALIFIERS[phrase], negative
        return k, None, negative

    def read_range(self, first: _Quantity, start: int) -> tuple[float | None, int]:
        """Read "to 12", "-4", "and 12" after a number: (upper value, end token).

        "from 40 to 52" is two figures (a change being described), not a range; a range
        whose first number is descending and unitless is a tally ("7 to 4", "5-4").
        """
        j, joiner = first.end, self.low(first.end)
        between = self.low(start - 1) == "between"
        if self.low(start - 1) == "from" or first.unit not in _RANGEABLE:
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
        j += self.raw(j) in _CURRENCY_SYMBOL
        second = self.number_at(j) if self.is_number(j) else None
        if second is None:
            return None, first.end
        self.read_suffix(second)
        if second.unit != first.unit and (first.unit != "count" or second.unit in _NO_RANGE):
            return None, first.end
        if first.unit == "count":
            first.unit = second.unit
        if second.scaled and not first.scaled:  # "$5 to $10 million"
            first.value *= second.value / second.raw_value
        first.currency = first.currency or second.currency
        first.noun = second.noun
        if first.unit == "count" and not between and first.value >= second.value:
            first.unit = "tally"
        return second.value, second.end

    def build(
        self, q: _Quantity, start: int, end: int, *, upper: float | None, qualifier: str | None
    ) -> Figure:
        """Turn a read quantity into a Figure, deciding currency, age and weakness."""
        unit = q.currency if q.currency and q.unit in ("count", "tally") else q.unit
        if unit == "count" and self.is_age(start, end):
            unit = "age"
        low = self.low(start)
        # "a one-day drop", "one person": often incidental, reported only when it changes
        plain = qualifier is None and upper is None and not q.scaled and unit in _WEAK_UNITS
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
            weak=unit == "ordinal" or (plain and (low in ("one", "zero") or self.is_tenor(end))),
        )

    def is_tenor(self, end: int) -> bool:
        """ "two-year gilt yields", "the 10-year Treasury note": the name of a bond or loan by
        its term, not a claim about time."""
        compound = self.low(end - 2) == "-" and self.low(end - 1) in _TIME_UNITS
        return compound and bool({self.low(end), self.low(end + 1)} & _TENORS)

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
    **{("percentage", p): "percentage points" for p in _POINTS},
    **{("basis", p): "basis points" for p in _POINTS},
}
_ONE_WORD_UNITS: Final = {
    **dict.fromkeys(["%", "percent", "pct", "pc"], "percent"),
    **dict.fromkeys(["ppt", "ppts"], "percentage points"),
    **dict.fromkeys(["bps", "bp"], "basis points"),
    **dict.fromkeys(_POINTS, "points"),
    **dict.fromkeys(["times", "fold"], "times"),
    **_MEASURES,
}


def _simple_unit(word: str, nxt: str, hyphen: bool) -> tuple[str, int]:
    """A unit named by one or two words after a number: (unit, tokens used) or ("", 0)."""
    if (word, nxt) in _TWO_WORD_UNITS:
        return _TWO_WORD_UNITS[word, nxt], 2
    unit = _ONE_WORD_UNITS.get(word, "")
    if unit == "points" and hyphen:
        return "", 0  # "a 10-point plan" names the plan
    return unit, 1 if unit else 0
