"""Tokens of a text in its own language, glossed into the words the figure rules read.

Digits are read by the language's number format ("31.000" is 31000 in German, "3 400" is
3400 in French, "1.500" is 1.5 in English) and carry their value in plain digits as their
lower-case form; words and phrases in the language's table carry the English words they mean
("Millionen" -> "million", "plus de" -> "more than"). The printed text and offsets are kept,
so a figure still prints as the page wrote it.
"""

import re
from functools import cache
from itertools import pairwise
from typing import Final

from monitor.analysis.languages import ENGLISH, Language

# (kind, text, lower, start, end); kind is "n" (digits), "w" (word) or "s" (symbol).
Tok = tuple[str, str, str, int, int]

_ENGLISH_NUMBER: Final = r"\d+(?:,\d{3})*(?:\.\d+)?"
_WORD: Final = r"(?P<w>[^\W\d_]+(?:'[^\W\d_]+)*)|(?P<s>\S)"
TOKEN: Final = re.compile(rf"(?P<n>{_ENGLISH_NUMBER})|{_WORD}")


@cache
def _token_pattern(decimal: str, space_groups: bool) -> re.Pattern[str]:
    """Digits as a language groups them: the group mark is whichever the decimal is not."""
    if decimal == ".":
        return TOKEN
    groups = [r"\d{1,3}(?:\.\d{3})+(?!\d)"]
    if space_groups:  # no-break spaces are folded to plain ones before tokenizing
        groups.append(r"\d{1,3}(?: \d{3})+(?![\d,.]\d)")
    number = rf"(?:{'|'.join(groups)}|\d+)(?:,\d+)?"
    return re.compile(rf"(?P<n>{number})|{_WORD}")


def tokenize(folded: str, language: Language = ENGLISH) -> list[Tok]:
    """The figure tokens of `folded` (see `monitor.analysis.quotes.fold`) in `language`."""
    pattern = _token_pattern(language.decimal, language.space_groups)
    toks: list[Tok] = []
    for m in pattern.finditer(folded):
        kind, text = m.lastgroup or "s", m.group()
        low = text.lower()
        if kind == "n" and language.decimal != ".":
            low = text.replace(".", "").replace(" ", "").replace(",", ".")
        toks.append((kind, text, low, m.start(), m.end()))
    return _glossed(folded, toks, language) if language.glosses else toks


def _glossed(folded: str, toks: list[Tok], language: Language) -> list[Tok]:
    """Replace the longest known phrase at each token by its English words."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        for width in range(min(language.longest_gloss, len(toks) - i), 0, -1):
            span = toks[i : i + width]
            gloss = language.glosses.get(tuple(t[2] for t in span))
            if gloss is None or any(t[0] == "n" for t in span) or not _joined(span):
                continue
            if len(gloss) == width:  # word for word: each token keeps its place
                out.extend((t[0], t[1], g, t[3], t[4]) for t, g in zip(span, gloss, strict=True))
            else:  # "mil millones" -> "billion": the words share the phrase's span
                start, end = span[0][3], span[-1][4]
                out.extend(("w", folded[start:end], g, start, end) for g in gloss)
            i += width
            break
        else:
            out.append(toks[i])
            i += 1
    return out


def _joined(span: list[Tok]) -> bool:
    """Tokens of a phrase are separated by at most one space, never by a line or a mark."""
    return all(b[3] - a[4] <= 1 for a, b in pairwise(span))
