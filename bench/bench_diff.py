"""How long diffing one article takes: a typical update and the worst cases.

Run: .venv/bin/python bench/bench_diff.py
Prints the median over many runs, in milliseconds, for a 1,500-word article.
"""

import random
import statistics
import time
from collections.abc import Callable
from functools import partial

from monitor.analysis.diffing import diff_articles
from monitor.article import Article

# Common words recur everywhere, as in real text; the rest come from a large pool of made-up
# content words, so two unrelated paragraphs share about as much as two real ones do.
COMMON = [
    *("the", "of", "and", "to", "a", "in", "that", "said", "is", "was", "for", "on", "it"),
    *("with", "as", "by", "at", "from", "be", "has", "have", "this", "are", "not", "but", "had"),
    *("they", "which", "an", "were", "their", "been", "would", "will", "more", "its", "who"),
]
SYLLABLES = [
    *("ba", "ce", "di", "fo", "gu", "ka", "le", "mi", "no", "pu", "ra", "se", "ti", "vo", "zu"),
    *("bri", "cla", "dre", "fli", "gro"),
]
CONTENT = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "n", "st", "r")})
PARAGRAPHS = 25
WORDS_PER_PARAGRAPH = 60
RUNS = 200


def sentence(rng: random.Random, length: int) -> str:
    words = [
        rng.choice(COMMON) if rng.random() < 0.45 else rng.choice(CONTENT) for _ in range(length)
    ]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, 15) for _ in range(WORDS_PER_PARAGRAPH // 15))


def base_article(rng: random.Random) -> Article:
    body = tuple(paragraph(rng) for _ in range(PARAGRAPHS))
    return Article("Council votes to close library", "By Sam Reed", body)


def several_edits(old: Article, rng: random.Random) -> Article:
    """What a real update looks like: a figure, a reworded quote, a paragraph in, one out, one
    moved, and spaces restyled as non-breaking."""
    body = list(old.paragraphs)
    body[2] = body[2].replace("the", "a", 1) + " The figure was 4,000."
    body[5] = body[5][: len(body[5]) // 2] + " \u201cWe had no choice,\u201d the mayor said."
    body[9] = body[9].replace(" ", "\u00a0", 3)
    body.insert(12, paragraph(rng))
    del body[16]
    body.insert(20, body.pop(3))
    return Article("Council votes to shut library", old.byline, tuple(body))


def every_paragraph_reworded(old: Article, rng: random.Random) -> Article:
    """Every paragraph edited throughout (a third of its words replaced): each is word-diffed."""
    body = []
    for text in old.paragraphs:
        words = text.split()
        for k in range(0, len(words), 3):
            words[k] = rng.choice(CONTENT)
        body.append(" ".join(words))
    return Article(old.headline, old.byline, tuple(body))


def every_paragraph_replaced(old: Article, rng: random.Random) -> Article:
    """A new story at the same address: nothing pairs up."""
    return Article(
        "Something else entirely", old.byline, tuple(paragraph(rng) for _ in old.paragraphs)
    )


def median_ms(run: Callable[[], object]) -> float:
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    rng = random.Random(7)
    old = base_article(rng)
    size = f"{old.word_count} words in {len(old.paragraphs)} paragraphs"
    print(f"article: {size}; median of {RUNS} runs")
    for name, make in (
        ("several edits", several_edits),
        ("every paragraph reworded", every_paragraph_reworded),
        ("every paragraph replaced", every_paragraph_replaced),
    ):
        new = make(old, rng)
        diff = diff_articles(old, new)
        ops = sorted({p.op for p in diff.paragraphs})
        ms = median_ms(partial(diff_articles, old, new))
        print(f"{name:>26}: {ms:7.2f} ms  (ops: {', '.join(ops)}; rewrite={diff.rewrite})")


if __name__ == "__main__":
    main()
