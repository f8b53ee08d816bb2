"""What redline knows about each language it reads: one table entry per language.

Each entry (`Language`, one module per language) holds everything that differs between
newsrooms: how numbers are written, the scale, percent, currency and qualifier words (glossed
into the English words the figure reader understands), quotation marks, speech verbs, source
phrases, honorifics, notice phrases and the abbreviations a sentence does not end after. The
rules in `figures`, `quotes` and `notices` read these tables and never branch on a language
code, so adding Dutch or Polish is one new module here plus its tests.

An article's language comes from the page (`<html lang>`, JSON-LD `inLanguage`, `og:locale`)
and, when the page does not say, from `detect_language`, which counts each language's most
common function words: news prose has plenty, and no model has to be downloaded.
"""

import re
from collections.abc import Iterable
from typing import Final

from monitor.analysis.languages.de import GERMAN
from monitor.analysis.languages.en import ENGLISH
from monitor.analysis.languages.es import SPANISH
from monitor.analysis.languages.fr import FRENCH
from monitor.analysis.languages.it import ITALIAN
from monitor.analysis.languages.pt import PORTUGUESE
from monitor.analysis.languages.table import Language

__all__ = ["ENGLISH", "LANGUAGES", "Language", "detect_language", "language_code", "language_of"]

LANGUAGES: Final[dict[str, Language]] = {
    lang.code: lang for lang in (ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE)
}
_WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Fewer function words than this and the text is too short (or too odd) to call.
_MIN_HITS: Final = 8


def language_code(tag: str | None) -> str:
    """The primary subtag of a language tag, lower case: "de-CH" and "pt_BR" give "de", "pt"."""
    if not tag:
        return ""
    primary = re.split(r"[-_\s]", tag.strip(), maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else ""


def language_of(code: str | None) -> Language:
    """The table entry for an article's language; English rules for a language we lack."""
    return LANGUAGES.get(language_code(code), ENGLISH)


def detect_language(texts: Iterable[str]) -> str:
    """The code of the known language whose common words the text uses most, or ""."""
    counts = dict.fromkeys(LANGUAGES, 0)
    seen = 0
    for text in texts:
        for word in _WORD.findall(text.lower()):
            seen += 1
            for code, lang in LANGUAGES.items():
                counts[code] += word in lang.common_words
        if seen > 2000:  # a few paragraphs decide; the rest of a long story adds nothing
            break
    best = max(counts, key=lambda c: counts[c])
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] < _MIN_HITS or ranked[0] < 1.5 * ranked[1]:
        return ""
    return best
