"""Figure flags: figures paired within aligned sentences, then across moved and rewritten ones."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final

from monitor.analysis.claims.alignment import (
    Alignment,
    Doc,
    Sentence,
    Versions,
    similarity,
    words_of,
)
from monitor.analysis.claims.flags import Flag, Keyed
from monitor.analysis.claims.quote_pairing import Span
from monitor.analysis.figures import Figure, find_figures
from monitor.analysis.kinds import FlagKind
from monitor.analysis.quotes import (
    fold,
)

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

# A page stamp run into the text that follows it, as archived copy often prints it:
# "Updated August 27, 2020 Some nurses said ...".
_STAMP_PREFIX: Final = re.compile(
    r"^\W*(?:(?:last\s+|first\s+)?(?:updated|published|posted|modified))\b(?:\s+(?:on|at))?",
    re.I,
)
# How far apart the parts of one stamp may be ("5:31 PM EDT, Tue March 4").
_STAMP_GAP: Final = 12


def sentence_figures(doc: Doc, s: Sentence) -> list[Figure]:
    """Figures of a sentence; notices, page timestamps and datelines have none worth flagging."""
    folded = fold(s.text)
    if s.index in doc.notice or _STAMP.match(folded):
        return []
    dateline = _DATELINE.match(folded)
    skip = dateline.end() if dateline else 0
    figures = find_figures(s.text, doc.language)
    stamp = _STAMP_PREFIX.match(folded)
    if stamp is not None:
        # the stamp's own date and time run on from it: "Updated Aug. 27, 2020, 5:31 p.m."
        skip = stamp.end()
        while figures and figures[0].unit in _CALENDAR and figures[0].start - skip <= _STAMP_GAP:
            skip = figures.pop(0).end
    return [f for f in figures if f.start >= skip]


def _pair_figures(
    xs: list[Figure], ys: list[Figure]
) -> tuple[list[tuple[Figure, Figure]], list[Figure], list[Figure]]:
    """Figures of two versions of a sentence: (changed pairs, removed, added)."""
    changed: list[tuple[Figure, Figure]] = []
    removed: list[Figure] = []
    added: list[Figure] = []
    ys = [y for y in ys if not _restates(y, xs)]
    matcher = SequenceMatcher(None, [_key(f) for f in xs], [_key(f) for f in ys], autojunk=False)
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
            elif not _same_day(x, y):
                changed.append((x, y))
        removed += [x for x in block_x if id(x) not in taken_x]
        added += [y for y in block_y if id(y) not in taken_y]
    return changed, removed, added


def _key(f: Figure) -> tuple[object, ...]:
    """A figure's key for pairing: a bare four-digit number reads as a year or a count by
    context ("1200 pisos" is written without a separator in Spanish), so the same digits
    printed as "1.200" are the same claim."""
    return ("count", *f.key[1:]) if f.unit == "year" and f.upper is None else f.key


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


_CALENDAR: Final = frozenset(["year", "date", "time", "decade"])
_NO_ZERO: Final = _CALENDAR | {"ordinal"}
# A year or date that comes or goes is a claim a reader checks ("settled in 2006", "ended in
# January 2017"); a time of day that comes or goes is the clock of a running story.
_CONTEXT: Final = frozenset(["time"])


def tracked(f: Figure) -> bool:
    """Whether a timeline follows a figure from its first sighting. Dates and times place the
    story rather than state what it claims, so they enter a timeline only through a flag."""
    return not f.weak and f.unit not in _CALENDAR


def loose_figures(figures: list[Figure], s: Sentence, gap: int) -> list["_Loose"]:
    """The figures worth a flag when they come or go on their own."""
    return [_Loose(f, s, gap) for f in figures if not f.weak and f.unit not in _CONTEXT]


@dataclass
class _Loose:
    """A figure that appeared or disappeared, with where it was."""

    figure: Figure
    sentence: Sentence
    gap: int


def flag_figures(v: Versions, quiet: list[Span]) -> list[Keyed]:
    """Changed, added and removed figures across aligned sentences.

    A figure that leaves one sentence and turns up unchanged in another (a sentence split
    or merged) is a move; a removal and an addition of the same kind of figure between the
    same unchanged neighbours is a change.
    """
    a, b, align = v.old, v.new, v.align
    out: list[Keyed] = []
    gone: list[_Loose] = []
    came: list[_Loose] = []
    for s in a.sentences:
        if s.index in align.exact:
            continue
        k = align.new_of.get(s.index)
        if k is None:
            gone += loose_figures(sentence_figures(a, s), s, align.old_gap[s.index])
            continue
        t = b.sentences[k]
        changed, removed, added = _pair_figures(sentence_figures(a, s), sentence_figures(b, t))
        out += [_figure_flag(align, (s, x), (t, y)) for x, y in changed]
        gone += loose_figures(removed, s, align.old_gap[s.index])
        came += loose_figures(added, t, align.new_gap[t.index])
    for t in b.sentences:
        if t.index not in align.old_of:
            came += loose_figures(sentence_figures(b, t), t, align.new_gap[t.index])
    gone = [x for x in gone if not _quieted(x, quiet, "old")]
    came = [y for y in came if not _quieted(y, quiet, "new")]
    came = [y for y in came if not _restates(y.figure, (x.figure for x in gone))]
    _cancel_moves(gone, came)
    for x, y in _pair_in_gaps(gone, came):
        out.append(_figure_flag(align, (x.sentence, x.figure), (y.sentence, y.figure)))
    out += [_figure_flag(align, (x.sentence, x.figure), None) for x in gone]
    out += [_figure_flag(align, None, (y.sentence, y.figure)) for y in came]
    return out


def _quieted(item: _Loose, quiet: list[Span], side: str) -> bool:
    """Figures inside a quote that was itself added or removed are covered by that flag."""
    s, f = item.sentence, item.figure
    where = (s.paragraph, s.start + f.start)
    return any(tag == side and (p, start) <= where < (ep, end) for tag, p, start, ep, end in quiet)


def _cancel_moves(gone: list[_Loose], came: list[_Loose]) -> None:
    for x in list(gone):
        y = next(
            (
                y
                for y in came
                if (y.figure.key == x.figure.key and _same_thing(x.figure, y.figure))
                or _same_day(x.figure, y.figure)
            ),
            None,
        )
        if y is not None:
            gone.remove(x)
            came.remove(y)


_DATE_LABEL: Final = re.compile(r"(\d{4}|-)-(\d\d)(?:-(\d\d))?")


def _calendar_parts(f: Figure) -> tuple[str, ...] | None:
    """(year, month, day) of a year or date, "" where the text leaves it out."""
    if f.unit == "year" and f.value is not None and f.upper is None:
        return (f"{f.value:04.0f}", "", "")
    found = _DATE_LABEL.fullmatch(f.label or "") if f.unit == "date" else None
    return (found.group(1).strip("-"), found.group(2), found.group(3) or "") if found else None


def _same_day(x: Figure, y: Figure) -> bool:
    """ "Dec. 31, 2018" and "Dec. 31", "2015" and "March 2015": the same date told more or
    less fully, where one version leaves out what the other says and nothing disagrees."""
    a, b = _calendar_parts(x), _calendar_parts(y)
    if a is None or b is None or a == b:
        return False
    shared = [(p, q) for p, q in zip(a, b, strict=True) if p and q]
    return bool(shared) and all(p == q for p, q in shared)


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
        x_words = words_of(x.sentence.norm)
        kind = [y for y in came if y.gap == x.gap and y.figure.unit == x.figure.unit]
        y = next(
            (
                y
                for y in kind
                if (x.figure.noun is not None and x.figure.noun == y.figure.noun)
                or similarity(x_words, words_of(y.sentence.norm)) >= 0.25
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


_Placed = tuple[Sentence, Figure]


def _figure_flag(align: Alignment, old: _Placed | None, new: _Placed | None) -> Keyed:
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
