"""The English words the figure reader knows: number words, scales, units, currencies,
months, qualifiers, and the company a number keeps when it is not a figure."""

from typing import Final


def _words(text: str) -> list[str]:
    return text.split()


UNITS: Final = {w: i for i, w in enumerate(_words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
))}  # fmt: skip
TENS: Final = {w: 10 * (i + 2) for i, w in enumerate(_words(
    "twenty thirty forty fifty sixty seventy eighty ninety"
))}  # fmt: skip
NUMBER_WORDS: Final = frozenset([*UNITS, *TENS])
BIG: Final = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALE: Final = {**BIG, "bn": 1e9, "bln": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12}
# Abbreviations that only scale when written against the number: "$1.2m", "£3bn", "$500k".
TIGHT_SCALE: Final = {"m": 1e6, "k": 1e3, "b": 1e9, "bn": 1e9, "tn": 1e12, "mn": 1e6}
PLURAL_SCALE: Final = {
    "dozens": 12.0, "scores": 20.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9,
}  # fmt: skip
FRACTIONS: Final = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "tenths": 10,
}  # fmt: skip
ORDINAL_WORDS: Final = frozenset(
    _words("first second third fourth fifth sixth seventh eighth ninth")
)
MONTHS: Final = {m: i + 1 for i, m in enumerate(_words(
    "january february march april may june july august september october november december"
))} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
CURRENCY_SYMBOL: Final = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
DOLLAR_PREFIX: Final = {
    "us": "USD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD", "hk": "HKD", "nz": "NZD",
    "s": "SGD", "r": "BRL",
}  # fmt: skip
CURRENCY_CODE: Final = {c.lower(): c for c in _words(
    "USD EUR GBP JPY CNY CHF AUD CAD INR HKD NZD SGD SEK NOK DKK ZAR BRL MXN RUB"
)} | {"rs": "INR"}  # fmt: skip
CURRENCY_WORD: Final = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "francs": "CHF", "pesos": "MXN",
    "rand": "ZAR",
}  # fmt: skip
TIME_UNITS: Final = {
    **{w: w + "s" for w in _words("second minute hour day week month year decade")},
    **{w + "s": w + "s" for w in _words("second minute hour day week month year decade")},
    "century": "centuries", "centuries": "centuries",
}  # fmt: skip
MEASURE_NAMES: Final = {
    "mile": "miles", "km": "km", "kilometre": "km", "kilometer": "km", "metre": "metres",
    "meter": "metres", "foot": "feet", "feet": "feet", "ft": "feet", "inch": "inches",
    "inches": "inches", "yard": "yards", "acre": "acres", "hectare": "hectares",
    "ton": "tonnes", "tonne": "tonnes", "kg": "kg", "kilogram": "kg", "pound": "pounds",
    "lb": "pounds", "lbs": "pounds", "litre": "litres", "liter": "litres",
    "gallon": "gallons", "barrel": "barrels", "degree": "degrees", "mph": "mph",
    "kph": "km/h", "megawatt": "MW", "mw": "MW", "gigawatt": "GW", "gw": "GW",
    "pence": "pence", "cent": "cents",
}  # fmt: skip
MEASURES: Final = MEASURE_NAMES | {
    w + "s": unit for w, unit in MEASURE_NAMES.items() if not w.endswith("s")
}
POINTS: Final = frozenset(["point", "points", "pts", "pt"])
# Letters written against a number that still make it a figure ("3bn", "10km", "5.25%").
UNIT_SUFFIXES: Final = frozenset(
    _words("percent pct pc ppt ppts bn mn m k km kg ft mph kph lb lbs mw gw bps bp pts pt b tn")
)

QUALIFIER_CLASSES: Final = {
    "about": ["about", "around", "roughly", "approximately", "some", "an estimated", "estimated"],
    "nearly": ["nearly", "almost", "close to", "just under", "just shy of"],
    "more than": ["more than", "over", "upwards of", "in excess of", "just over", "well over",
                  "above"],
    "at least": ["at least", "no fewer than", "no less than"],
    "less than": ["less than", "fewer than", "under", "below"],
    "up to": ["up to", "as many as", "as much as", "at most", "no more than"],
}  # fmt: skip
# Synonyms share a class, so "about" -> "around" is a copy edit, "about" -> "nearly" is not.
QUALIFIERS: Final = {
    phrase: name for name, phrases in QUALIFIER_CLASSES.items() for phrase in phrases
}
# "one" in this company is a pronoun or an idiom, not a count.
ONE_BEFORE: Final = frozenset(_words("no any every each the this that which someone"))
ONE_AFTER: Final = frozenset(_words("of another day time way thing hand side point another's or"))
# Capitalised words that may stand before a number without making it part of a name.
CAPITAL_OK: Final = frozenset(_words(
    "in on at by since from until to of about around nearly almost some over under only just "
    "between and or with for after before than all its their his her the a an roughly exactly "
    "approximately more less fewer up as at least another those these another another's "
    "precisely barely still but so while when if another nearly estimated well fully perhaps "
    "possibly altogether today yesterday tonight monday tuesday wednesday thursday friday "
    "saturday sunday"
)) | frozenset(w for phrase in QUALIFIERS for w in phrase.split())  # fmt: skip
NOT_YEAR: Final = frozenset([
    "$", "£", "€", *CURRENCY_CODE, "about", "nearly", "some", "around", "than", "least",
    "roughly", "approximately", "almost", "estimated", "as",
])  # fmt: skip
YEAR_PREFIXES: Final = frozenset(["mid", "pre", "post", "late", "early"])
RANGEABLE: Final = frozenset(
    ["count", "percent", "times", "points", *TIME_UNITS.values(), *MEASURES.values()]
)
NO_RANGE: Final = frozenset(["", "time", "decade", "age", "ratio", "fraction", "pence"])
# Words before a small spelled number that make it a reference back: "the two countries".
DEFINITE: Final = frozenset(_words("the these those their its his her our both"))
# Loose amounts: "a couple hundred", "a few thousand", "several dozen", "a handful of".
VAGUE_AMOUNTS: Final = {"couple": 2.0, "few": 3.0, "several": 5.0, "handful": 5.0}
VAGUE_SCALES: Final = {"dozen": 12.0, "hundred": 1e2, **BIG}
# Plural scales that count only with "of" after them: "scores of people", not "test scores".
NEEDS_OF: Final = frozenset(["scores"])
WORD_STARTS: Final = frozenset([*NUMBER_WORDS, "a", "twice", "thrice", "half", "tens",
                                "several", *PLURAL_SCALE])  # fmt: skip
# Words after a number that say nothing about what is counted ("52 on Tuesday").
NOT_NOUNS: Final = frozenset(_words(
    "on in at of to for from by with and or the a an last this that than as per each who which "
    "were was are is had have has will would said more over after before since into out up down "
    "among between earlier later ago"
))  # fmt: skip
# Letters that are a unit only when written against the number: "450p", "20C", "3x".
TIGHT_UNITS: Final = {"p": "pence", "c": "degrees", "f": "degrees", "x": "times", "m": "metres"}
# Plural words after "400m" that name a race, not what a million counts.
RACES: Final = frozenset(
    _words("hurdles relays sprints finals heats races events titles records medals laps")
)
WEAK_UNITS: Final = frozenset(["count", "age", *TIME_UNITS.values(), *MEASURES.values()])
# What a "10-year" names when it is a term rather than a span of time.
TENORS: Final = frozenset(_words(
    "yield yields gilt gilts bond bonds note notes treasury treasuries bund bunds bill bills "
    "mortgage mortgages swap swaps loan loans debt paper jgb jgbs"
))  # fmt: skip
IRREGULAR: Final = {"people": "person", "men": "man", "women": "woman", "children": "child"}
