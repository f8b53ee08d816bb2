"""Synthetic articles for benchmarks: many plausible ~1,200-word stories from a seed.

The words are nonsense strung together, but the shape is a news article's: a headline, a
byline, paragraphs with quotes, attributions and figures. That shape is what extraction,
diffing and flagging spend their time on.
"""

import random
import re
from datetime import UTC, datetime, timedelta

from monitor.newsroom.stories import Revision, Story

_WORDS = (
    "council", "residents", "plan", "budget", "city", "officials", "report", "week", "year",
    "board", "members", "vote", "project", "cost", "state", "county", "district", "school",
    "health", "service", "public", "new", "said", "would", "could", "after", "before", "their",
    "which", "about", "under", "against", "during", "million", "percent", "street", "bridge",
    "hospital", "water", "housing", "transit", "police", "court", "judge", "mayor", "staff",
    "meeting", "hearing", "proposal", "contract", "funding", "grant", "tax", "rate", "fees",
    "families", "workers", "owners", "drivers", "students", "parents", "patients", "voters",
    "the", "the", "the", "a", "a", "of", "of", "to", "to", "in", "in", "and", "and", "for",
    "on", "with", "by", "at", "from", "that", "this", "was", "were", "has", "had", "is", "are",
    "will", "not", "more", "than", "most", "some", "many", "last", "next", "first", "second",
    "local", "regional", "federal", "annual", "early", "late", "major", "small", "large",
    "approved", "delayed", "cut", "raised", "expanded", "reviewed", "questioned", "promised",
    "expected", "announced", "warned", "agreed", "rejected", "planned", "opened", "closed",
)  # fmt: skip
_FIRST = (
    "Ana", "Ben", "Chloe", "Darius", "Elena", "Farid", "Grace", "Hugo", "Imani", "Jonas",
    "Keiko", "Liam", "Maya", "Nikhil", "Olga", "Pedro", "Quinn", "Rosa", "Samir", "Tess",
)  # fmt: skip
_LAST = (
    "Abbott", "Brennan", "Castillo", "Dube", "Eriksen", "Fontaine", "Gupta", "Hale",
    "Ibarra", "Jensen", "Kowalski", "Lindqvist", "Mensah", "Novak", "Okafor", "Petrov",
)  # fmt: skip
_ROLES = (
    "a council member", "the finance director", "a spokesperson for the county",
    "the board chair", "a local business owner", "a parent of two", "the union president",
)  # fmt: skip
_SECTIONS = ("City Hall", "Health", "Transport", "Schools", "Business", "Courts")
_NUMBER = re.compile(r"\d[\d,.]*")
_TARGET_WORDS = 1200


def bench_stories(n: int, *, seed: int = 0) -> list[Story]:
    """`n` distinct single-revision stories, the same for the same seed."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    stories = []
    for i in range(n):
        published = start + timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        first = Revision(
            headline=_sentence(rng, 7, 12, end=""),
            authors=tuple(_name(rng) for _ in range(rng.choice((1, 1, 1, 2)))),
            paragraphs=tuple(_paragraphs(rng)),
            modified=published,
        )
        stories.append(Story(f"story-{i:05d}", rng.choice(_SECTIONS), published, (first,)))
    return stories


def synthetic_edit(revision: Revision, rng: random.Random) -> Revision:
    """A later revision with one paragraph edited: a figure changed, or a sentence added."""
    paragraphs = list(revision.paragraphs)
    index = rng.randrange(len(paragraphs))
    text = paragraphs[index]
    numbers = list(_NUMBER.finditer(text))
    if numbers:
        match = rng.choice(numbers)
        digits = match.group().rstrip(".,")
        bumped = f"{int(digits.replace(',', '').split('.')[0]) + rng.randint(1, 40):,}"
        text = text[: match.start()] + bumped + text[match.start() + len(digits) :]
        note = "figure changed"
    else:
        text = f"{text} {_sentence(rng, 10, 20)}"
        note = "sentence added"
    paragraphs[index] = text
    return Revision(
        headline=revision.headline,
        authors=revision.authors,
        paragraphs=tuple(paragraphs),
        modified=revision.modified + timedelta(minutes=rng.randint(5, 240)),
        note=note,
    )


def _paragraphs(rng: random.Random) -> list[str]:
    paragraphs: list[str] = []
    words = 0
    while words < _TARGET_WORDS:
        if paragraphs and rng.random() < 0.3:
            quote = _sentence(rng, 10, 22, end=",")
            text = f"\u201c{quote}\u201d said {_name(rng)}, {rng.choice(_ROLES)}."
        else:
            text = " ".join(_sentence(rng, 12, 26) for _ in range(rng.randint(2, 3)))
        paragraphs.append(text)
        words += len(text.split())
    return paragraphs


def _sentence(rng: random.Random, shortest: int, longest: int, end: str = ".") -> str:
    words = rng.choices(_WORDS, k=rng.randint(shortest, longest))
    if rng.random() < 0.35:
        words.insert(rng.randrange(1, len(words)), _figure(rng))
    return " ".join(words).capitalize() + end


def _figure(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f"${rng.randint(2, 400)}.{rng.randint(1, 9)} million"
    if kind == 1:
        return f"{rng.randint(2, 95)} percent"
    if kind == 2:
        return f"{rng.randint(1_000, 90_000):,}"
    return str(rng.randint(2, 60))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
