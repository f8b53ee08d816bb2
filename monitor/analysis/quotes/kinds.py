"""Speech, term or title: what a pair of quotation marks holds.

A reader checking a story needs reported speech, however short (`called it "procedurally
defective"`, `apologized for a "major breach of trust"`), and not the marks round a term
("the so-called "deal"") or the title of a work ("Hello, Dolly!", "Good Morning America"),
which nobody is said to have spoken.
"""

import re
from collections.abc import Sequence
from typing import Final

from monitor.analysis.quotes.marks import Quote, fold
from monitor.analysis.quotes.sentences import INTRODUCING_VERBS, SPEECH_WORDS, VERBS, sentence_at
from monitor.analysis.quotes.speakers import beside_a_verb

# Words that put a name or a term, not speech, in the quotation marks that follow.
TERM_MARKERS: Final = (
    "so-called", "known as", "dubbed", "nicknamed", "titled", "entitled", "named", "the word",
    "the term", "the phrase", "the slogan", "the hashtag", "the motto", "marked",
)  # fmt: skip
# Nouns for works whose titles are printed in quotation marks.
WORK_NOUNS: Final = (
    "film", "films", "movie", "movies", "book", "books", "novel", "novels", "memoir", "show",
    "shows", "series", "sitcom", "song", "songs", "single", "album", "albums", "play", "plays",
    "musical", "musicals", "program", "programme", "documentary", "episode", "opera", "poem",
    "column", "podcast", "painting", "hit", "ballad", "anthem", "broadway",
)  # fmt: skip
# Words a title leaves in lower case ("Gone with the Wind").
TITLE_SMALL_WORDS: Final = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "nor",
        "for",
        "of",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "from",
        "as",
        "is",
        "vs",
    ]
)

_VERB_ALTERNATION: Final = "|".join((VERBS, *INTRODUCING_VERBS, *SPEECH_WORDS))
_INTRODUCED: Final = re.compile(
    rf"(?:\b(?:{_VERB_ALTERNATION})\b[^.;:!?\"]{{0,50}}?"
    r"|\bcall(?:s|ed|ing)?\s+(?:it|them|him|her|this|that|(?:the|his|her|their|its)\s+[\w-]+"
    r"(?:\s+[\w-]+)?)\s+(?:a\s+|an\s+)?)$"
)
_MARKED_AS_TERM: Final = re.compile(
    rf"\b(?:{'|'.join(re.escape(m) for m in TERM_MARKERS)})\s*(?:the\s+|a\s+|an\s+)?$", re.I
)
_AFTER_A_WORK: Final = re.compile(
    rf"\b(?:{'|'.join(WORK_NOUNS)})(?:\s*,)?\s*$|\b(?:starred|starring|appeared|appearing)"
    r"\s+(?:in|on)\s+(?:the\s+)?$",
    re.I,
)
_WORD: Final = re.compile(r"[^\W\d_][\w'-]*")
_LOOKBACK: Final = 120


def looks_like_a_term(q: Quote) -> bool:
    """A few words without a sentence's closing punctuation: "deal", "The Godfather"."""
    return len(q.text.split()) <= 4 and not fold(q.text).rstrip("'\"").endswith((".", "!", "?"))


def whole_sentence(q: Quote, spans: Sequence[Sequence[tuple[int, int]]]) -> bool:
    """A quote that makes up its own sentence is speech, however short ("Never.")."""
    return sentence_at(spans[q.paragraph], q.start)[0] == q.start


def _before(q: Quote, masked: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> str:
    start, _ = sentence_at(spans[q.paragraph], q.start)
    return masked[q.paragraph][max(start, q.start - _LOOKBACK) : q.start]


def introduced(q: Quote, masked: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> bool:
    """A short quote put in someone's mouth by a verb of saying earlier in its clause."""
    before = _before(q, masked, spans)
    return _MARKED_AS_TERM.search(before) is None and _INTRODUCED.search(before) is not None


_ANY_VERB: Final = re.compile(rf"\b(?:{_VERB_ALTERNATION})\b|\b[Aa]ccording to\b")


def said_in_sentence(
    q: Quote, masked: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
) -> bool:
    """Whether the quote's sentence says anyone said anything: without a verb of saying,
    "Republicans want to repeal "Obamacare"" puts a term, not words, in quotation marks."""
    start, _ = sentence_at(spans[q.paragraph], q.start)
    _, end = sentence_at(spans[q.end_paragraph], max(q.end - 1, 0))
    if q.paragraph != q.end_paragraph:
        return True  # a quotation over paragraphs is speech
    return _ANY_VERB.search(masked[q.paragraph], start, max(end, q.end)) is not None


def is_title(q: Quote, masked: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> bool:
    """The title of a work: named as one ("the film "Jaws""), or a few words in title case
    that no verb of saying touches ("Hello, Dolly!", "Gentlemen Prefer Blondes")."""
    before = _before(q, masked, spans)
    if _AFTER_A_WORK.search(before) or _MARKED_AS_TERM.search(before):
        return True
    words = _WORD.findall(q.text)
    if not 2 <= len(words) <= 8 or whole_sentence(q, spans) or beside_a_verb(q, masked):
        return False
    big = [w for w in words[1:] if w.lower() not in TITLE_SMALL_WORDS]
    return words[0][0].isupper() and bool(big) and all(w[0].isupper() for w in big)
