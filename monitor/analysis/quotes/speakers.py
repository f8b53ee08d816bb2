"""Who said a quotation: the attribution in its own sentence, names expanded from their
first mention, pronouns resolved, and quotes strung together in news style."""

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from monitor.analysis.quotes.marks import Quote
from monitor.analysis.quotes.sentences import (
    INTRODUCING_VERBS,
    SPEECH_WORDS,
    VERBS,
    sentence_at,
    word_set,
)

_UP: Final = "A-ZÀ-ÖØ-Þ"
# A capitalised word; a dot only closes an initial or a short abbreviation ("J.", "Dr.",
# "U.S."), so a name never runs on over a sentence end ("January. Chief Graves").
_CAP: Final = rf"(?:[{_UP}]\.){{2,}}|[{_UP}][a-z]{{0,3}}\.(?!\w)|[{_UP}][\w'-]*"
_NOT_NAME: Final = (
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|It|This|That|According"
    r"|There|Here|When|While|After|Before|If|As|Asked|His|Her|Their|Its|Our|My|Your|He|She"
    r"|They|We|I|You)\b)"
)
_NAME: Final = (
    rf"(?=[{_UP}]){_NOT_NAME}(?:{_CAP})"
    rf"(?:\s+(?:(?:de|da|del|van|von|der|le|la|bin|al|ibn|of)\s+)?(?:{_CAP})){{0,6}}"
)
_PRONOUN: Final = r"\b(?:he|she|they|He|She|They)\b"
_PLURALS: Final = (
    r"\b(?:officials|police|authorities|prosecutors|investigators|witnesses|residents|analysts"
    r"|experts|critics|lawmakers|researchers|scientists|doctors|sources|organi[sz]ers|protesters"
    r"|activists|economists|diplomats|aides|advisers|neighbou?rs|parents|students|officers)\b"
)
# A role named by its holder's organisation counts as a determiner: "Aslef's general secretary".
_PHRASE: Final = (
    rf"\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|one|[{_UP}][\w.&-]*'s)\s+[\w'-]+"
    r"(?:\s+[\w'-]+){0,5}?"
)
# AP style lower-cases a title before a name: "coach Bill Self said", "union leader Mary Jones".
# Articles and prepositions are not titles: "the spokesman for Rishi Sunak" is not Sunak.
# Nor are conjunctions: in "..., but Jones said" Jones speaks the next clause, not this quote.
_TITLE_WORDS: Final = (
    r"(?:(?!(?:the|a|an|for|of|to|with|at|in|on|from|by|but|and|or|nor|yet|so|while|whereas"
    r"|although|though|because|when|after|before|who|which|that|as|if|since|until)\b)[a-z]+\s+)"
    r"{0,3}?"
)
_SPEAKER: Final = rf"(?P<sp>{_TITLE_WORDS}{_NAME}|{_PRONOUN}|{_PLURALS}|{_PHRASE})"
_TITLED_NAME: Final = re.compile(rf"{_TITLE_WORDS}(?P<name>{_NAME})")
_APPOSITIVE: Final = r"(?P<app>\s*,\s*[^,\"]{1,80}?,)?"
_ADVERB: Final = r"(?:\s+\w+ly)?"
_AFTER_VERB_FIRST: Final = re.compile(
    rf"^[\s,;:-]*(?:{VERBS})\s+"
    rf"(?P<sp>{_NAME}'s(?:\s+[a-z][\w-]*){{1,4}}(?=,)|{_TITLE_WORDS}{_NAME}"
    rf"|(?:the|a|an|his|her|their|its)\s+[^,.;:\"]{{1,60}})"
    rf"(?P<app>,\s*{_NAME}(?=\s*[,.;:]|\s*$))?"
)
_AFTER_SPEAKER_FIRST: Final = re.compile(
    rf"^[\s,;:-]*{_SPEAKER}{_APPOSITIVE}{_ADVERB}\s+(?:{VERBS})\b"
)
_BEFORE: Final = re.compile(
    rf"{_SPEAKER}{_APPOSITIVE}{_ADVERB}\s+(?:{VERBS})\b[^\"]{{0,60}}?[:,]?\s*$"
)
_ACCORDING: Final = re.compile(
    rf"\b[Aa]ccording to (?P<sp>{_NAME}|(?:the|a|an)\s+[^,.;:\"]{{1,60}})"
)
_SUBJECT: Final = re.compile(
    rf"\s*(?:(?:But|And|Yet|Still|Meanwhile),?\s+)?(?P<sp>{_NAME})(?:\s*,\s*[^\"]{{1,100}}?,)?"
    rf"\s+(?:\w+ly\s+)?[a-z]+"
)
# "He gave his starkest warning yet: ...", "The president wrote on Twitter: ...", "He
# criticized them, saying ...": a quote after a colon or a participle of saying is the
# subject's (a named subject is found by _SUBJECT).
_SAYING: Final = r"(?::|,?\s+(?:saying|adding|noting|writing|telling\s+\w+|warning)\s*[,:]?)"
_SUBJECT_BEFORE_COLON: Final = re.compile(
    rf"\s*(?P<sp>{_PRONOUN}|The\s+[a-z]+(?=\s))[^\":]{{0,200}}?{_SAYING}\s*$"
)
# "..., and Jones called it "a disgrace"": the subject of the quote's own clause, right before
# its verb, speaks it, whoever spoke an earlier clause of the sentence.
_CLAUSE_SPEAKER: Final = re.compile(
    rf"^.*(?<![\w'-])(?P<sp>{_NAME}|{_PRONOUN}){_ADVERB}\s+"
    rf"(?:{'|'.join((VERBS, *INTRODUCING_VERBS, *SPEECH_WORDS, 'call', 'calls', 'called'))})"
    r"\b[^\".;:]{0,50}$",
    re.S,
)
_VERB_JUST_BEFORE: Final = re.compile(rf"\b(?:{VERBS})\b[\s,:]*$")
_VERB: Final = re.compile(rf"\b(?:{VERBS})\b")
# "... general secretary, Kevin Rourke, said": a name set off by commas before its verb.
_NAME_BEFORE: Final = re.compile(rf"(?P<sp>{_NAME})(?:{_APPOSITIVE}|\s*,){_ADVERB}\s+$")
_NAME_AFTER: Final = re.compile(rf"\s+(?P<sp>{_NAME})")
_PHRASE_CUT: Final = re.compile(
    r"\s+(?:in|on|at|during|after|before|when|who|which|while|as|to|that|last|this)\b.*$"
)
_TITLES: Final = word_set(
    "mr mrs ms miss dr prof professor sir dame lord lady rev reverend chief mayor president vice "
    "prime minister secretary senator sen rep representative gov governor councilman "
    "councilwoman councillor councilor council commissioner judge justice officer detective sgt "
    "sergeant lt lieutenant capt captain gen general col colonel maj major adm admiral coach "
    "superintendent sheriff deputy director chairman chairwoman chair ceo attorney district "
    "assistant speaker leader king queen prince princess pope bishop father rabbi imam dean "
    "principal inspector constable commander ambassador chancellor treasurer spokesman "
    "spokeswoman spokesperson former acting interim state city county federal police fire "
    "health foreign finance defense defence interior home of u.s. us uk u.k. the then "
    "labor labour democratic republican conservative mp"
)
_LEADING_NOISE: Final = word_set(
    "in but and on at so then still yet however meanwhile later earlier also"
)


_WINDOW: Final = 240


@dataclass(frozen=True)
class Found:
    """A speaker phrase found in a sentence, before resolution."""

    raw: str
    kind: str  # "name", "pronoun", "phrase"


def attribution(
    q: Quote, masked: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
) -> Found | None:
    """Who the quote's own sentence says spoke it, before any pronoun is resolved."""
    s_start, _ = sentence_at(spans[q.paragraph], q.start)
    _, s_end = sentence_at(spans[q.end_paragraph], max(q.end - 1, 0))
    # An attribution sits next to its quote; the windows keep run-on text cheap to search.
    before = masked[q.paragraph][max(s_start, q.start - _WINDOW) : q.start]
    after = masked[q.end_paragraph][q.end : min(max(s_end, q.end), q.end + _WINDOW)]
    m = _CLAUSE_SPEAKER.match(before)
    hits: list[Found | None] = [_found(m.group("sp"), None) if m else None]
    m = _AFTER_VERB_FIRST.match(after)
    hits.append(
        _found(m.group("sp"), m.group("app") and m.group("app") + ",", cut=True) if m else None
    )
    for m in (_AFTER_SPEAKER_FIRST.match(after), _BEFORE.search(before)):
        hits.append(_found(m.group("sp"), m.group("app")) if m else None)
    for text in (before, after):
        m = _ACCORDING.search(text)
        hits.append(_found(m.group("sp"), None, cut=True) if m else None)
    if before.strip():
        m = _SUBJECT.match(masked[q.paragraph], s_start)
        if m and m.end() <= q.start:
            hits.append(_found(m.group("sp"), None))
        m = _SUBJECT_BEFORE_COLON.fullmatch(masked[q.paragraph], s_start, q.start)
        hits.append(_found(m.group("sp"), None) if m else None)
    named = [h for h in hits if h is not None]
    # "The minister said: ... she added": a named speaker beats a pronoun in the same sentence.
    return next((h for h in named if h.kind != "pronoun"), named[0] if named else None)


def beside_a_verb(q: Quote, masked: Sequence[str]) -> bool:
    """Whether a verb of saying and its speaker stand right beside the quote ("...," Smith said)."""
    before = masked[q.paragraph][max(0, q.start - _WINDOW) : q.start]
    after = masked[q.end_paragraph][q.end : q.end + _WINDOW]
    attributed_after = _AFTER_VERB_FIRST.match(after) or _AFTER_SPEAKER_FIRST.match(after)
    return bool(attributed_after or _VERB_JUST_BEFORE.search(before))


def _found(raw: str, appositive: str | None, *, cut: bool = False) -> Found | None:
    """Classify a captured speaker; "the health secretary, Wes Streeting," names Streeting."""
    raw = raw.strip()
    if cut:
        raw = _PHRASE_CUT.sub("", raw).strip()
    if raw.lower() in ("he", "she", "they"):
        return Found(raw.lower(), "pronoun")
    first, _, rest = raw.partition(" ")
    if first in ("The", "A", "An", "His", "Her", "Their", "Its") and rest[:1].islower():
        raw = first.lower() + " " + rest
    titled = _TITLED_NAME.fullmatch(raw) if raw[:1].islower() else None
    if titled:
        raw = titled.group("name")  # "coach Bill Self" -> "Bill Self"
    # A role with its holder's name beside it ("the health secretary, Wes Streeting,", "the
    # RMT's leader, Mick Lynch,") names the holder.
    inner = appositive.strip(" ,") if appositive else ""
    role = raw.split()[-1][:1].islower() or raw.endswith("'s")  # "Trump's lawyer, Ty Cobb,"
    if role and inner and re.fullmatch(_NAME, inner):
        return _found(inner, None)
    if raw[:1].islower():
        return Found(raw, "phrase")
    words = raw.rstrip(".").split() if not re.search(r"\b[A-Z]\.$", raw) else raw.split()
    while words and words[0].lower() in _LEADING_NOISE:
        words = words[1:]
    if "of" in words[2:]:  # "Jerrold Nadler of New York" is Jerrold Nadler
        words = words[: words.index("of", 2)]
    if not words or (words[0] in ("The", "A", "An") and len(words) == 1):
        return None
    return Found(" ".join(words), "name")


def name_tokens(name: str) -> list[str]:
    """A name's identifying words: lower case, titles and articles dropped."""
    words = [w.strip(".,").lower() for w in name.split()]
    while words and (words[0] in _TITLES or words[0] in ("a", "an")):
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
    masked: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
) -> list[tuple[int, int, str]]:
    """Named speakers anywhere in the text ("Chief Annette Graves told the council")."""
    out: list[tuple[int, int, str]] = []
    for p, text in enumerate(masked):
        for verb in _VERB.finditer(text):
            m = _NAME_BEFORE.search(text, max(0, verb.start() - 140), verb.start())
            hit = _found(m.group("sp"), m.group("app")) if m else None
            if m is None:
                m = _NAME_AFTER.match(text, verb.end())
                hit = _found(m.group("sp"), None) if m else None
            if m is not None and hit is not None and hit.kind == "name":
                out.append((p, m.start(), hit.raw))
        for start, _ in spans[p]:
            m = _SUBJECT.match(text, start)
            if m and len(name_tokens(m.group("sp"))) >= 2:
                hit = _found(m.group("sp"), None)
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
