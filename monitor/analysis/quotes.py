"""Direct quotations in article text, the sentences around them, and who said them.

News copy marks quotes in several ways at once: curly or straight double quotes (American),
single quotes with double ones nested (British), a quote running over paragraphs with the
opening mark repeated and the closing one left off. Apostrophes (don't, the city's, '90s,
students') use the same characters and must not open or close anything. Everything here works
on a "folded" copy of the text in which typographic marks are replaced one-for-one by ASCII,
so offsets found in the folded copy are valid in the printed text.
"""

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

__all__ = ["Quote", "find_quotes", "fold", "same_speaker", "split_sentences"]

_FOLD: Final[dict[str, str]] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\u2026": ".",
}


_FOLDED: Final = frozenset(_FOLD)


def fold(text: str) -> str:
    """Typographic quotes, dashes and spaces as ASCII, one character for one."""
    # str.translate walks every character through a dict; replacing only the few marks
    # present is several times faster on article-length text.
    for char in _FOLDED.intersection(text):
        text = text.replace(char, _FOLD[char])
    return text


@dataclass(frozen=True)
class Quote:
    """A quotation as printed, where it sits, and who the text says spoke it.

    `explicit` means the speaker is named (not a pronoun, not carried over) in the quote's
    own sentence. `scare` marks a short phrase nobody is said to have spoken: a term or a
    title in quotation marks rather than reported speech.
    """

    text: str
    paragraph: int
    start: int
    end_paragraph: int
    end: int
    speaker: str | None = None
    explicit: bool = False
    scare: bool = False


# --- sentences -------------------------------------------------------------------------

_END: Final = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations after which a capital does not start a new sentence ("Dr. Smith").
_NEVER_END: Final = _word_set(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt maj adm rev hon mt ft st no nos vs v "
    "cmdr supt insp det cpl pvt pres messrs mme mlle rt"
)
# Abbreviations that end a sentence only when a typical opener follows ("in the U.S. The").
_MAY_END: Final = _word_set(
    "inc co corp ltd jr sr etc bros jan feb mar apr jun jul aug sep sept oct nov dec"
)
_STARTERS: Final = _word_set(
    "the a an he she it they we i but and in on at this that these those his her its their our "
    "there when while after before as if some many most officials police"
)
_VERBS: Final = (
    r"said|says|say|told|tells|added|adds|asked|asks|continued|continues|explained|noted|wrote"
    r"|writes|stated|declared|insisted|argued|argues|acknowledged|admitted|warned|warns"
    r"|recalled|replied|responded|remarked|observed|tweeted|posted|testified|claimed|announced"
    r"|cautioned|conceded|complained|countered|suggested|urged|stressed|predicted|promised"
    r"|joked|quipped|shouted|yelled|whispered|concluded|maintained|agreed|alleged|confirmed"
    r"|emphasi[sz]ed|vowed|lamented|recounted|pleaded|boasted|mused|answered|reiterated"
)
_QUESTION_TAIL: Final = re.compile(
    rf"\s+(?:[A-Z][\w.'-]*\s+){{1,4}}(?:{_VERBS})\b|\s+(?:he|she|they|I|we)\s+(?:{_VERBS})\b"
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


# --- quotation marks -------------------------------------------------------------------

_ELISION: Final = re.compile(r"(?:\d\ds?|em|til|tis|twas|cause|cos|bout|n|round)(?![\w])", re.I)
_OPENERS: Final = "\u201c\u201e\u00ab"
_CLOSERS: Final = "\u201d\u00bb"


def _marks(orig: str, folded: str) -> list[tuple[int, str, str]]:
    """Quote-mark candidates as (offset, '"' or "'", role); apostrophes are left out."""
    out: list[tuple[int, str, str]] = []
    pos = -1
    while True:
        pos = _next_mark(folded, pos + 1)
        if pos < 0:
            return out
        mark = folded[pos]
        prev = folded[pos - 1] if pos else " "
        nxt = folded[pos + 1] if pos + 1 < len(folded) else " "
        if mark == '"':
            out.append((pos, mark, _double_role(orig[pos], prev, nxt)))
            continue
        if prev.isalnum() and nxt.isalnum():
            continue
        if nxt.isalnum() and not prev.isalnum() and prev not in ".,!?;:":
            if not _ELISION.match(folded, pos + 1):
                out.append((pos, mark, "open"))
        elif (prev.isalnum() or prev in ".,!?;:") and not nxt.isalnum():
            strong = prev in ".,!?;:" or nxt in ',.;:!?)-"' or pos + 1 == len(folded)
            role = "close" if strong else "close_poss" if prev in "sS" else "close_weak"
            out.append((pos, mark, role))


def _double_role(char: str, prev: str, nxt: str) -> str:
    """A straight double quote after a digit or letter cannot open: 6'2", a stray mark."""
    if char in _OPENERS:
        return "open"
    if char in _CLOSERS:
        return "close"
    return "close" if prev.isalnum() or nxt.isspace() else "either"


def _next_mark(folded: str, start: int) -> int:
    a, b = folded.find('"', start), folded.find("'", start)
    if a < 0 or b < 0:
        return max(a, b)
    return min(a, b)


@dataclass
class _Open:
    """A quotation being read, possibly across paragraphs."""

    mark: str
    paragraph: int
    start: int
    pieces: list[tuple[int, int, int]]
    piece_start: int
    fallback: int = -1


class _Scanner:
    """Pairs quote marks into quotations, carrying an open one over paragraph breaks."""

    def __init__(self, paragraphs: Sequence[str], folded: Sequence[str]) -> None:
        self.paragraphs = paragraphs
        self.folded = folded
        self.quotes: list[Quote] = []
        self.current: _Open | None = None

    def run(self) -> list[Quote]:
        for p, (orig, text) in enumerate(zip(self.paragraphs, self.folded, strict=True)):
            marks = _marks(orig, text)
            if self.current is not None:  # a continuation: the repeated mark starts the piece
                lead = len(text) - len(text.lstrip())
                self.current.piece_start = lead + 1
                marks = [m for m in marks if m[0] != lead]
            for pos, mark, role in marks:
                self.step(p, pos, mark, role)
            self.end_paragraph(p)
        return self.quotes

    def close(self, p: int, pos: int, *, closed: bool = True) -> None:
        assert self.current is not None
        self.quotes.append(_finish(self.current, p, pos, self.paragraphs, closed=closed))
        self.current = None

    def step(self, p: int, pos: int, mark: str, role: str) -> None:
        current = self.current
        if current is None:
            if role in ("open", "either"):
                self.current = _Open(mark, p, pos, [], pos + 1)
            return
        if mark != current.mark:
            return  # a nested quote of the other kind belongs to this one
        if role == "close_poss":
            current.fallback = current.fallback if current.fallback >= 0 else pos
        elif role in ("close", "either", "close_weak"):
            self.close(p, pos)
        elif current.fallback >= 0:  # a new opener: the possessive-looking mark was the end
            self.close(p, current.fallback)
            self.current = _Open(mark, p, pos, [], pos + 1)
        elif mark == '"':  # a curly opener inside a quote: a mistyped closer or a lost one
            self.close(p, pos)
            if self.folded[p][pos + 1 : pos + 2].isalnum():
                self.current = _Open(mark, p, pos, [], pos + 1)

    def end_paragraph(self, p: int) -> None:
        """Close, carry over or drop a quotation still open at the end of paragraph p."""
        current = self.current
        if current is None:
            return
        end = len(self.paragraphs[p])
        if current.fallback >= 0:
            self.close(p, current.fallback)
        elif _continues(self.folded, p + 1, current.mark):
            current.pieces.append((p, current.piece_start, end))
        elif current.mark == '"' and self.paragraphs[current.paragraph][current.start] in _OPENERS:
            self.close(p, end, closed=False)  # a curly opener is a quote even left unclosed
        else:
            self.current = None  # a stray straight mark or apostrophe: not a quotation


def _continues(folded: Sequence[str], p: int, mark: str) -> bool:
    """A paragraph that opens with the same mark continues an unclosed quotation."""
    if p >= len(folded):
        return False
    text = folded[p].lstrip()
    return len(text) > 1 and text[0] == mark and not text[1].isspace()


def _finish(
    current: _Open, p: int, pos: int, paragraphs: Sequence[str], *, closed: bool = True
) -> Quote:
    pieces = [*current.pieces, (p, current.piece_start, pos)]
    text = " ".join(paragraphs[q][s:e].strip() for q, s, e in pieces)
    text = text.strip().rstrip(",").rstrip()
    return Quote(text, current.paragraph, current.start, p, pos + 1 if closed else pos)


# --- speakers --------------------------------------------------------------------------

_UP: Final = "A-ZÀ-ÖØ-Þ"
# A capitalised word; a dot only closes an initial or a short abbreviation ("J.", "Dr.",
# "U.S."), so a name never runs on over a sentence end ("January. Chief Graves").
_CAP: Final = rf"(?:[{_UP}]\.){{2,}}|[{_UP}][a-z]{{0,3}}\.(?!\w)|[{_UP}][\w'-]*"
_NOT_NAME: Final = (
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|It|This|That|According"
    r"|There|Here|When|While|After|Before|If|As|Asked)\b)"
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
_TITLE_WORDS: Final = r"(?:(?!(?:the|a|an|for|of|to|with|at|in|on|from|by)\b)[a-z]+\s+){0,3}?"
_SPEAKER: Final = rf"(?P<sp>{_TITLE_WORDS}{_NAME}|{_PRONOUN}|{_PLURALS}|{_PHRASE})"
_TITLED_NAME: Final = re.compile(rf"{_TITLE_WORDS}(?P<name>{_NAME})")
_APPOSITIVE: Final = r"(?P<app>\s*,\s*[^,\"]{1,80}?,)?"
_ADVERB: Final = r"(?:\s+\w+ly)?"
_AFTER_VERB_FIRST: Final = re.compile(
    rf"^[\s,;:-]*(?:{_VERBS})\s+"
    rf"(?P<sp>{_TITLE_WORDS}{_NAME}|(?:the|a|an|his|her|their|its)\s+[^,.;:\"]{{1,60}})"
    rf"(?P<app>,\s*{_NAME}(?=\s*[,.;:]|\s*$))?"
)
_AFTER_SPEAKER_FIRST: Final = re.compile(
    rf"^[\s,;:-]*{_SPEAKER}{_APPOSITIVE}{_ADVERB}\s+(?:{_VERBS})\b"
)
_BEFORE: Final = re.compile(
    rf"{_SPEAKER}{_APPOSITIVE}{_ADVERB}\s+(?:{_VERBS})\b[^\"]{{0,60}}?[:,]?\s*$"
)
_ACCORDING: Final = re.compile(
    rf"\b[Aa]ccording to (?P<sp>{_NAME}|(?:the|a|an)\s+[^,.;:\"]{{1,60}})"
)
_SUBJECT: Final = re.compile(
    rf"\s*(?:(?:But|And|Yet|Still|Meanwhile),?\s+)?(?P<sp>{_NAME})(?:\s*,\s*[^\"]{{1,100}}?,)?"
    rf"\s+(?:\w+ly\s+)?[a-z]+"
)
_VERB: Final = re.compile(rf"\b(?:{_VERBS})\b")
# "... general secretary, Kevin Rourke, said": a name set off by commas before its verb.
_NAME_BEFORE: Final = re.compile(rf"(?P<sp>{_NAME})(?:{_APPOSITIVE}|\s*,){_ADVERB}\s+$")
_NAME_AFTER: Final = re.compile(rf"\s+(?P<sp>{_NAME})")
_PHRASE_CUT: Final = re.compile(
    r"\s+(?:in|on|at|during|after|before|when|who|which|while|as|to|that|last|this)\b.*$"
)
_TITLES: Final = _word_set(
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
_LEADING_NOISE: Final = _word_set(
    "in but and on at so then still yet however meanwhile later earlier also"
)


_WINDOW: Final = 240


@dataclass(frozen=True)
class _Found:
    """A speaker phrase found in a sentence, before resolution."""

    raw: str
    kind: str  # "name", "pronoun", "phrase"


def find_quotes(
    paragraphs: Sequence[str], sentences: Sequence[Sequence[tuple[int, int]]] | None = None
) -> list[Quote]:
    """Every quotation in the paragraphs, in reading order, with its resolved speaker.

    `sentences` are the spans from `split_sentences` per paragraph, when already computed.
    """
    folded = [fold(p) for p in paragraphs]
    spans = sentences if sentences is not None else [split_sentences(p) for p in paragraphs]
    raw = _Scanner(paragraphs, folded).run()
    if not raw:
        return []
    masked = _mask_quotes(folded, raw)
    mentions = _mentions(masked, spans)
    names = _Registry(mentions)
    found = [_attribution(q, masked, spans) for q in raw]
    out: list[Quote] = []
    for i, (quote, hit) in enumerate(zip(raw, found, strict=True)):
        speaker, explicit = None, False
        if hit is not None and hit.kind == "pronoun":
            speaker = names.last_before(quote.paragraph, quote.start, hit.raw)
        elif hit is not None:
            speaker, explicit = names.resolve(hit.raw, hit.kind), True
        if speaker is None:
            speaker = _inherited(i, raw, found, out, names)
        scare = hit is None and _looks_like_a_term(quote) and not _whole_sentence(quote, spans)
        out.append(
            Quote(
                quote.text,
                quote.paragraph,
                quote.start,
                quote.end_paragraph,
                quote.end,
                None if scare else speaker,
                explicit,
                scare,
            )
        )
    return out


def _looks_like_a_term(q: Quote) -> bool:
    """A few words without a sentence's closing punctuation: "deal", "The Godfather"."""
    return len(q.text.split()) <= 4 and not fold(q.text).rstrip("'\"").endswith((".", "!", "?"))


def _whole_sentence(q: Quote, spans: Sequence[Sequence[tuple[int, int]]]) -> bool:
    """A quote that makes up its own sentence is speech, however short ("Never.")."""
    return _sentence_at(spans[q.paragraph], q.start)[0] == q.start


def _mask_quotes(folded: Sequence[str], quotes: Sequence[Quote]) -> list[str]:
    """The folded paragraphs with quoted words blanked, so names inside quotes are not speakers."""
    chars = [list(p) for p in folded]
    for q in quotes:
        for p in range(q.paragraph, q.end_paragraph + 1):
            start = q.start + 1 if p == q.paragraph else 0
            end = q.end - 1 if p == q.end_paragraph else len(chars[p])
            chars[p][start:end] = " " * max(0, end - start)
    return ["".join(c) for c in chars]


def _sentence_at(spans: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    starts = [s for s, _ in spans]
    i = max(0, bisect.bisect_right(starts, pos) - 1)
    return spans[i] if spans else (0, pos)


def _attribution(
    q: Quote, masked: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
) -> _Found | None:
    """Who the quote's own sentence says spoke it, before any pronoun is resolved."""
    s_start, _ = _sentence_at(spans[q.paragraph], q.start)
    _, s_end = _sentence_at(spans[q.end_paragraph], max(q.end - 1, 0))
    # An attribution sits next to its quote; the windows keep run-on text cheap to search.
    before = masked[q.paragraph][max(s_start, q.start - _WINDOW) : q.start]
    after = masked[q.end_paragraph][q.end : min(max(s_end, q.end), q.end + _WINDOW)]
    hits: list[_Found | None] = []
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
    named = [h for h in hits if h is not None]
    # "The minister said: ... she added": a named speaker beats a pronoun in the same sentence.
    return next((h for h in named if h.kind != "pronoun"), named[0] if named else None)


def _found(raw: str, appositive: str | None, *, cut: bool = False) -> _Found | None:
    """Classify a captured speaker; "the health secretary, Wes Streeting," names Streeting."""
    raw = raw.strip()
    if cut:
        raw = _PHRASE_CUT.sub("", raw).strip()
    if raw.lower() in ("he", "she", "they"):
        return _Found(raw.lower(), "pronoun")
    first, _, rest = raw.partition(" ")
    if first in ("The", "A", "An", "His", "Her", "Their", "Its") and rest[:1].islower():
        raw = first.lower() + " " + rest
    titled = _TITLED_NAME.fullmatch(raw) if raw[:1].islower() else None
    if titled:
        raw = titled.group("name")  # "coach Bill Self" -> "Bill Self"
    # A role with its holder's name beside it ("the health secretary, Wes Streeting,", "the
    # RMT's leader, Mick Lynch,") names the holder.
    inner = appositive.strip(" ,") if appositive else ""
    if raw.split()[-1][:1].islower() and inner and re.fullmatch(_NAME, inner):
        return _found(inner, None)
    if raw[:1].islower():
        return _Found(raw, "phrase")
    words = raw.rstrip(".").split() if not re.search(r"\b[A-Z]\.$", raw) else raw.split()
    while words and words[0].lower() in _LEADING_NOISE:
        words = words[1:]
    if not words or (words[0] in ("The", "A", "An") and len(words) == 1):
        return None
    return _Found(" ".join(words), "name")


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


class _Registry:
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


def _mentions(
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


def _inherited(
    i: int,
    raw: Sequence[Quote],
    found: Sequence[_Found | None],
    done: Sequence[Quote],
    names: _Registry,
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
