"""Revisions with several edits at once: every quote edit and every number edit is flagged.

A generator of our own takes a wire-style story written for this test and makes many
revisions of it, each with one sentence reworded, one word inside a quotation swapped or
dropped, and one number changed, often in the same paragraph. A reader needs each quote and
number edit pointed out however many other edits share the paragraph; at most 1 % may be
missed. And no flag, on any of them, may have empty before and after.
"""

import random
import re
from dataclasses import dataclass

from monitor.analysis.claims import Flag, compare_articles
from monitor.analysis.quotes import split_sentences
from monitor.article import Article

STORY = (
    "HARTWELL, Ohio (AP) — A freight train carrying 38 tank cars derailed near this river "
    "town early Tuesday, forcing about 1,200 residents from their homes and closing 14 miles "
    "of the state highway that runs beside the tracks, officials said.",
    "No one was killed, but 7 people were taken to hospitals with breathing problems, "
    "Fire Chief Dolores Amsel said at a news conference. “We were lucky, and I mean very "
    "lucky, that the cars that broke open were carrying corn syrup and not the chlorine,” "
    "Ms. Amsel said. “Another 300 yards and we would be having a different conversation.”",
    "The railroad, Great Lakes Central, said 11 of the cars left the rails and 3 of them "
    "leaked. A company spokesman, Tom Reyes, said crews had been working through the night. "
    "“We are going to stay here until every car is gone and every neighbor is back home,” "
    "Mr. Reyes said.",
    "Gov. Ellen Marsh toured the site on Tuesday afternoon and called the response “fast and "
    "professional.” She said the state would ask the railroad to pay for all 62 families now "
    "staying in motels.",
    "“I hear that they are upset about not having a seat at the table, and they should be,” "
    "Ms. Marsh told reporters. “When you do negotiations with a railroad, you bring the town "
    "with you.”",
    "Residents gathered at the Hartwell Middle School gym, where the Red Cross set up 140 cots. "
    "Ruth Delaney, 71, said she had lived on Canal Street for 46 years. “I have never seen the "
    "sky that color,” she said. “My grandson counted 25 fire trucks going by.”",
    "Federal investigators were expected to arrive by Wednesday. The National Transportation "
    "Safety Board said a team of 9 would examine the track, a signal box and the train’s data "
    "recorder, which the company said had been recovered.",
    "The line carries about 40 trains a day, according to the Federal Railroad Administration. "
    "It was last inspected 19 days before the derailment, the agency said, and no defects "
    "were found.",
    "Town Administrator Karl Voss said the evacuation order would likely last 72 hours. “We "
    "will not let anyone back until the air readings are clean for a full day,” Mr. Voss said.",
    "The derailment was the 4th on the line since 2015, when 22 cars left the rails about 8 "
    "miles east of town. That crash spilled 71,000 gallons of diesel fuel into Mill Creek.",
    "State Sen. Harold Kim, whose district includes Hartwell, said he would hold a hearing "
    "within 30 days. “People here have been asking for better inspections for years, and "
    "nobody listened,” Mr. Kim said.",
)

# Openers a rewrite puts before a sentence; with "said." -> "added." at its end, the sentence
# reads differently while its quotes and numbers stay as they were.
OPENERS = ("Meanwhile, ", "On Tuesday, ", "Separately, ", "By late afternoon, ", "As of now, ")
SWAPS = ("never", "always", "really", "truly", "now", "still", "often", "even")
QUOTE: re.Pattern[str] = re.compile(r"“([^”]+)”")
WORD = re.compile(r"[A-Za-z’']+")
NUMBER = re.compile(r"(?<![\w,.])\d{1,3}(?:,\d{3})*(?![\w,]*\d)")


@dataclass(frozen=True)
class Revision:
    """A revised story and the quote and number edits it must be flagged for."""

    paragraphs: tuple[str, ...]
    old_quote: str
    new_quote: str
    old_number: str
    new_number: str


def _edit_quote(text: str, rng: random.Random) -> tuple[str, str, str, int]:
    """Swap or drop one word inside one quotation: (text, old quote, new quote, paragraph)."""
    paragraphs = text.split("\n")
    p, m = rng.choice([(p, m) for p, para in enumerate(paragraphs) for m in QUOTE.finditer(para)])
    quote = m.group(1)
    w = rng.choice(list(WORD.finditer(quote)))
    swaps = [s for s in SWAPS if s != w.group().lower()]
    replacement = rng.choice(swaps) if rng.random() < 0.5 else ""
    new_quote = " ".join((quote[: w.start()] + replacement + quote[w.end() :]).split())
    paragraphs[p] = paragraphs[p][: m.start(1)] + new_quote + paragraphs[p][m.end(1) :]
    return "\n".join(paragraphs), quote, new_quote, p


def _edit_number(text: str, rng: random.Random, near: int) -> tuple[str, str, str]:
    """Change one number, in the quote's paragraph half the time: (text, old, new)."""
    paragraphs = text.split("\n")
    choices = [p for p, para in enumerate(paragraphs) if NUMBER.search(para)]
    p = near if near in choices and rng.random() < 0.5 else rng.choice(choices)
    m = rng.choice(list(NUMBER.finditer(paragraphs[p])))
    old = int(m.group().replace(",", ""))
    if 1900 <= old <= 2100 and "," not in m.group():  # a year moves by a year or two
        new_text = str(old + rng.choice([-2, -1, 1, 2]))
    else:
        step = max(1, round(old * rng.uniform(0.05, 0.3)))
        new_text = f"{old + step if step >= old or rng.random() < 0.5 else old - step:,}"
    paragraphs[p] = paragraphs[p][: m.start()] + new_text + paragraphs[p][m.end() :]
    return "\n".join(paragraphs), m.group(), new_text


def _reword(text: str, rng: random.Random, near: int) -> str:
    """Reword one sentence, in the given paragraph half the time."""
    paragraphs = text.split("\n")
    p = near if rng.random() < 0.5 else rng.randrange(len(paragraphs))
    start, end = rng.choice(split_sentences(paragraphs[p]))
    sentence = paragraphs[p][start:end]
    if sentence.endswith(" said."):
        sentence = sentence[: -len("said.")] + "added."
    sentence = rng.choice(OPENERS) + sentence
    paragraphs[p] = paragraphs[p][:start] + sentence + paragraphs[p][end:]
    return "\n".join(paragraphs)


def revisions(count: int, seed: int = 12) -> list[Revision]:
    """`count` revisions of STORY, each with a quote edit, a number edit and a reworded
    sentence, the three often in one paragraph."""
    rng = random.Random(seed)
    out: list[Revision] = []
    while len(out) < count:
        text, old_quote, new_quote, p = _edit_quote("\n".join(STORY), rng)
        text, old_number, new_number = _edit_number(text, rng, p)
        if old_number in old_quote:
            continue  # keep each edit's expectation separate from the others
        text = _reword(text, rng, p)
        out.append(Revision(tuple(text.split("\n")), old_quote, new_quote, old_number, new_number))
    return out


def _words(text: str | None) -> str:
    return " " + " ".join(WORD.findall((text or "").lower().replace("’", "'"))) + " "


def _digits(text: str | None) -> str:
    return (text or "").replace(",", "")


def quote_flagged(flags: list[Flag], r: Revision) -> bool:
    """A quote_changed flag carries the edited quotation's old and new words."""
    new_words = _words(r.new_quote.replace(r.old_number, r.new_number))
    return any(
        f.kind == "quote_changed"
        and _words(r.old_quote) in _words(f.before)
        and new_words in _words(f.after)
        for f in flags
    )


def number_flagged(flags: list[Flag], r: Revision) -> bool:
    """A figure_changed flag carries the old and the new number."""
    old, new = _digits(r.old_number), _digits(r.new_number)
    return any(
        f.kind == "figure_changed"
        and re.search(rf"(?<!\d){old}(?!\d)", _digits(f.before))
        and re.search(rf"(?<!\d){new}(?!\d)", _digits(f.after))
        for f in flags
    )


def test_generated_revisions_make_every_kind_of_edit() -> None:
    made = revisions(60)
    assert all(r.old_quote != r.new_quote and r.old_number != r.new_number for r in made)
    same_paragraph = [
        r for r in made if any(r.new_quote in p and r.new_number in p for p in r.paragraphs)
    ]
    assert len(same_paragraph) >= 10


def test_at_most_one_percent_of_quote_and_number_edits_go_unflagged() -> None:
    old = Article("Train derails near Hartwell", "By Staff", STORY)
    missed: list[str] = []
    made = revisions(300)
    for r in made:
        flags = compare_articles(old, Article(old.headline, old.byline, r.paragraphs))
        if not quote_flagged(flags, r):
            missed.append(f"quote {r.old_quote!r} -> {r.new_quote!r}: {flags}")
        if not number_flagged(flags, r):
            missed.append(f"number {r.old_number} -> {r.new_number}: {flags}")
    assert len(missed) <= 0.01 * 2 * len(made), "\n".join(missed[:10])


def test_no_flag_on_a_generated_revision_has_empty_before_and_after() -> None:
    old = Article("Train derails near Hartwell", "By Staff", STORY)
    for r in revisions(100, seed=7):
        for f in compare_articles(old, Article(old.headline, old.byline, r.paragraphs)):
            assert (f.before or "").strip() or (f.after or "").strip(), f
