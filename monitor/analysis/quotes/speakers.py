"""Who said a quotation: the attribution in its own sentence, names expanded from their
first mention, pronouns resolved, and quotes strung together in news style."""

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from monitor.analysis.quotes.marks import Quote
from monitor.analysis.quotes.sentences import sentence_at
from monitor.analysis.quotes.speech import TITLES, Speech

_WINDOW: Final = 240


@dataclass(frozen=True)
class Found:
    """A speaker phrase found in a sentence, before resolution."""

    raw: str
    kind: str  # "name", "pronoun", "phrase"


def attribution(
    q: Quote, masked: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], sp: Speech
) -> Found | None:
    """Who the quote's own sentence says spoke it, before any pronoun is resolved."""
    s_start, _ = sentence_at(spans[q.paragraph], q.start)
    _, s_end = sentence_at(spans[q.end_paragraph], max(q.end - 1, 0))
    # An attribution sits next to its quote; the windows keep run-on text cheap to search.
    before = masked[q.paragraph][max(s_start, q.start - _WINDOW) : q.start]
    after = masked[q.end_paragraph][q.end : min(max(s_end, q.end), q.end + _WINDOW)]
    m = sp.clause_speaker.match(before)
    hits: list[Found | None] = [_found(m.group("sp"), None, sp) if m else None]
    m = sp.after_verb_first.match(after)
    hits.append(
        _found(m.group("sp"), m.group("app") and m.group("app") + ",", sp, cut=True) if m else None
    )
    for m in (sp.after_speaker_first.match(after), sp.before.search(before)):
        hits.append(_found(m.group("sp"), m.group("app"), sp) if m else None)
    for text in (before, after):
        m = sp.according.search(text)
        hits.append(_found(m.group("sp"), None, sp, cut=True) if m else None)
    if before.strip():
        m = sp.subject.match(masked[q.paragraph], s_start)
        if m and m.end() <= q.start:
            hits.append(_found(m.group("sp"), None, sp))
        m = sp.subject_before_colon.fullmatch(masked[q.paragraph], s_start, q.start)
        hits.append(_found(m.group("sp"), None, sp) if m else None)
    hits.append(_implied(after, sp))
    named = [h for h in hits if h is not None]
    # "The minister said: ... she added": a named speaker beats a pronoun in the same sentence.
    return next((h for h in named if h.kind != "pronoun"), named[0] if named else None)


def beside_a_verb(q: Quote, masked: Sequence[str], sp: Speech) -> bool:
    """Whether a verb of saying and its speaker stand right beside the quote ("...," Smith said)."""
    before = masked[q.paragraph][max(0, q.start - _WINDOW) : q.start]
    after = masked[q.end_paragraph][q.end : q.end + _WINDOW]
    attributed_after = sp.after_verb_first.match(after) or sp.after_speaker_first.match(after)
    return bool(attributed_after or sp.verb_just_before.search(before))


def _implied(after: str, sp: Speech) -> Found | None:
    """ "», a-t-il ajouté", "“...”, sagte er": a pronoun after the verb; in a language that
    drops its pronouns a bare verb ("», dijo.") says the same."""
    m = sp.inverted.match(after) if sp.inverted else None
    if m:
        return Found(sp.pronouns.get(m.group("sp"), "he"), "pronoun")
    if sp.bare_verb and sp.bare_verb.match(after):
        return Found("he", "pronoun")
    return None


def _found(raw: str, appositive: str | None, sp: Speech, *, cut: bool = False) -> Found | None:
    """Classify a captured speaker; "the health secretary, Wes Streeting," names Streeting."""
    raw = raw.strip().rstrip("-")  # "dijo Pedro Gómez—.": the dash closes the aside
    if cut:
        raw = sp.phrase_cut.sub("", raw).strip()
    if raw in sp.pronouns:
        return Found(sp.pronouns[raw], "pronoun")
    first, _, rest = raw.partition(" ")
    if first in sp.determiners and rest[:1].islower():
        raw = first.lower() + " " + rest
    named = sp.titled_name.fullmatch(raw) if raw[:1].islower() else None
    named = named or (sp.determined_name.fullmatch(raw) if raw[:1].islower() else None)
    if named:
        raw = named.group("name")  # "coach Bill Self", "il dottor Luca Ferrari"
    # A role with its holder's name beside it ("the health secretary, Wes Streeting,", "the
    # RMT's leader, Mick Lynch,", "el portavoz del PP, Javier Morales,") names the holder.
    inner = appositive.strip(" ,") if appositive else ""
    # "Trump's lawyer, Ty Cobb,", "el portavoz del PP, Javier Morales,"
    role = raw[:1].islower() or raw.split()[-1][:1].islower() or raw.endswith("'s")
    if role and inner and re.fullmatch(sp.name, inner):
        return _found(inner, None, sp)
    if raw[:1].islower():
        return Found(raw, "phrase")
    words = raw.rstrip(".").split() if not re.search(r"\b[A-Z]\.$", raw) else raw.split()
    while words and words[0].lower() in sp.leading_noise:
        words = words[1:]
    if "of" in words[2:]:  # "Jerrold Nadler of New York" is Jerrold Nadler
        words = words[: words.index("of", 2)]
    if not words or (words[0] in ("The", "A", "An") and len(words) == 1):
        return None
    return Found(" ".join(words), "name")


def name_tokens(name: str) -> list[str]:
    """A name's identifying words: lower case, titles and articles dropped."""
    words = [w.strip(".,").lower() for w in name.split()]
    while words and (words[0] in TITLES or words[0] in ("a", "an")):
        words = words[1:]
    return words


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether two speaker strings name the same person ("Chief Graves", "Annette Graves")."""
    if a is None or b is None:
        return a is b
    ta, tb = name_tokens(a), name_tokens(b)
    if ta == tb:
        return True
    if not ta or not tb:
        return False
    short, long_ = sorted((ta, tb), key=len)
    return long_[-len(short) :] == short


class Registry:
    """People named as speakers in the article, to expand short forms and resolve pronouns."""

    def __init__(self, mentions: list[tuple[int, int, str]]) -> None:
        self.mentions = mentions
        self.keys = [(p, o) for p, o, _ in mentions]
        self.full: dict[str, str] = {}
        self.titled: dict[str, str] = {}
        for _, _, name in mentions:
            tokens = name_tokens(name)
            if len(tokens) >= 2:
                display = _display(name)
                self.full.setdefault(tokens[-1], display)
                for word in name.lower().split()[: -len(tokens)]:
                    self.titled[word.strip(".")] = display

    def resolve(self, raw: str, kind: str) -> str:
        """The fullest known form of a speaker: "Chief Graves" -> "Annette Graves"."""
        if kind == "phrase":
            words = raw.lower().split()
            if len(words) == 2 and words[0] == "the" and words[1] in self.titled:
                return self.titled[words[1]]
            return raw
        tokens = name_tokens(raw)
        if len(tokens) == 1 and tokens[0] in self.full:
            return self.full[tokens[0]]
        return _display(raw) or raw

    def last_before(self, paragraph: int, offset: int, pronoun: str) -> str | None:
        """The last speaker named before a position, for "he said" and "she added"."""
        i = bisect.bisect_left(self.keys, (paragraph, offset))
        for _, _, name in reversed(self.mentions[:i]):
            if pronoun == "they" or name[:1].isupper():
                return self.resolve(name, "name" if name[:1].isupper() else "phrase")
        return None


def _display(name: str) -> str:
    """A name without its titles, as printed: "Councilman Luis Ortega" -> "Luis Ortega"."""
    words = name.split()
    keep = len(name_tokens(name))
    return " ".join(words[len(words) - keep :]) if keep else name


def mentions(
    masked: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], sp: Speech
) -> list[tuple[int, int, str]]:
    """Named speakers anywhere in the text ("Chief Annette Graves told the council")."""
    out: list[tuple[int, int, str]] = []
    for p, text in enumerate(masked):
        for verb in sp.verb.finditer(text):
            m = sp.name_before.search(text, max(0, verb.start() - 140), verb.start())
            hit = _found(m.group("sp"), m.group("app"), sp) if m else None
            if m is None:
                m = sp.name_after.match(text, verb.end())
                hit = _found(m.group("sp"), None, sp) if m else None
            if m is not None and hit is not None and hit.kind == "name":
                out.append((p, m.start(), hit.raw))
        for start, _ in spans[p]:
            m = sp.subject.match(text, start)
            if m and len(name_tokens(m.group("sp"))) >= 2:
                hit = _found(m.group("sp"), None, sp)
                if hit is not None:
                    out.append((p, start, hit.raw))
    out.sort()
    return out


def inherited(
    i: int,
    raw: Sequence[Quote],
    found: Sequence[Found | None],
    done: Sequence[Quote],
    names: Registry,
) -> str | None:
    """An unattributed quote belongs to the speaker of its neighbours in the paragraph.

    A quote that opens a paragraph with no attribution continues the previous paragraph's
    last speaker, the usual way news copy strings quotes together.
    """
    quote = raw[i]
    if i > 0 and done[i - 1].end_paragraph == quote.paragraph and done[i - 1].speaker:
        return done[i - 1].speaker
    for j in range(i + 1, len(raw)):
        if raw[j].paragraph != quote.end_paragraph:
            break
        hit = found[j]
        if hit is not None and hit.kind != "pronoun":
            return names.resolve(hit.raw, hit.kind)
    if i > 0 and quote.start == 0 and done[i - 1].end_paragraph == quote.paragraph - 1:
        return done[i - 1].speaker
    return None
