"""Correction, clarification and update notices: how newsrooms mark that a story changed.

Shared by extraction (a notice printed just after the body is still part of the story) and
by the flags (a notice the old version did not carry is reported as a correction).
"""

import re
from typing import Final

from monitor.analysis.languages import LANGUAGES
from monitor.analysis.quotes import fold

__all__ = ["is_notice_sentence", "notice_paragraph"]

# Notices are recognised in every language at once: a correction note may be in the
# newsroom's language while the page declares another, and the phrases never collide.
_LANGS: Final = tuple(LANGUAGES.values())
_CORRECTION_LABEL: Final = re.compile(
    rf"^[\W_]*(?:{'|'.join(p for lang in _LANGS for p in lang.correction_labels)})\b"
    r"\s*(?:\([^)]*\)|[^:.\n]{0,30}?)\s*(?::|\s-\s|$)",
    re.I,
)
_UPDATE_LABEL: Final = re.compile(
    rf"^[\W_]*(?:{'|'.join(p for lang in _LANGS for p in lang.update_labels)})\b"
    r"\s*(?:\([^)]*\)|[^:.\n]{0,30}?)\s*:",
    re.I,
)
# The phrases are written in lower case and matched against lower-cased text: a
# case-insensitive search over every language's phrases costs three times as much.
_NOTICE_PHRASE: Final = re.compile("|".join(p for lang in _LANGS for p in lang.notice_phrases))
_NOTICE_ERRATUM: Final = re.compile(
    r"^\W*(?:an?|the)\s+(?:earlier\s+|previous\s+)?(?:article|story|headline|report|"
    r"(?:picture\s+|photo\s+)?caption)\b.{0,200}?\b(?:misstated|misidentified|misspelled|"
    r"misquoted|misattributed|incorrectly|erroneously|wrongly)\b",
    re.I,
)
_WIRE_NOTE: Final = re.compile(
    r"^\s*\((?:corrects|clarifies|updates|adds|refiles|recasts|changes|removes|fixes|rewrites)\b",
    re.I,
)
_LONG_WORD: Final = re.compile(r"[^\W\d_]{3,}")


def notice_paragraph(text: str, first_sentence: str) -> tuple[bool, bool]:
    """(the paragraph is a notice, it is only a label such as "Correction: March 5, 2024").

    An "Updated" label needs a sentence after it: "Updated 5:31 PM EDT" is a page timestamp.
    A bare correction label takes the paragraph after it as its text.
    """
    folded = fold(text)
    label = _CORRECTION_LABEL.match(folded)
    if label or _WIRE_NOTE.match(folded):
        words = _LONG_WORD.findall(folded[label.end() :]) if label else []
        return True, label is not None and sum(w.islower() for w in words) < 3
    label = _UPDATE_LABEL.match(folded)
    if label and sum(w.islower() for w in _LONG_WORD.findall(folded[label.end() :])) >= 3:
        return True, False
    return is_notice_sentence(first_sentence), False


def is_notice_sentence(text: str) -> bool:
    """A sentence that says the story was corrected or updated, wherever it stands."""
    folded = fold(text)
    return bool(_NOTICE_PHRASE.search(folded.lower()) or _NOTICE_ERRATUM.match(folded))
