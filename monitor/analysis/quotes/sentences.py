"""Sentence ends in news copy: after . ! ? unless a title, an initial or an abbreviation
says otherwise."""

import bisect
import re
from collections.abc import Sequence
from typing import Final

from monitor.analysis.quotes.marks import fold

_END: Final = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations after which a capital does not start a new sentence ("Dr. Smith").
_NEVER_END: Final = word_set(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt maj adm rev hon mt ft st no nos vs v "
    "cmdr supt insp det cpl pvt pres messrs mme mlle rt"
)
# Abbreviations that end a sentence only when a typical opener follows ("in the U.S. The").
_MAY_END: Final = word_set(
    "inc co corp ltd jr sr etc bros jan feb mar apr jun jul aug sep sept oct nov dec"
)
_STARTERS: Final = word_set(
    "the a an he she it they we i but and in on at this that these those his her its their our "
    "there when while after before as if some many most officials police"
)
VERBS: Final = (
    r"said|says|say|told|tells|added|adds|asked|asks|continued|continues|explained|noted|wrote"
    r"|writes|stated|declared|insisted|argued|argues|acknowledged|admitted|warned|warns"
    r"|recalled|replied|responded|remarked|observed|tweeted|posted|testified|claimed|announced"
    r"|cautioned|conceded|complained|countered|suggested|urged|stressed|predicted|promised"
    r"|joked|quipped|shouted|yelled|whispered|concluded|maintained|agreed|alleged|confirmed"
    r"|emphasi[sz]ed|vowed|lamented|recounted|pleaded|boasted|mused|answered|reiterated"
)
# Verbs that put the words that follow in someone's mouth, beyond the verbs of attribution.
INTRODUCING_VERBS: Final = (
    "described", "describes", "apologized", "apologised", "apologizes", "apologises",
    "denounced", "condemned", "praised", "criticized", "criticised", "blamed", "decried",
    "hailed", "characterized", "characterised", "termed", "accused", "thanked", "welcomed",
    "rejected", "dismissed", "branded", "labeled", "labelled", "pledged", "demanded",
    "questioned", "touted", "defended", "mocked", "ridiculed", "slammed", "blasted",
)  # fmt: skip
# Participles and nouns of saying: "saying they "may not be helpful"", "a statement telling
# workers to stay "alert"", "pledging to "act as appropriate"".
SPEECH_WORDS: Final = (
    "saying", "telling", "told", "pledging", "warning", "urging", "urged", "adding", "noting",
    "vowing", "insisting", "promising", "arguing", "calling", "describing", "asking",
    "stating", "declaring", "claiming", "instructed", "instructing", "ordered", "ordering",
    "announcing", "statement", "statements", "letter", "email", "memo", "tweet", "tweeted",
    "interview", "speech", "remarks", "testimony", "wrote", "writing",
)  # fmt: skip
_QUESTION_TAIL: Final = re.compile(
    rf"\s+(?:[A-Z][\w.'-]*\s+){{1,4}}(?:{VERBS})\b|\s+(?:he|she|they|I|we)\s+(?:{VERBS})\b"
)
_WORD_BEFORE: Final = re.compile(r"[\"'(\[]*([\w.'-]+)$")
_WORD_AFTER: Final = re.compile(r"[\"'(\[]*([\w]+)")


def split_sentences(text: str) -> list[tuple[int, int]]:
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
        if _is_boundary(folded, m, k):
            spans.append((start, m.end()))
            start = k
    end = len(folded.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def _is_boundary(folded: str, m: re.Match[str], k: int) -> bool:
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
        if low in _NEVER_END and not (low in ("no", "nos") and word[0].islower()):
            return False
        # An initial ("John F. Kennedy") unless a typical opener follows ("Plan B. The ...").
        if low in _MAY_END or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]", word):
            after = _WORD_AFTER.match(folded, k)
            opener = after.group(1).lower() if after else ""
            return opener in _STARTERS or folded[k] in "\"'"
    if punct[0] in "?!" and punct[-1] in "\"'":
        return not _QUESTION_TAIL.match(folded, m.end())
    return True


def sentence_at(spans: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    starts = [s for s, _ in spans]
    i = max(0, bisect.bisect_right(starts, pos) - 1)
    return spans[i] if spans else (0, pos)
