"""Quote and attribution flags: old and new quotations paired, same words first."""

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from typing import Final

from monitor.analysis.claims.alignment import WORD, Versions, similarity, words_of
from monitor.analysis.claims.corrections import in_notice
from monitor.analysis.claims.flags import Flag, Keyed
from monitor.analysis.figures import find_figures
from monitor.analysis.kinds import FlagKind
from monitor.analysis.languages import Language
from monitor.analysis.quotes import Quote, fold, name_tokens, same_speaker
from monitor.analysis.quotes.sentences import VERBS

# ("old" or "new", paragraph, start, end paragraph, end) of a quote.
Span = tuple[str, int, int, int, int]


def _quote_words(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text.casefold()))


def _figure_words(text: str, language: Language) -> tuple[str, ...]:
    """Quote words with each figure replaced by its value, so "11" and "eleven" agree."""
    out: list[str] = []
    pos = 0
    for fig in find_figures(text, language):
        out += WORD.findall(text[pos : fig.start].casefold())
        out.append(f"<{fig.key}>")
        pos = fig.end
    out += WORD.findall(text[pos:].casefold())
    return tuple(out)


class _QuoteMatch:
    """Pairs old and new quotes: same words, then re-split quotes, then reworded ones."""

    def __init__(self, old: list[Quote], new: list[Quote], v: Versions) -> None:
        self.old, self.new = old, new
        self.same: list[tuple[int, int]] = []
        self.changed: list[tuple[int, int]] = []
        self.used_old: set[int] = set()
        self.used_new: set[int] = set()
        self._exact([_quote_words(q.text) for q in old], [_quote_words(q.text) for q in new])
        if len(self.used_old) < len(old) and len(self.used_new) < len(new):
            self._exact(
                [
                    _figure_words(q.text, v.new.language) if i not in self.used_old else ()
                    for i, q in enumerate(old)
                ],
                [
                    _figure_words(q.text, v.new.language) if k not in self.used_new else ()
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

    def _similar(self, v: Versions) -> None:
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
                dice = similarity(words, new_words[k])
                placed = _took_place(v, s_old, v.new.sentence_at(r.paragraph, r.start).index)
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


def _took_place(v: Versions, s_old: int, s_new: int) -> bool:
    """Whether a new sentence took an old one's place: aligned to it, or both unmatched
    between the same neighbours (a quote that is its own sentence, rewritten)."""
    align = v.align
    if align.new_of.get(s_old) == s_new:
        return True
    unmatched = s_old not in align.new_of and s_new not in align.old_of
    return unmatched and align.old_gap[s_old] == align.new_gap[s_new]


def flag_quotes(v: Versions) -> tuple[list[Keyed], list[Span]]:
    """Quote and attribution flags, plus the spans whose figures the quote flags already cover."""
    old = [q for q in v.old.quotes if not in_notice(v.old, q)]
    new = [q for q in v.new.quotes if not in_notice(v.new, q)]
    match = _QuoteMatch(old, new, v)
    out: list[Keyed] = []
    for i, k in match.changed:
        q, r = old[i], new[k]
        if (q.scare and r.scare) and (q.name or r.name or not _in_place(v, q, r)):
            continue  # a renamed title or term, or a scare quote that moved: no one's words
        out.append(_quote_flag(v, "quote_changed", q, r))
    out += _attribution_flags(v, [(old[i], new[k]) for i, k in match.same])
    gone = [q for i, q in enumerate(old) if i not in match.used_old and not q.scare]
    came = [r for k, r in enumerate(new) if k not in match.used_new and not r.scare]
    gone = [q for q in gone if not _contained(q, new)]
    came = [r for r in came if not _contained(r, old)]
    out += _merged(v, "quote_removed", gone, v.old.article.paragraphs)
    out += _merged(v, "quote_added", came, v.new.article.paragraphs)
    quiet = [("old", q.paragraph, q.start, q.end_paragraph, q.end) for q in gone]
    quiet += [("new", r.paragraph, r.start, r.end_paragraph, r.end) for r in came]
    return out, quiet


def _in_place(v: Versions, q: Quote, r: Quote) -> bool:
    """Whether two quotes sit in sentences the alignment paired: the words inside quotation
    marks were edited where they stand ("tracing the "friends"" -> "tracing the "contacts"")."""
    s_old = v.old.sentence_at(q.paragraph, q.start).index
    return v.align.new_of.get(s_old) == v.new.sentence_at(r.paragraph, r.start).index


def _contained(q: Quote, others: Sequence[Quote]) -> bool:
    """A quote whose words all survive inside a longer quote was trimmed or re-cut, not lost."""
    words = _quote_words(q.text)
    if len(words) < 3:
        return False
    needle = " " + " ".join(words) + " "
    return any(needle in " " + " ".join(_quote_words(o.text)) + " " for o in others)


def _attribution_flags(v: Versions, same: list[tuple[Quote, Quote]]) -> list[Keyed]:
    """Identical words, different speaker.

    A speaker reached through "he said" or a neighbouring quote can shift when unrelated
    text moves, is cut, or a new person is quoted in between, so a change counts when the new
    version names the speaker in the quote's own sentence; otherwise only as a renaming: the
    old name gone from the new version and the new name absent from the old one. Each old/new
    pair is reported once.
    """
    out: list[Keyed] = []
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    old_words = words_of(" ".join(s.norm for s in v.old.sentences))
    new_words = words_of(" ".join(s.norm for s in v.new.sentences))
    for q, r in same:
        if q.scare or r.scare or same_speaker(q.speaker, r.speaker) or r.speaker is None:
            continue
        local = r.explicit
        renamed = q.speaker is not None and not words_of(q.speaker) <= new_words
        if not local and not (renamed and not words_of(r.speaker) <= old_words):
            continue
        pair = (tuple(name_tokens(q.speaker or "")), tuple(name_tokens(r.speaker)))
        if pair in seen:
            continue
        seen.add(pair)
        key, flag = _quote_flag(v, "attribution_changed", q, r)
        out.append((key, Flag(**{**asdict(flag), "before": q.speaker, "after": r.speaker})))
    return out


# What stands between the two halves of one quotation broken by its attribution:
# ("We cannot go on," Graves said. "Something has to give.")
_ATTRIBUTION_BREAK: Final = re.compile(
    rf"[\s,;:.-]*(?:[\w.'-]+\s+){{0,6}}?(?:{VERBS})\b(?:\s+[\w.'-]+){{0,6}}?[\s,;:.-]*"
)


def _one_utterance(paragraphs: Sequence[str], a: Quote, b: Quote) -> bool:
    """Whether quote b continues quote a, with only a's attribution between them."""
    if a.end_paragraph != b.paragraph or not same_speaker(a.speaker, b.speaker):
        return False
    text = fold(paragraphs[b.paragraph])
    broken = text[a.end - 2 : a.end - 1] in (",", ".", "!", "?")
    return broken and _ATTRIBUTION_BREAK.fullmatch(text, a.end, b.start) is not None


def _merged(
    v: Versions, kind: FlagKind, quotes: list[Quote], paragraphs: Sequence[str]
) -> list[Keyed]:
    """One flag per quotation; a quotation broken by its attribution is one."""
    groups: list[list[Quote]] = []
    for q in quotes:
        if groups and _one_utterance(paragraphs, groups[-1][-1], q):
            groups[-1].append(q)
        else:
            groups.append([q])
    out: list[Keyed] = []
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


def _quote_flag(v: Versions, kind: FlagKind, q: Quote | None, r: Quote | None) -> Keyed:
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
