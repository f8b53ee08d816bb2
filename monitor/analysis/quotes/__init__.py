"""Direct quotations in article text, the sentences around them, and who said them.

Three steps, one module each: quotation marks paired into quotations on a folded copy of the
text (`marks`), sentences cut (`sentences`), and speakers found (`speakers`).
"""

import re
from collections.abc import Sequence
from typing import Final

from monitor.analysis.quotes.kinds import (
    introduced,
    is_title,
    looks_like_a_term,
    said_in_sentence,
    whole_sentence,
)
from monitor.analysis.quotes.marks import Quote, Scanner, fold
from monitor.analysis.quotes.sentences import split_sentences
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
        name = is_title(quote, masked, spans)
        scare = name or (
            looks_like_a_term(quote)
            and not whole_sentence(quote, spans)
            and not introduced(quote, masked, spans)
            and (hit is None or not said_in_sentence(quote, masked, spans))
        )
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
                name,
            )
        )
    return out


# A party and state tag after a name, "(D-N.Y.)", "(R-Texas)", stands between name and verb.
_PARTY_TAG: Final = re.compile(r"\s\([A-Z][\w.]{0,4}\s*-\s*[A-Z][\w.]{0,14}\)")


def _mask_quotes(folded: Sequence[str], quotes: Sequence[Quote]) -> list[str]:
    """The folded paragraphs with quoted words and party tags blanked, so names inside quotes
    are not speakers and a tagged name still meets its verb."""
    chars = [list(_PARTY_TAG.sub(lambda m: " " * len(m.group()), p)) for p in folded]
    for q in quotes:
        for p in range(q.paragraph, q.end_paragraph + 1):
            start = q.start + 1 if p == q.paragraph else 0
            end = q.end - 1 if p == q.end_paragraph else len(chars[p])
            chars[p][start:end] = " " * max(0, end - start)
    return ["".join(c) for c in chars]
