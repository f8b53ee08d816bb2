"""What changed between two versions of an article, as a reader would see it.

Comparisons run on `monitor.analysis.text.normalize` forms, so quote style, dashes and spacing never
count as edits; what is shown is always printed text (the new version's where both agree).
Paragraphs are aligned first (unchanged ones in order, then edits, moves, additions and
removals); changed text is diffed word by word with diff_match_patch.

Pure apart from one thing: diff_match_patch's time limit reads the wall clock. A diff that hits
the limit is reported as a rewrite (`rewrite=True`, old text deleted and new text inserted),
never as a wrong or half-finished diff.
"""

import math
import re
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

from monitor.analysis.text import SPACELESS, normalize
from monitor.article import Article

Op = Literal["equal", "insert", "delete"]
ParagraphOp = Literal["equal", "insert", "delete", "change", "move"]

# Dice overlap of two paragraphs' word sets from which one reads as an edit of the other.
_EDIT_SIMILARITY = 0.5
# Stricter for an edit that also moved: a loose likeness far away is more likely coincidence.
_MOVE_SIMILARITY = 0.6

# Numbers with their separators ("4,000", "2.5", "10:30"), words (keeping soft hyphens and
# zero-width characters inside them), single characters of scripts without spaces (Chinese,
# Japanese, Thai), whitespace runs and punctuation runs: the units a reader sees change, so a
# diff never splits a word or a figure, and one changed character of Chinese is not a whole
# changed sentence.
_TOKEN = re.compile(
    rf"\d+(?:[.,:]\d+)+|[{SPACELESS}]|(?:(?![{SPACELESS}])[\w\u00ad\u200b-\u200d\u2060\ufeff])+"
    r"|\s+|[^\w\s]+"
)
_WORD = re.compile(rf"[{SPACELESS}]|(?:(?![{SPACELESS}])\w)+")
# Tokens an unchanged stretch between two edits must reach to stay visible (a word and its space
# are two). Shorter ones, like the " the " in "[-mayor denied-] the [-claim-]", fold into one
# edit. This is dmp's efficiency cleanup, which counts units; its semantic cleanup assumes
# characters and, on tokens, swallows whole phrases: "[-12 people were injured-]{+15 people
# were hurt+}" instead of "[-12-]{+15+} people were [-injured-]{+hurt+}".
_EDIT_COST = 4
# Start of the supplementary private-use planes: 131,072 code points no real text uses.
_FIRST_CODE = 0xF0000
_OPS: dict[int, Op] = {
    diff_match_patch.DIFF_DELETE: "delete",
    diff_match_patch.DIFF_EQUAL: "equal",
    diff_match_patch.DIFF_INSERT: "insert",
}

_Diffs = list[tuple[int, str]]


@dataclass(frozen=True)
class Segment:
    """A run of printed text that was kept, added or removed."""

    op: Op
    text: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"op": self.op, "text": self.text}


@dataclass(frozen=True)
class ParagraphDiff:
    """One paragraph's fate: unchanged, edited in place, moved, added or removed."""

    op: ParagraphOp
    old_index: int | None
    new_index: int | None
    segments: tuple[Segment, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "op": self.op,
            "old_index": self.old_index,
            "new_index": self.new_index,
            "segments": [s.to_dict() for s in self.segments],
        }


@dataclass(frozen=True)
class ArticleDiff:
    """Headline, byline and body changes, paragraphs in new reading order."""

    headline: tuple[Segment, ...]
    byline: tuple[Segment, ...]
    paragraphs: tuple[ParagraphDiff, ...]
    rewrite: bool

    @property
    def changed(self) -> bool:
        """True when a reader would see any edit, including a paragraph that moved."""
        words = (*self.headline, *self.byline)
        return any(s.op != "equal" for s in words) or any(p.op != "equal" for p in self.paragraphs)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "headline": [s.to_dict() for s in self.headline],
            "byline": [s.to_dict() for s in self.byline],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "rewrite": self.rewrite,
        }


@dataclass(frozen=True)
class _Side:
    """One version's paragraphs with what alignment compares them by."""

    texts: Sequence[str]
    keys: tuple[str, ...]
    words: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, paragraphs: Sequence[str]) -> "_Side":
        keys = tuple(normalize(p) for p in paragraphs)
        return cls(paragraphs, keys, tuple(frozenset(_WORD.findall(k.lower())) for k in keys))


@dataclass(frozen=True)
class _Pair:
    """An old and a new paragraph matched by alignment, still to be word-diffed."""

    old_index: int
    new_index: int
    in_place: bool


def diff_articles(old: Article, new: Article, *, time_limit: float = 1.0) -> ArticleDiff:
    """Diff two versions; `time_limit` (seconds, <= 0 for none) is one budget for the lot."""
    deadline = _deadline(time_limit)
    headline, headline_cut = _diff_words(old.headline, new.headline, deadline)
    byline, byline_cut = _diff_words(old.byline, new.byline, deadline)
    paragraphs, body_cut = _diff_paragraphs(
        _Side.of(old.paragraphs), _Side.of(new.paragraphs), deadline
    )
    return ArticleDiff(headline, byline, paragraphs, rewrite=headline_cut or byline_cut or body_cut)


def diff_words(old: str, new: str, *, time_limit: float = 1.0) -> tuple[tuple[Segment, ...], bool]:
    """Word-level diff of two texts, and whether `time_limit` (seconds, <= 0 for none) was hit.

    Out of time, the segments are the old text deleted and the new inserted. Texts equal after
    normalisation are one equal segment of the new text.
    """
    return _diff_words(old, new, _deadline(time_limit))


def _deadline(time_limit: float) -> float:
    # time.time() rather than a monotonic clock: it is what diff_match_patch checks against.
    return time.time() + time_limit if time_limit > 0 else math.inf


def _diff_words(old: str, new: str, deadline: float) -> tuple[tuple[Segment, ...], bool]:
    if normalize(old) == normalize(new):
        return (Segment("equal", new),), False
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    memo: dict[str, str] = {}
    old_code, new_code = _encode(
        [_key(t, memo) for t in old_tokens], [_key(t, memo) for t in new_tokens]
    )
    dmp = _engine(exact=False)
    diffs, cut = _run(dmp, old_code, new_code, deadline)
    if cut:
        return _rewrite(old, new), True
    dmp.diff_cleanupEfficiency(diffs)
    # Among equally good places for an edit, lossless cleanup picks the last: edits then start
    # at a word and carry its trailing space ("[votes ]to close"), the same way every time.
    dmp.diff_cleanupSemanticLossless(diffs)
    return tuple(_segments(diffs, old_tokens, new_tokens)), False


def _key(token: str, memo: dict[str, str]) -> str:
    """A token's normalised form; every whitespace run is one space."""
    if token not in memo:
        memo[token] = " " if token.isspace() else normalize(token)
    return memo[token]


def _encode(old_keys: Sequence[str], new_keys: Sequence[str]) -> tuple[str, str]:
    """One private-use character per distinct key, so dmp diffs whole units, fast."""
    codes: dict[str, str] = {}
    old_code = "".join(codes.setdefault(k, chr(_FIRST_CODE + len(codes))) for k in old_keys)
    new_code = "".join(codes.setdefault(k, chr(_FIRST_CODE + len(codes))) for k in new_keys)
    return old_code, new_code


def _engine(*, exact: bool) -> diff_match_patch:
    dmp = diff_match_patch()
    # `_run` passes the deadline itself so that one budget covers a whole article; here
    # Diff_Timeout only switches dmp's half-match speed-up, which can miss the longest common
    # subsequence: a fair trade for words, not for paragraph anchors.
    dmp.Diff_Timeout = 0.0 if exact else 1.0
    dmp.Diff_EditCost = _EDIT_COST
    return dmp


def _run(
    dmp: diff_match_patch, old_code: str, new_code: str, deadline: float
) -> tuple[_Diffs, bool]:
    """Diff encoded text; True when the deadline passed, so the result cannot be trusted."""
    diffs: _Diffs = dmp.diff_main(old_code, new_code, False, deadline)
    return diffs, time.time() > deadline


def _runs(diffs: _Diffs) -> Iterator[tuple[Op, int, int, int]]:
    """Each dmp run as (op, start in old, start in new, length) in encoded units."""
    old_at = new_at = 0
    for code, chunk in diffs:
        op, length = _OPS[code], len(chunk)
        yield op, old_at, new_at, length
        old_at += 0 if op == "insert" else length
        new_at += 0 if op == "delete" else length


def _segments(diffs: _Diffs, old_tokens: list[str], new_tokens: list[str]) -> Iterator[Segment]:
    for op, old_at, new_at, length in _runs(diffs):
        tokens, at = (old_tokens, old_at) if op == "delete" else (new_tokens, new_at)
        yield Segment(op, "".join(tokens[at : at + length]))


def _rewrite(old: str, new: str) -> tuple[Segment, ...]:
    return tuple(s for s in (Segment("delete", old), Segment("insert", new)) if s.text)


def _diff_paragraphs(
    old: _Side, new: _Side, deadline: float
) -> tuple[tuple[ParagraphDiff, ...], bool]:
    anchors, cut = _anchors(old, new, deadline)
    # Without trustworthy anchors nothing is paired: every old paragraph goes, every new one comes.
    links = {} if cut else _link(old, new, anchors)
    paragraphs: list[ParagraphDiff] = []
    for step in _reading_order(links, old, new):
        if isinstance(step, _Pair):
            paragraph, step_cut = _paired(old, new, step, deadline)
            paragraphs.append(paragraph)
            cut = cut or step_cut
        else:
            paragraphs.append(step)
    return tuple(paragraphs), cut


def _anchors(old: _Side, new: _Side, deadline: float) -> tuple[list[tuple[int, int]], bool]:
    """Paragraphs unchanged after normalisation, in order: a longest common subsequence."""
    diffs, cut = _run(_engine(exact=True), *_encode(old.keys, new.keys), deadline)
    pairs = [
        (old_at + k, new_at + k)
        for op, old_at, new_at, length in _runs(diffs)
        if op == "equal"
        for k in range(length)
    ]
    return pairs, cut


def _link(old: _Side, new: _Side, anchors: list[tuple[int, int]]) -> dict[int, tuple[int, bool]]:
    """Map new paragraph -> (old paragraph, kept in place): anchors, then verbatim moves, then
    edits between the same anchors, then edited moves."""
    links = {j: (i, True) for i, j in anchors}
    links |= {j: (i, False) for i, j in _verbatim(old, new, *_free(links, old, new))}
    links |= {j: (i, True) for i, j in _in_gaps(old, new, *_free(links, old, new), anchors)}
    links |= {j: (i, False) for i, j in _similar(old, new, *_free(links, old, new))}
    return links


def _free(
    links: dict[int, tuple[int, bool]], old: _Side, new: _Side
) -> tuple[list[int], list[int]]:
    used = {i for i, _ in links.values()}
    free_old = [i for i in range(len(old.keys)) if i not in used]
    return free_old, [j for j in range(len(new.keys)) if j not in links]


def _verbatim(
    old: _Side, new: _Side, free_old: list[int], free_new: list[int]
) -> list[tuple[int, int]]:
    """Unanchored paragraphs with the same text on both sides. The anchors are a longest common
    subsequence, so such a pair always sits between different anchors: a move."""
    waiting: dict[str, list[int]] = defaultdict(list)
    for i in free_old:
        waiting[old.keys[i]].append(i)
    return [(waiting[new.keys[j]].pop(0), j) for j in free_new if waiting.get(new.keys[j])]


def _in_gaps(
    old: _Side,
    new: _Side,
    free_old: list[int],
    free_new: list[int],
    anchors: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Pair leftover paragraphs lying between the same two anchors: edits in place."""
    gaps: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    old_marks, new_marks = [i for i, _ in anchors], [j for _, j in anchors]
    for i in free_old:
        gaps[bisect_left(old_marks, i)][0].append(i)
    for j in free_new:
        gaps[bisect_left(new_marks, j)][1].append(j)
    return [pair for olds, news in gaps.values() for pair in _align(old, new, olds, news)]


def _align(old: _Side, new: _Side, olds: list[int], news: list[int]) -> list[tuple[int, int]]:
    """The order-keeping pairing of similar paragraphs with the greatest total similarity, so a
    split or merged paragraph pairs with its larger part and the rest is an insert or delete."""
    sim = [[_similarity(old.words[i], new.words[j]) for j in news] for i in olds]
    best = [[0.0] * (len(news) + 1) for _ in range(len(olds) + 1)]
    for a in reversed(range(len(olds))):
        for b in reversed(range(len(news))):
            paired = sim[a][b] + best[a + 1][b + 1] if sim[a][b] >= _EDIT_SIMILARITY else 0.0
            best[a][b] = max(paired, best[a + 1][b], best[a][b + 1])
    pairs, a, b = [], 0, 0
    while a < len(olds) and b < len(news):
        if sim[a][b] >= _EDIT_SIMILARITY and best[a][b] == sim[a][b] + best[a + 1][b + 1]:
            pairs.append((olds[a], news[b]))
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            a += 1
        else:
            b += 1
    return pairs


def _similar(
    old: _Side, new: _Side, free_old: list[int], free_new: list[int]
) -> list[tuple[int, int]]:
    """Pair leftovers that are close enough to count as moved and edited, best match first."""
    candidates = sorted(
        (-score, i, j)
        for i in free_old
        for j in free_new
        if (score := _similarity(old.words[i], new.words[j])) >= _MOVE_SIMILARITY
    )
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if all(i != i2 and j != j2 for i2, j2 in pairs):
            pairs.append((i, j))
    return pairs


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two word sets: 1.0 for the same words, 0.0 for none shared."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _reading_order(
    links: dict[int, tuple[int, bool]], old: _Side, new: _Side
) -> Iterator[ParagraphDiff | _Pair]:
    """New reading order; removed paragraphs go where they stood, before the additions there.

    Paired paragraphs come out as `_Pair`s still to be word-diffed.
    """
    moved_from = {i for i, in_place in links.values() if not in_place}
    kept = sorted((i, j) for j, (i, in_place) in links.items() if in_place)
    last_i = last_j = -1
    for i, j in [*kept, (len(old.keys), len(new.keys))]:
        for gone in range(last_i + 1, i):
            if gone not in moved_from:
                yield ParagraphDiff("delete", gone, None, (Segment("delete", old.texts[gone]),))
        for came in range(last_j + 1, j):
            if came in links:
                yield _Pair(links[came][0], came, in_place=False)
            else:
                yield ParagraphDiff("insert", None, came, (Segment("insert", new.texts[came]),))
        if j < len(new.keys):
            yield _Pair(i, j, in_place=True)
        last_i, last_j = i, j


def _paired(old: _Side, new: _Side, pair: _Pair, deadline: float) -> tuple[ParagraphDiff, bool]:
    i, j = pair.old_index, pair.new_index
    if old.keys[i] == new.keys[j]:
        same = (Segment("equal", new.texts[j]),)
        return ParagraphDiff("equal" if pair.in_place else "move", i, j, same), False
    segments, cut = _diff_words(old.texts[i], new.texts[j], deadline)
    return ParagraphDiff("change" if pair.in_place else "move", i, j, segments), cut
