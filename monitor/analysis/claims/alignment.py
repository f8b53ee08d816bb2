"""Two versions cut into sentences, and which old sentence became which new one.

Exact matches after typography normalisation come first, then the most similar leftovers, so
a moved paragraph is a move and an unchanged sentence is silent.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Final

from monitor.analysis.quotes import (
    Quote,
    find_quotes,
)
from monitor.analysis.text import normalize
from monitor.article import Article


@dataclass(frozen=True)
class Sentence:
    """A sentence as printed, where it sits, and its normalised form for matching."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str
    norm: str


@dataclass
class Doc:
    """One version, cut into sentences, with quotes and notices found lazily."""

    article: Article
    sentences: list[Sentence]
    spans: list[list[tuple[int, int]]]
    notice: set[int] = field(default_factory=set)
    notice_text: dict[int, str] = field(default_factory=dict)
    _quotes: list[Quote] | None = None

    @property
    def quotes(self) -> list[Quote]:
        if self._quotes is None:
            self._quotes = find_quotes(self.article.paragraphs, self.spans)
        return self._quotes

    def covering(self, paragraph: int, start: int, end_paragraph: int, end: int) -> list[Sentence]:
        """The sentences that overlap a span, in order."""
        return [
            s
            for s in self.sentences
            if (s.paragraph, s.end) > (paragraph, start)
            and (s.paragraph, s.start) < (end_paragraph, end)
        ]

    def sentence_at(self, paragraph: int, offset: int) -> Sentence:
        """The sentence a position falls in."""
        best = self.sentences[0]
        for s in self.sentences:
            if (s.paragraph, s.start) <= (paragraph, offset):
                best = s
            else:
                break
        return best


def plain_text(text: str) -> str:
    return normalize(text).casefold().rstrip(" .")


WORD: Final = re.compile(r"[^\W\d_]+|\d+")
SIMILAR: Final = 0.5


def words_of(text: str) -> frozenset[str]:
    """Lower-case words with digits masked, so a changed number keeps sentences similar."""
    return frozenset("#" if w[0].isdigit() else w for w in WORD.findall(text.casefold()))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


class Alignment:
    """Which old sentence became which new one, and where everything sits in new order."""

    def __init__(self, old: Doc, new: Doc) -> None:
        self.pairs: dict[int, int] = {}
        self.exact: set[int] = set()
        waiting: dict[str, list[int]] = defaultdict(list)
        for s in new.sentences:
            waiting[s.norm].append(s.index)
        for s in old.sentences:
            if waiting.get(s.norm):
                self.pairs[s.index] = waiting[s.norm].pop(0)
                self.exact.add(s.index)
        self._pair_similar(old, new)
        self.new_of = self.pairs
        self.old_of = {k: i for i, k in self.pairs.items()}
        self.old_rank: list[float] = []
        self.old_gap: list[int] = []
        last = -1
        for s in old.sentences:
            if s.index in self.pairs:
                last = self.pairs[s.index]
                self.old_rank.append(float(last))
            else:
                self.old_rank.append(last + 0.5)
            self.old_gap.append(last)
        self.new_gap: list[int] = []
        last = -1
        for s in new.sentences:
            self.new_gap.append(last)
            if s.index in self.old_of:
                last = s.index

    def _pair_similar(self, old: Doc, new: Doc) -> None:
        matched_new = set(self.pairs.values())
        left_old = [s for s in old.sentences if s.index not in self.pairs]
        left_new = [s for s in new.sentences if s.index not in matched_new]
        if not left_old or not left_new:
            return
        new_words = [(s, words_of(s.norm)) for s in left_new]
        scored: list[tuple[float, int, int]] = []
        scale = max(len(old.sentences), 1)
        for s in left_old:
            words = words_of(s.norm)
            for t, t_words in new_words:
                score = similarity(words, t_words)
                if score >= SIMILAR:
                    scored.append((score - abs(s.index - t.index) / scale * 0.05, s.index, t.index))
        scored.sort(reverse=True)
        for _, i, k in scored:
            if i not in self.pairs and k not in matched_new:
                self.pairs[i] = k
                matched_new.add(k)


@dataclass(frozen=True)
class Versions:
    """The two analysed versions and how their sentences align."""

    old: Doc
    new: Doc
    align: Alignment
