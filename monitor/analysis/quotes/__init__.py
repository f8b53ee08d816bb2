"""Direct quotations in article text, the sentences around them, and who said them.

Three steps, one module each: quotation marks paired into quotations on a folded copy of the
text (`marks`), sentences cut (`sentences`), and speakers found (`speakers`).
"""

from collections.abc import Sequence

from monitor.analysis.quotes.marks import Quote, Scanner, fold
from monitor.analysis.quotes.sentences import sentence_at, split_sentences
from monitor.analysis.quotes.speakers import (
    Registry,
    attribution,
    inherited,
    mentions,
    name_tokens,
    same_speaker,
)

__all__ = ["Quote", "find_quotes", "fold", "name_tokens", "same_speaker", "split_sentences"]


def find_quotes(
    paragraphs: Sequence[str], sentences: Sequence[Sequence[tuple[int, int]]] | None = None
) -> list[Quote]:
    """Every quotation in the paragraphs, in reading order, with its resolved speaker.

    `sentences` are the spans from `split_sentences` per paragraph, when already computed.
    """
    folded = [fold(p) for p in paragraphs]
    spans = sentences if sentences is not None else [split_sentences(p) for p in paragraphs]
    raw = Scanner(paragraphs, folded).run()
    if not raw:
        return []
    masked = _mask_quotes(folded, raw)
    names = Registry(mentions(masked, spans))
    found = [attribution(q, masked, spans) for q in raw]
    out: list[Quote] = []
    for i, (quote, hit) in enumerate(zip(raw, found, strict=True)):
        speaker, explicit = None, False
        if hit is not None and hit.kind == "pronoun":
            speaker = names.last_before(quote.paragraph, quote.start, hit.raw)
        elif hit is not None:
            speaker, explicit = names.resolve(hit.raw, hit.kind), True
        if speaker is None:
            speaker = inherited(i, raw, found, out, names)
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
    return sentence_at(spans[q.paragraph], q.start)[0] == q.start


def _mask_quotes(folded: Sequence[str], quotes: Sequence[Quote]) -> list[str]:
    """The folded paragraphs with quoted words blanked, so names inside quotes are not speakers."""
    chars = [list(p) for p in folded]
    for q in quotes:
        for p in range(q.paragraph, q.end_paragraph + 1):
            start = q.start + 1 if p == q.paragraph else 0
            end = q.end - 1 if p == q.end_paragraph else len(chars[p])
            chars[p][start:end] = " " * max(0, end - start)
    return ["".join(c) for c in chars]
