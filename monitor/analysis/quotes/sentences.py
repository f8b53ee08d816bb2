"""Sentence ends in news copy: after . ! ? unless a title, an initial or an abbreviation
says otherwise."""

import bisect
import re
from collections.abc import Sequence
from typing import Final

from monitor.analysis.languages import ENGLISH, Language
from monitor.analysis.quotes.marks import fold
from monitor.analysis.quotes.speech import speech

# English verbs of saying, for the rules that are written for English copy only.
VERBS: Final = "|".join(ENGLISH.speech_verbs)
INTRODUCING_VERBS: Final = ENGLISH.introducing
SPEECH_WORDS: Final = ENGLISH.speech_words

_END: Final = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")


_WORD_BEFORE: Final = re.compile(r"[\"'(\[]*([\w.'-]+)$")
_WORD_AFTER: Final = re.compile(r"[\"'(\[]*([\w]+)")


def split_sentences(text: str, language: Language = ENGLISH) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of one paragraph, stripped of surrounding space.

    Splits after . ! ? (and any closing quote) when a capital, digit or opening quote
    follows, except after titles and initials ("Dr.", "J."), after "U.S." or "p.m." unless
    a typical sentence opener follows, and after a quoted question followed by its
    attribution ("Why?" Ortega asked).
    """
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    start = len(folded) - len(folded.lstrip())
    for m in _END.finditer(folded):
        k = m.end()
        while k < len(folded) and folded[k].isspace():
            k += 1
        if k >= len(folded):
            break
        if _is_boundary(folded, m, k, language):
            spans.append((start, m.end()))
            start = k
    end = len(folded.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def _is_boundary(folded: str, m: re.Match[str], k: int, language: Language) -> bool:
    nxt = folded[k]
    if nxt in "\"'([" and k + 1 < len(folded):
        nxt = folded[k + 1]
    if not (nxt.isupper() or nxt.isdigit()):
        return False
    punct = m.group()
    if punct[0] == "." and len(punct.rstrip("\"')]")) == 1:
        found = _WORD_BEFORE.search(folded, max(0, m.start() - 40), m.start())
        word = found.group(1) if found else ""
        low = word.lower()
        if low in language.never_end and not (low in ("no", "nos") and word[0].islower()):
            return False
        # An initial ("John F. Kennedy") unless a typical opener follows ("Plan B. The ...").
        if low in language.may_end or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]", word):
            after = _WORD_AFTER.match(folded, k)
            opener = after.group(1).lower() if after else ""
            return opener in language.starters or folded[k] in "\"'"
    if punct[0] in "?!" and punct[-1] in "\"'":
        return not speech(language).question_tail.match(folded, m.end())
    return True


def sentence_at(spans: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    starts = [s for s, _ in spans]
    i = max(0, bisect.bisect_right(starts, pos) - 1)
    return spans[i] if spans else (0, pos)
