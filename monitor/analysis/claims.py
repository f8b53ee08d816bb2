"""What changed in the claims of an article: quotes, attributions, figures, notices.

A word diff tells a reader that text moved; this module says which of the changes matter to
someone checking a story: a quote reworded or reattributed, a number revised, a correction
appended. Sentences are aligned first (exact matches after typography normalisation, then the
most similar leftovers), so a moved paragraph is a move and an unchanged sentence is silent.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from typing import Final, Literal, cast, get_args

from monitor.analysis.figures import Figure, find_figures
from monitor.analysis.notices import is_notice_sentence, notice_paragraph
from monitor.analysis.quotes import (
    Quote,
    find_quotes,
    fold,
    name_tokens,
    same_speaker,
    split_sentences,
)
from monitor.analysis.text import normalize
from monitor.article import Article

__all__ = ["FLAG_KINDS", "Claims", "FigureAt", "Flag", "FlagKind", "claims_of", "compare_articles"]

FlagKind = Literal[
    "quote_changed",
    "quote_added",
    "quote_removed",
    "attribution_changed",
    "figure_changed",
    "figure_added",
    "figure_removed",
    "title_changed",
    "byline_changed",
    "correction_added",
]
FLAG_KINDS: Final[tuple[str, ...]] = get_args(FlagKind)


@dataclass(frozen=True)
class Flag:
    """One change a reader checking the story would want pointed out.

    Text fields are as printed; values are normalised (see `monitor.analysis.figures`). Beyond the
    core fields, figure flags carry the old unit, range ends ("between 10 and 12", "7 to 4")
    and qualifier classes ("nearly", "more than"), since a qualifier change alone is a change.
    """

    kind: FlagKind
    before: str | None
    after: str | None
    old_sentence: str | None
    new_sentence: str | None
    old_paragraph: int | None
    new_paragraph: int | None
    speaker: str | None = None
    old_value: float | None = None
    new_value: float | None = None
    unit: str | None = None
    delta: float | None = None
    relative: float | None = None
    old_unit: str | None = None
    old_upper: float | None = None
    new_upper: float | None = None
    old_qualifier: str | None = None
    new_qualifier: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Every field, JSON-ready."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> "Flag":
        """Rebuild a flag from `to_dict` output (e.g. stored JSON); unknown keys are ignored."""
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in FLAG_KINDS:
            raise ValueError(f"unknown flag kind: {kind!r}")
        return cls(
            kind=cast(FlagKind, kind),
            before=_text(data, "before"),
            after=_text(data, "after"),
            old_sentence=_text(data, "old_sentence"),
            new_sentence=_text(data, "new_sentence"),
            old_paragraph=_integer(data, "old_paragraph"),
            new_paragraph=_integer(data, "new_paragraph"),
            speaker=_text(data, "speaker"),
            old_value=_number(data, "old_value"),
            new_value=_number(data, "new_value"),
            unit=_text(data, "unit"),
            delta=_number(data, "delta"),
            relative=_number(data, "relative"),
            old_unit=_text(data, "old_unit"),
            old_upper=_number(data, "old_upper"),
            new_upper=_number(data, "new_upper"),
            old_qualifier=_text(data, "old_qualifier"),
            new_qualifier=_text(data, "new_qualifier"),
        )


def _text(data: Mapping[str, object], name: str) -> str | None:
    value = data.get(name)
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{name} must be text or null, got {value!r}")


def _integer(data: Mapping[str, object], name: str) -> int | None:
    value = data.get(name)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError(f"{name} must be an integer or null, got {value!r}")


def _number(data: Mapping[str, object], name: str) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise ValueError(f"{name} must be a number or null, got {value!r}")


# A flag with its place in the new version's reading order.
_Keyed = tuple[tuple[float, int, int], Flag]


@dataclass(frozen=True)
class _Sentence:
    """A sentence as printed, where it sits, and its normalised form for matching."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str
    norm: str


@dataclass
class _Doc:
    """One version, cut into sentences, with quotes and notices found lazily."""

    article: Article
    sentences: list[_Sentence]
    spans: list[list[tuple[int, int]]]
    notice: set[int] = field(default_factory=set)
    notice_text: dict[int, str] = field(default_factory=dict)
    _quotes: list[Quote] | None = None

    @property
    def quotes(self) -> list[Quote]:
        if self._quotes is None:
            self._quotes = find_quotes(self.article.paragraphs, self.spans)
        return self._quotes

    def covering(self, paragraph: int, start: int, end_paragraph: int, end: int) -> list[_Sentence]:
        """The sentences that overlap a span, in order."""
        return [
            s
            for s in self.sentences
            if (s.paragraph, s.end) > (paragraph, start)
            and (s.paragraph, s.start) < (end_paragraph, end)
        ]

    def sentence_at(self, paragraph: int, offset: int) -> _Sentence:
        """The sentence a position falls in."""
        best = self.sentences[0]
        for s in self.sentences:
            if (s.paragraph, s.start) <= (paragraph, offset):
                best = s
            else:
                break
        return best


def compare_articles(old: Article, new: Article) -> list[Flag]:
    """Flags in reading order of the new version (removed items at their old position)."""
    out: list[_Keyed] = list(_headline_flags(old, new))
    if [normalize(p) for p in old.paragraphs] != [normalize(p) for p in new.paragraphs]:
        memo: dict[str, str] = {}  # most sentences are shared by both versions
        a, b = _doc(old, memo), _doc(new, memo)
        if a.sentences and b.sentences:
            v = _Versions(a, b, _Alignment(a, b))
            quote_flags, quiet_spans = _quote_flags(v)
            out += quote_flags
            out += _figure_flags(v, quiet_spans)
        out += _correction_flags(a, b)
    out.sort(key=lambda item: item[0])
    return [flag for _, flag in out]


@dataclass(frozen=True)
class FigureAt:
    """A figure with the sentence it sits in; `notable` figures are flagged when they come or go."""

    figure: Figure
    paragraph: int
    start: int  # offset in the paragraph (the figure's own offsets are in its sentence)
    sentence: str
    notable: bool


@dataclass(frozen=True)
class Claims:
    """The quotes and figures of one version as a comparison sees them, in reading order."""

    quotes: tuple[Quote, ...]
    figures: tuple[FigureAt, ...]


def claims_of(article: Article) -> Claims:
    """Quotes and figures outside correction notices and page timestamps (for timelines)."""
    doc = _doc(article, {})
    quotes = tuple(q for q in doc.quotes if not _in_notice(doc, q))
    figures = tuple(
        FigureAt(f, s.paragraph, s.start + f.start, s.text, notable=bool(_loose([f], s, 0)))
        for s in doc.sentences
        for f in _figures(doc, s)
    )
    return Claims(quotes, figures)


def _headline_flags(old: Article, new: Article) -> Iterable[_Keyed]:
    """Headline and byline changes, first in reading order; case and typography are not changes."""
    if _plain(old.headline) != _plain(new.headline):
        yield (-2.0, 0, 0), _whole("title_changed", old.headline, new.headline)
    if _byline(old.byline) != _byline(new.byline):
        yield (-1.0, 0, 0), _whole("byline_changed", old.byline, new.byline)


def _whole(kind: FlagKind, before: str, after: str) -> Flag:
    return Flag(kind, before or None, after or None, None, None, None, None)


def _plain(text: str) -> str:
    return normalize(text).casefold().rstrip(" .")


def _byline(text: str) -> frozenset[str]:
    """The names in a byline: "By A, B and C" and "by A, B, and C" credit the same people."""
    return frozenset(_WORD.findall(_plain(text))) - {"by", "and"}


def _doc(article: Article, memo: dict[str, str]) -> _Doc:
    """Cut a version into sentences; `memo` shares normalisation between the two versions."""
    sentences: list[_Sentence] = []
    spans: list[list[tuple[int, int]]] = []
    for p, text in enumerate(article.paragraphs):
        cuts = split_sentences(text)
        spans.append(cuts)
        for start, end in cuts:
            piece = text[start:end]
            norm = memo.get(piece)
            if norm is None:
                norm = memo[piece] = normalize(piece)
            sentences.append(_Sentence(len(sentences), p, start, end, piece, norm))
    doc = _Doc(article, sentences, spans)
    _find_notices(doc)
    return doc


# --- alignment -------------------------------------------------------------------------

_WORD: Final = re.compile(r"[^\W\d_]+|\d+")
_SIMILAR: Final = 0.5


def _words(text: str) -> frozenset[str]:
    """Lower-case words with digits masked, so a changed number keeps sentences similar."""
    return frozenset("#" if w[0].isdigit() else w for w in _WORD.findall(text.casefold()))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


class _Alignment:
    """Which old sentence became which new one, and where everything sits in new order."""

    def __init__(self, old: _Doc, new: _Doc) -> None:
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

    def _pair_similar(self, old: _Doc, new: _Doc) -> None:
        matched_new = set(self.pairs.values())
        left_old = [s for s in old.sentences if s.index not in self.pairs]
        left_new = [s for s in new.sentences if s.index not in matched_new]
        if not left_old or not left_new:
            return
        new_words = [(s, _words(s.norm)) for s in left_new]
        scored: list[tuple[float, int, int]] = []
        scale = max(len(old.sentences), 1)
        for s in left_old:
            words = _words(s.norm)
            for t, t_words in new_words:
                score = _dice(words, t_words)
                if score >= _SIMILAR:
                    scored.append((score - abs(s.index - t.index) / scale * 0.05, s.index, t.index))
        scored.sort(reverse=True)
        for _, i, k in scored:
            if i not in self.pairs and k not in matched_new:
                self.pairs[i] = k
                matched_new.add(k)


# --- quotes ----------------------------------------------------------------------------

# ("old" or "new", paragraph, start, end paragraph, end) of a quote.
_Span = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class _Versions:
    """The two analysed versions and how their sentences align."""

    old: _Doc
    new: _Doc
    align: _Alignment


def _quote_words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


def _figure_words(text: str) -> tuple[str, ...]:
    """Quote words with each figure replaced by its value, so "11" and "eleven" agree."""
    out: list[str] = []
    pos = 0
    for fig in find_figures(text):
        out += _WORD.findall(text[pos : fig.start].casefold())
        out.append(f"<{fig.key}>")
        pos = fig.end
    out += _WORD.findall(text[pos:].casefold())
    return tuple(out)


class _QuoteMatch:
    """Pairs old and new quotes: same words, then re-split quotes, then reworded ones."""

    def __init__(self, old: list[Quote], new: list[Quote], v: _Versions) -> None:
        self.old, self.new = old, new
        self.same: list[tuple[int, int]] = []
        self.changed: list[tuple[int, int]] = []
        self.used_old: set[int] = set()
        self.used_new: set[int] = set()
        self._exact([_quote_words(q.text) for q in old], [_quote_words(q.text) for q in new])
        if len(self.used_old) < len(old) and len(self.used_new) < len(new):
            self._exact(
                [
                    _figure_words(q.text) if i not in self.used_old else ()
                    for i, q in enumerate(old)
                ],
                [
                    _figure_words(q.text) if k not in self.used_new else ()
                    for k, q in enumerate(new)
                ],
            )
        self._resplit(old, new, self.used_old, self.used_new)
        self._resplit(new, old, self.used_new, self.used_old)
        self._similar(v)

    def _exact(self, old_keys: list[tuple[str, ...]], new_keys: list[tuple[str, ...]]) -> None:
        waiting: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for k, key in enumerate(new_keys):
            if k not in self.used_new and key:
                waiting[key].append(k)
        for i, key in enumerate(old_keys):
            options = waiting.get(key) if i not in self.used_old else None
            if not options:
                continue
            pick = next(
                (k for k in options if same_speaker(self.old[i].speaker, self.new[k].speaker)),
                options[0],
            )
            options.remove(pick)
            self.same.append((i, pick))
            self.used_old.add(i)
            self.used_new.add(pick)

    @staticmethod
    def _resplit(xs: list[Quote], ys: list[Quote], used_x: set[int], used_y: set[int]) -> None:
        """A quote broken in two by its attribution ("A," she said. "B.") is the same quote."""
        for i, q in enumerate(xs):
            if i in used_x:
                continue
            key = _quote_words(q.text)
            for k in range(len(ys)):
                run: tuple[str, ...] = ()
                for j in range(k, min(k + 4, len(ys))):
                    if ys[j].paragraph != ys[k].paragraph:
                        break
                    run += _quote_words(ys[j].text)
                    if run == key and j > k:
                        used_x.add(i)
                        used_y.update(range(k, j + 1))
                        break
                    if len(run) >= len(key):
                        break
                if i in used_x:
                    break

    def _similar(self, v: _Versions) -> None:
        left_old = [i for i in range(len(self.old)) if i not in self.used_old]
        left_new = [k for k in range(len(self.new)) if k not in self.used_new]
        if not left_old or not left_new:
            return
        new_words = {k: frozenset(_quote_words(self.new[k].text)) for k in left_new}
        scored: list[tuple[float, int, int]] = []
        for i in left_old:
            q = self.old[i]
            words = frozenset(_quote_words(q.text))
            s_old = v.old.sentence_at(q.paragraph, q.start).index
            for k in left_new:
                r = self.new[k]
                dice = _dice(words, new_words[k])
                placed = v.align.new_of.get(s_old) == v.new.sentence_at(r.paragraph, r.start).index
                # A quote in the same aligned sentence from the same speaker was rewritten in
                # place ("a liar" -> "not truthful"): a change, however few words survive.
                rewritten = placed and same_speaker(q.speaker, r.speaker)
                if dice >= 0.5 or (dice >= 0.3 and placed) or rewritten:
                    bonus = 0.15 * same_speaker(q.speaker, r.speaker) + 0.1 * placed
                    scored.append((dice + bonus, i, k))
        scored.sort(reverse=True)
        for _, i, k in scored:
            if i not in self.used_old and k not in self.used_new:
                self.changed.append((i, k))
                self.used_old.add(i)
                self.used_new.add(k)


def _quote_flags(v: _Versions) -> tuple[list[_Keyed], list[_Span]]:
    """Quote and attribution flags, plus the spans whose figures the quote flags already cover."""
    old = [q for q in v.old.quotes if not _in_notice(v.old, q)]
    new = [q for q in v.new.quotes if not _in_notice(v.new, q)]
    match = _QuoteMatch(old, new, v)
    out: list[_Keyed] = []
    for i, k in match.changed:
        q, r = old[i], new[k]
        if q.scare and r.scare:
            continue
        out.append(_quote_flag(v, "quote_changed", q, r))
    out += _attribution_flags(v, [(old[i], new[k]) for i, k in match.same])
    gone = [q for i, q in enumerate(old) if i not in match.used_old and not q.scare]
    came = [r for k, r in enumerate(new) if k not in match.used_new and not r.scare]
    gone = [q for q in gone if not _contained(q, new)]
    came = [r for r in came if not _contained(r, old)]
    out += _merged(v, "quote_removed", gone)
    out += _merged(v, "quote_added", came)
    quiet = [("old", q.paragraph, q.start, q.end_paragraph, q.end) for q in gone]
    quiet += [("new", r.paragraph, r.start, r.end_paragraph, r.end) for r in came]
    return out, quiet


def _contained(q: Quote, others: Sequence[Quote]) -> bool:
    """A quote whose words all survive inside a longer quote was trimmed or re-cut, not lost."""
    words = _quote_words(q.text)
    if len(words) < 3:
        return False
    needle = " " + " ".join(words) + " "
    return any(needle in " " + " ".join(_quote_words(o.text)) + " " for o in others)


def _attribution_flags(v: _Versions, same: list[tuple[Quote, Quote]]) -> list[_Keyed]:
    """Identical words, different speaker.

    A speaker reached through "he said" or a neighbouring quote can shift when unrelated
    text moves, is cut, or a new person is quoted in between, so a change counts when the new
    version names the speaker in the quote's own sentence; otherwise only as a renaming: the
    old name gone from the new version and the new name absent from the old one. Each old/new
    pair is reported once.
    """
    out: list[_Keyed] = []
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    old_words = _words(" ".join(s.norm for s in v.old.sentences))
    new_words = _words(" ".join(s.norm for s in v.new.sentences))
    for q, r in same:
        if q.scare or r.scare or same_speaker(q.speaker, r.speaker) or r.speaker is None:
            continue
        local = r.explicit
        renamed = q.speaker is not None and not _words(q.speaker) <= new_words
        if not local and not (renamed and not _words(r.speaker) <= old_words):
            continue
        pair = (tuple(name_tokens(q.speaker or "")), tuple(name_tokens(r.speaker)))
        if pair in seen:
            continue
        seen.add(pair)
        key, flag = _quote_flag(v, "attribution_changed", q, r)
        out.append((key, Flag(**{**asdict(flag), "before": q.speaker, "after": r.speaker})))
    return out


def _merged(v: _Versions, kind: FlagKind, quotes: list[Quote]) -> list[_Keyed]:
    """One flag per speaker per paragraph: a removed paragraph of quotes is one removal."""
    groups: list[list[Quote]] = []
    for q in quotes:
        last = groups[-1][-1] if groups else None
        if last and last.end_paragraph == q.paragraph and same_speaker(last.speaker, q.speaker):
            groups[-1].append(q)
        else:
            groups.append([q])
    out: list[_Keyed] = []
    for group in groups:
        first, last = group[0], group[-1]
        joined = Quote(
            " … ".join(q.text for q in group),
            first.paragraph,
            first.start,
            last.end_paragraph,
            last.end,
            next((q.speaker for q in group if q.speaker), None),
        )
        if kind == "quote_removed":
            out.append(_quote_flag(v, kind, joined, None))
        else:
            out.append(_quote_flag(v, kind, None, joined))
    return out


def _quote_flag(v: _Versions, kind: FlagKind, q: Quote | None, r: Quote | None) -> _Keyed:
    """A quote flag with the sentences around each side; sorted at the new quote, else the old."""
    old_s = v.old.covering(q.paragraph, q.start, q.end_paragraph, q.end) if q else []
    new_s = v.new.covering(r.paragraph, r.start, r.end_paragraph, r.end) if r else []
    flag = Flag(
        kind,
        q.text if q else None,
        r.text if r else None,
        " ".join(s.text for s in old_s) or None,
        " ".join(s.text for s in new_s) or None,
        q.paragraph if q else None,
        r.paragraph if r else None,
        speaker=(r.speaker if r and r.speaker else q.speaker if q else None),
    )
    if r is not None and new_s:
        return (float(new_s[0].index), 0, r.start), flag
    rank = v.align.old_rank[old_s[0].index] if old_s else -0.5
    return (rank, 1, q.start if q else 0), flag


# --- figures ---------------------------------------------------------------------------


# "NEW YORK, March 4 (Reuters) -": the filing date moves with every update; not a claim.
_DATELINE: Final = re.compile(
    r"^[A-Z][A-Za-z0-9 .,'/-]{1,60}?\(\s*(?:Reuters|AP|AFP|Bloomberg|UPI|dpa|Xinhua|PA|CNN"
    r"|Associated Press|PTI|IANS|Kyodo|Yonhap|ANI|CP)\s*\)\s*-"
)


# "Updated 5:31 PM EDT, March 4": a page timestamp printed in the body.
_STAMP: Final = re.compile(
    r"^\W*(?:(?:last\s+|first\s+)?(?:updated|published|posted|modified))\b(?:\s+(?:on|at))?"
    r"[\s:]*[\w\s,:./|-]{0,60}$",
    re.I,
)


def _figures(doc: _Doc, s: _Sentence) -> list[Figure]:
    """Figures of a sentence; notices, page timestamps and datelines have none worth flagging."""
    folded = fold(s.text)
    if s.index in doc.notice or _STAMP.match(folded):
        return []
    dateline = _DATELINE.match(folded)
    skip = dateline.end() if dateline else 0
    return [f for f in find_figures(s.text) if f.start >= skip]


def _pair_figures(
    xs: list[Figure], ys: list[Figure]
) -> tuple[list[tuple[Figure, Figure]], list[Figure], list[Figure]]:
    """Figures of two versions of a sentence: (changed pairs, removed, added)."""
    changed: list[tuple[Figure, Figure]] = []
    removed: list[Figure] = []
    added: list[Figure] = []
    ys = [y for y in ys if not _restates(y, xs)]
    matcher = SequenceMatcher(None, [f.key for f in xs], [f.key for f in ys], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        block_x, block_y = xs[i1:i2], ys[j1:j2]
        if len(block_x) == 1 and len(block_y) == 1:
            pairs = [(block_x[0], block_y[0])]
        else:
            pairs = _pair_by_unit(block_x, block_y)
        taken_x = {id(x) for x, _ in pairs}
        taken_y = {id(y) for _, y in pairs}
        for x, y in pairs:
            if (x.weak or y.weak) and not _same_slot(x, y):
                taken_x.discard(id(x))
                taken_y.discard(id(y))
            else:
                changed.append((x, y))
        removed += [x for x in block_x if id(x) not in taken_x]
        added += [y for y in block_y if id(y) not in taken_y]
    return changed, removed, added


def _restates(y: Figure, xs: Iterable[Figure]) -> bool:
    """A new baseline that repeats an old claim ("rose to 52, up from 40" where the old text
    said 40) is that claim kept as history, not a figure added."""
    return y.baseline and any(
        not x.baseline and (x.unit, x.value, x.upper) == (y.unit, y.value, y.upper) for x in xs
    )


def _same_slot(x: Figure, y: Figure) -> bool:
    """A weak figure ("one") only counts as changed into another of the same kind of thing."""
    if x.unit != y.unit:
        return False
    return x.unit != "count" or (x.noun is not None and x.noun == y.noun)


def _pair_by_unit(xs: list[Figure], ys: list[Figure]) -> list[tuple[Figure, Figure]]:
    pairs: list[tuple[Figure, Figure]] = []
    free = list(ys)
    for x in xs:
        pick = next((y for y in free if y.unit == x.unit and y.noun == x.noun), None)
        pick = pick or next((y for y in free if y.unit == x.unit), None)
        if pick is not None:
            pairs.append((x, pick))
            free.remove(pick)
    return pairs


# A date or year in a sentence that came or went is context, not a claim; a changed one is.
_CALENDAR: Final = frozenset(["year", "date", "time", "decade"])
_NO_ZERO: Final = _CALENDAR | {"ordinal"}


def _loose(figures: list[Figure], s: _Sentence, gap: int) -> list["_Loose"]:
    return [_Loose(f, s, gap) for f in figures if not f.weak and f.unit not in _CALENDAR]


@dataclass
class _Loose:
    """A figure that appeared or disappeared, with where it was."""

    figure: Figure
    sentence: _Sentence
    gap: int


def _figure_flags(v: _Versions, quiet: list[_Span]) -> list[_Keyed]:
    """Changed, added and removed figures across aligned sentences.

    A figure that leaves one sentence and turns up unchanged in another (a sentence split
    or merged) is a move; a removal and an addition of the same kind of figure between the
    same unchanged neighbours is a change.
    """
    a, b, align = v.old, v.new, v.align
    out: list[_Keyed] = []
    gone: list[_Loose] = []
    came: list[_Loose] = []
    for s in a.sentences:
        if s.index in align.exact:
            continue
        k = align.new_of.get(s.index)
        if k is None:
            gone += _loose(_figures(a, s), s, align.old_gap[s.index])
            continue
        t = b.sentences[k]
        changed, removed, added = _pair_figures(_figures(a, s), _figures(b, t))
        out += [_figure_flag(align, (s, x), (t, y)) for x, y in changed]
        gone += _loose(removed, s, align.old_gap[s.index])
        came += _loose(added, t, align.new_gap[t.index])
    for t in b.sentences:
        if t.index not in align.old_of:
            came += _loose(_figures(b, t), t, align.new_gap[t.index])
    gone = [x for x in gone if not _quieted(x, quiet, "old")]
    came = [y for y in came if not _quieted(y, quiet, "new")]
    came = [y for y in came if not _restates(y.figure, (x.figure for x in gone))]
    _cancel_moves(gone, came)
    for x, y in _pair_in_gaps(gone, came):
        out.append(_figure_flag(align, (x.sentence, x.figure), (y.sentence, y.figure)))
    out += [_figure_flag(align, (x.sentence, x.figure), None) for x in gone]
    out += [_figure_flag(align, None, (y.sentence, y.figure)) for y in came]
    return out


def _quieted(item: _Loose, quiet: list[_Span], side: str) -> bool:
    """Figures inside a quote that was itself added or removed are covered by that flag."""
    s, f = item.sentence, item.figure
    where = (s.paragraph, s.start + f.start)
    return any(tag == side and (p, start) <= where < (ep, end) for tag, p, start, ep, end in quiet)


def _cancel_moves(gone: list[_Loose], came: list[_Loose]) -> None:
    for x in list(gone):
        y = next(
            (y for y in came if y.figure.key == x.figure.key and _same_thing(x.figure, y.figure)),
            None,
        )
        if y is not None:
            gone.remove(x)
            came.remove(y)


def _same_thing(x: Figure, y: Figure) -> bool:
    """Counts of different things ("two officers", "two weeks") are not the same figure."""
    if x.unit != "count" or x.noun is None or y.noun is None:
        return True
    return x.noun == y.noun


def _pair_in_gaps(gone: list[_Loose], came: list[_Loose]) -> list[tuple[_Loose, _Loose]]:
    """Pair a removed and an added figure of one kind between the same unchanged neighbours.

    A rewritten sentence ("Police said 40 had died" -> "The death toll rose to 52") is too
    different to align, but its figure was revised, not replaced; the two sentences must
    still share some words or the counted noun, or they are unrelated. So is a figure that
    left an edited sentence for a new one ("killing at least 23" -> "The death toll rose to
    26") when it is the only one of its kind to go and to come there, its size is close and
    nothing says it counts something else.
    """
    pairs: list[tuple[_Loose, _Loose]] = []
    for x in list(gone):
        x_words = _words(x.sentence.norm)
        kind = [y for y in came if y.gap == x.gap and y.figure.unit == x.figure.unit]
        y = next(
            (
                y
                for y in kind
                if (x.figure.noun is not None and x.figure.noun == y.figure.noun)
                or _dice(x_words, _words(y.sentence.norm)) >= 0.25
            ),
            None,
        )
        if y is None and len(kind) == 1 and _lone_revision(x, kind[0], gone):
            y = kind[0]
        if y is not None:
            pairs.append((x, y))
            gone.remove(x)
            came.remove(y)
    return pairs


# How far a revised figure may move (either way) and still be taken for the same figure.
_REVISION_RATIO: Final = 1.5


def _lone_revision(x: _Loose, y: _Loose, gone: list[_Loose]) -> bool:
    a, b = x.figure, y.figure
    alone = not any(g is not x and g.gap == x.gap and g.figure.unit == a.unit for g in gone)
    nouns_agree = a.noun is None or b.noun is None or a.noun == b.noun
    if not (alone and nouns_agree and a.value and b.value and a.value * b.value > 0):
        return False
    return max(a.value, b.value) / min(a.value, b.value) <= _REVISION_RATIO


_Placed = tuple[_Sentence, Figure]


def _figure_flag(align: _Alignment, old: _Placed | None, new: _Placed | None) -> _Keyed:
    """A figure flag from the old and/or new figure with the sentence each sits in."""
    s, x = old if old else (None, None)
    t, y = new if new else (None, None)
    kind: FlagKind = "figure_changed" if x and y else "figure_removed" if x else "figure_added"
    delta = relative = None
    if x and y and x.unit == y.unit and x.value is not None and y.value is not None:
        delta = y.value - x.value
        # a year, a time of day or a rank has no meaningful zero: no proportional change
        relative = delta / x.value if x.value and x.unit not in _NO_ZERO else None
    shown = y or x
    flag = Flag(
        kind,
        x.text if x else None,
        y.text if y else None,
        s.text if s else None,
        t.text if t else None,
        s.paragraph if s else None,
        t.paragraph if t else None,
        old_value=x.value if x else None,
        new_value=y.value if y else None,
        unit=shown.unit if shown else None,
        delta=delta,
        relative=relative,
        old_unit=x.unit if x else None,
        old_upper=x.upper if x else None,
        new_upper=y.upper if y else None,
        old_qualifier=x.qualifier if x else None,
        new_qualifier=y.qualifier if y else None,
    )
    if t is not None and y is not None:
        return (float(t.index), 0, t.start + y.start), flag
    if s is not None and x is not None:
        return (align.old_rank[s.index], 1, s.start + x.start), flag
    raise ValueError("a figure flag needs an old or a new figure")


# --- corrections -----------------------------------------------------------------------


def _find_notices(doc: _Doc) -> None:
    """Mark notice sentences; a notice opening a paragraph takes the whole paragraph, and
    notice paragraphs in a row are one notice."""
    by_paragraph: dict[int, list[_Sentence]] = defaultdict(list)
    for s in doc.sentences:
        by_paragraph[s.paragraph].append(s)
    open_notice: int | None = None  # the notice the next paragraph would continue
    absorb = False  # the open notice is a bare label: the next paragraph is its text
    for p, text in enumerate(doc.article.paragraphs):
        sentences = by_paragraph.get(p, [])
        if not sentences:
            continue
        whole, bare = notice_paragraph(text, sentences[0].text)
        if whole or absorb:
            doc.notice.update(s.index for s in sentences)
            if open_notice is None:
                open_notice = sentences[0].index
                doc.notice_text[open_notice] = text.strip()
            else:
                doc.notice_text[open_notice] += " " + text.strip()
            absorb = bare
            continue
        open_notice, absorb = None, False
        for s in sentences:
            if is_notice_sentence(s.text):
                doc.notice.add(s.index)
                doc.notice_text[s.index] = s.text


def _in_notice(doc: _Doc, q: Quote) -> bool:
    return doc.sentence_at(q.paragraph, q.start).index in doc.notice


# Notice sentences share their boilerplate ("An earlier version of this article misstated
# ..."), so a sentence only counts as one an old notice already said when nearly all agree.
_SAME_NOTICE_SENTENCE: Final = 0.7


def _correction_flags(a: _Doc, b: _Doc) -> list[_Keyed]:
    """Correction, clarification and update notices that the old version did not carry.

    Old and new notices are paired, identical ones first, then the most similar. A new
    notice without a partner is added; a partner that was edited (a typo fixed, a date
    reworded) is the same notice unless it gained a sentence the old one did not say.
    """
    old = {i: _plain(t) for i, t in a.notice_text.items()}
    new = {k: _plain(t) for k, t in b.notice_text.items()}
    partner: dict[int, int] = {}
    for k, text in new.items():
        i = next((i for i, t in old.items() if t == text and i not in partner.values()), None)
        if i is not None:
            partner[k] = i
    scored = sorted(
        (
            (_dice(_words(old[i]), _words(new[k])), k, i)
            for k in new
            if k not in partner
            for i in old
            if i not in partner.values()
        ),
        reverse=True,
    )
    for score, k, i in scored:
        if score >= _SIMILAR and k not in partner and i not in partner.values():
            partner[k] = i
    out: list[_Keyed] = []
    for index, text in b.notice_text.items():
        if index in partner and not _adds_a_sentence(a.notice_text[partner[index]], text):
            continue
        s = b.sentences[index]
        flag = Flag("correction_added", None, text, None, s.text, None, s.paragraph)
        out.append(((float(index), -1, 0), flag))
    return out


def _adds_a_sentence(old: str, new: str) -> bool:
    """Whether an edited notice says something its old version did not."""
    before = [_words(normalize(old[i:j])) for i, j in split_sentences(old)]
    return any(
        all(_dice(_words(normalize(new[i:j])), words) < _SAME_NOTICE_SENTENCE for words in before)
        for i, j in split_sentences(new)
    )
