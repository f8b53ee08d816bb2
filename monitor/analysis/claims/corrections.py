"""Correction, clarification and update notices: which sentences they take, and which are new."""

from collections import defaultdict
from typing import Final

from monitor.analysis.claims.alignment import (
    SIMILAR,
    Doc,
    Sentence,
    plain_text,
    similarity,
    words_of,
)
from monitor.analysis.claims.flags import Flag, Keyed
from monitor.analysis.notices import is_notice_sentence, notice_paragraph
from monitor.analysis.quotes import Quote, split_sentences
from monitor.analysis.text import normalize


def find_notices(doc: Doc) -> None:
    """Mark notice sentences; a notice opening a paragraph takes the whole paragraph, and
    notice paragraphs in a row are one notice."""
    by_paragraph: dict[int, list[Sentence]] = defaultdict(list)
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


def in_notice(doc: Doc, q: Quote) -> bool:
    return doc.sentence_at(q.paragraph, q.start).index in doc.notice


# Notice sentences share their boilerplate ("An earlier version of this article misstated
# ..."), so a sentence only counts as one an old notice already said when nearly all agree.
_SAME_NOTICE_SENTENCE: Final = 0.7


def flag_corrections(a: Doc, b: Doc) -> list[Keyed]:
    """Correction, clarification and update notices that the old version did not carry.

    Old and new notices are paired, identical ones first, then the most similar. A new
    notice without a partner is added; a partner that was edited (a typo fixed, a date
    reworded) is the same notice unless it gained a sentence the old one did not say.
    """
    old = {i: plain_text(t) for i, t in a.notice_text.items()}
    new = {k: plain_text(t) for k, t in b.notice_text.items()}
    partner: dict[int, int] = {}
    for k, text in new.items():
        i = next((i for i, t in old.items() if t == text and i not in partner.values()), None)
        if i is not None:
            partner[k] = i
    scored = sorted(
        (
            (similarity(words_of(old[i]), words_of(new[k])), k, i)
            for k in new
            if k not in partner
            for i in old
            if i not in partner.values()
        ),
        reverse=True,
    )
    for score, k, i in scored:
        if score >= SIMILAR and k not in partner and i not in partner.values():
            partner[k] = i
    out: list[Keyed] = []
    for index, text in b.notice_text.items():
        if index in partner and not _adds_a_sentence(a.notice_text[partner[index]], text):
            continue
        s = b.sentences[index]
        flag = Flag("correction_added", None, text, None, s.text, None, s.paragraph)
        out.append(((float(index), -1, 0), flag))
    return out


def _adds_a_sentence(old: str, new: str) -> bool:
    """Whether an edited notice says something its old version did not."""
    before = [words_of(normalize(old[i:j])) for i, j in split_sentences(old)]
    return any(
        all(
            similarity(words_of(normalize(new[i:j])), words) < _SAME_NOTICE_SENTENCE
            for words in before
        )
        for i, j in split_sentences(new)
    )
