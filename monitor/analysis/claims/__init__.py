"""What changed in the claims of an article: quotes, attributions, figures, notices.

A word diff tells a reader that text moved; this package says which of the changes matter to
someone checking a story: a quote reworded or reattributed, a number revised, a correction
appended. Sentences are aligned first (exact matches after typography normalisation, then the
most similar leftovers), so a moved paragraph is a move and an unchanged sentence is silent.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from monitor.analysis.claims.alignment import WORD, Alignment, Doc, Sentence, Versions, plain_text
from monitor.analysis.claims.corrections import find_notices, flag_corrections, in_notice
from monitor.analysis.claims.figure_pairing import flag_figures, sentence_figures, tracked
from monitor.analysis.claims.flags import Flag, Keyed
from monitor.analysis.claims.quote_pairing import flag_quotes
from monitor.analysis.figures import Figure
from monitor.analysis.kinds import FLAG_KINDS, FlagKind
from monitor.analysis.languages import Language, language_of
from monitor.analysis.quotes import Quote, split_sentences
from monitor.analysis.text import normalize
from monitor.article import Article

__all__ = ["FLAG_KINDS", "Claims", "FigureAt", "Flag", "FlagKind", "claims_of", "compare_articles"]


def compare_articles(old: Article, new: Article) -> list[Flag]:
    """Flags in reading order of the new version (removed items at their old position)."""
    out: list[Keyed] = list(_headline_flags(old, new))
    if [normalize(p) for p in old.paragraphs] != [normalize(p) for p in new.paragraphs]:
        memo: dict[str, str] = {}  # most sentences are shared by both versions
        # Both versions are read by one language's rules; a version stored before languages
        # were recorded has none and takes the other's.
        language = language_of(new.language or old.language)
        a, b = _doc(old, memo, language), _doc(new, memo, language)
        if a.sentences and b.sentences:
            v = Versions(a, b, Alignment(a, b))
            quote_flags, quiet_spans = flag_quotes(v)
            out += quote_flags
            out += flag_figures(v, quiet_spans)
        out += flag_corrections(a, b)
    out.sort(key=lambda item: item[0])
    return [flag for _, flag in out]


@dataclass(frozen=True)
class FigureAt:
    """A figure with the sentence it sits in; `notable` figures are
    tracked from their first sighting, others only once a flag names them."""

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
    doc = _doc(article, {}, language_of(article.language))
    quotes = tuple(q for q in doc.quotes if not in_notice(doc, q))
    figures = tuple(
        FigureAt(f, s.paragraph, s.start + f.start, s.text, notable=tracked(f))
        for s in doc.sentences
        for f in sentence_figures(doc, s)
    )
    return Claims(quotes, figures)


def _headline_flags(old: Article, new: Article) -> Iterable[Keyed]:
    """Headline and byline changes, first in reading order; case and typography are not changes."""
    if plain_text(old.headline) != plain_text(new.headline):
        yield (-2.0, 0, 0), _whole("title_changed", old.headline, new.headline)
    if _byline(old.byline) != _byline(new.byline):
        yield (-1.0, 0, 0), _whole("byline_changed", old.byline, new.byline)


def _whole(kind: FlagKind, before: str, after: str) -> Flag:
    return Flag(kind, before or None, after or None, None, None, None, None)


def _byline(text: str) -> frozenset[str]:
    """The names in a byline: "By A, B and C" and "by A, B, and C" credit the same people."""
    return frozenset(WORD.findall(plain_text(text))) - {"by", "and"}


def _doc(article: Article, memo: dict[str, str], language: Language) -> Doc:
    """Cut a version into sentences; `memo` shares normalisation between the two versions."""
    sentences: list[Sentence] = []
    spans: list[list[tuple[int, int]]] = []
    for p, text in enumerate(article.paragraphs):
        cuts = split_sentences(text, language)
        spans.append(cuts)
        for start, end in cuts:
            piece = text[start:end]
            norm = memo.get(piece)
            if norm is None:
                norm = memo[piece] = normalize(piece)
            sentences.append(Sentence(len(sentences), p, start, end, piece, norm))
    doc = Doc(article, sentences, spans, language)
    find_notices(doc)
    return doc
