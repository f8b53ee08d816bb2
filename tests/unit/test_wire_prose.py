"""Flags on wire-service and newspaper prose: the classes of miss seen on real published edits.

Every sentence here is invented for the test; each case names the rule it pins down.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.analysis.claims import Flag, compare_articles
from monitor.analysis.figures import find_figures
from monitor.analysis.quotes import find_quotes
from monitor.analysis.text import normalize
from monitor.article import Article

LEDE = (
    "WASHINGTON (AP) — The House Judiciary Committee voted 21-17 on Wednesday to advance a "
    "bill that would overhaul how federal courts handle patent suits, sending it to the floor."
)
CLOSE = "The full House is expected to take up the measure next month."


def flags(old: tuple[str, ...], new: tuple[str, ...]) -> list[Flag]:
    return compare_articles(Article("H", "By A", old), Article("H", "By A", new))


def summary(found: list[Flag]) -> list[tuple[str, str | None, str | None]]:
    return [(f.kind, f.before, f.after) for f in found]


def assert_flags(found: list[Flag], expected: list[tuple[str, str | None, str | None]]) -> None:
    """Each expected (kind, before-part, after-part) matches one flag in order; nothing else."""
    assert len(found) == len(expected), summary(found)
    for flag, (kind, before, after) in zip(found, expected, strict=True):
        assert flag.kind == kind, summary(found)
        for part, text in ((before, flag.before), (after, flag.after)):
            if part is None:
                assert text is None, summary(found)
            else:
                assert normalize(part) in normalize(text or ""), summary(found)


Case = tuple[tuple[str, ...], tuple[str, ...], list[tuple[str, str | None, str | None]]]

EDITS: dict[str, Case] = {
    "a year cut with its clause is a removed figure": (
        (LEDE, "The company settled a similar suit in 2004 for $2.1 million.", CLOSE),
        (LEDE, "The company settled a similar suit.", CLOSE),
        [("figure_removed", "2004", None), ("figure_removed", "$2.1 million", None)],
    ),
    "a span of years cut from a sentence that stays": (
        (
            LEDE,
            "Investigators said the thefts took place between 1981 and 1993 at two sites.",
            CLOSE,
        ),
        (LEDE, "Investigators said the thefts took place at two sites.", CLOSE),
        [("figure_removed", "1981", None), ("figure_removed", "1993", None)],
    ),
    "a month and year added to a sentence": (
        (LEDE, "The pilot program ended, officials said.", CLOSE),
        (LEDE, "The pilot program ended in March 2019, officials said.", CLOSE),
        [("figure_added", None, "March 2019")],
    ),
    "a year added as an adjective": (
        (LEDE, "He was charged under a state law that bans the practice.", CLOSE),
        (LEDE, "He was charged under a 2011 state law that bans the practice.", CLOSE),
        [("figure_added", None, "2011")],
    ),
    "a new paragraph brings its date": (
        (LEDE, CLOSE),
        (LEDE, "The previous overhaul stalled in the Senate on June 4, 2015.", CLOSE),
        [("figure_added", None, "June 4, 2015")],
    ),
    "a reference back revised": (
        (LEDE, "The two companies were fined.", CLOSE),
        (LEDE, "The three companies were fined.", CLOSE),
        [("figure_changed", "two", "three")],
    ),
    "a word in plain scare quotes edited where it stands": (
        (LEDE, "Its software traces the “friends” of an account that was removed.", CLOSE),
        (LEDE, "Its software traces the “contacts” of an account that was removed.", CLOSE),
        [("quote_changed", "friends", "contacts")],
    ),
    "a loose amount revised to a number": (
        (LEDE, "A couple hundred protesters gathered outside the courthouse.", CLOSE),
        (LEDE, "About 150 protesters gathered outside the courthouse.", CLOSE),
        [("figure_changed", "A couple hundred", "About 150")],
    ),
    "a handful becomes a dozen": (
        (LEDE, "A handful of members crossed party lines.", CLOSE),
        (LEDE, "A dozen members crossed party lines.", CLOSE),
        [("figure_changed", "A handful", "A dozen")],
    ),
    "a short quote after 'called it' is speech": (
        (LEDE, "Rep. Dana Whitcomb called the bill “a giveaway” in a statement.", CLOSE),
        (LEDE, "Rep. Dana Whitcomb called the bill “a reckless giveaway” in a statement.", CLOSE),
        [("quote_changed", "a giveaway", "a reckless giveaway")],
    ),
    "a short quote after 'saying' is speech": (
        (
            LEDE,
            "The White House shifted its position, saying the bill “may not be helpful.”",
            CLOSE,
        ),
        (LEDE, "The White House shifted its position, saying the bill “may not be wise.”", CLOSE),
        [("quote_changed", "may not be helpful", "may not be wise")],
    ),
    "a short quote after 'apologized for' is speech": (
        (LEDE, CLOSE),
        (LEDE, "The chairman apologized for a “serious lapse of judgment,” aides said.", CLOSE),
        [("quote_added", None, "serious lapse of judgment")],
    ),
    "two quotations in one paragraph are two flags": (
        (
            LEDE,
            "Whitcomb called the measure “rushed” and said it was “a gift to patent trolls,” "
            "echoing a letter from 40 inventors.",
            CLOSE,
        ),
        (LEDE, "Whitcomb criticized the measure, echoing a letter from 40 inventors.", CLOSE),
        [("quote_removed", "rushed", None), ("quote_removed", "a gift to patent trolls", None)],
    ),
    "a dropped 'not' inside a quote is a change": (
        (LEDE, "“I hear they're upset about not having a seat,” Whitcomb said.", CLOSE),
        (LEDE, "“I hear they're upset about having a seat,” Whitcomb said.", CLOSE),
        [("quote_changed", "not having a seat", "about having a seat")],
    ),
}

QUIET: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "the same date, still in the sentence, reworded": (
        (LEDE, "The hearing was held on March 3, 2016, in Washington.", CLOSE),
        (LEDE, "The hearing was held in Washington on March 3, 2016.", CLOSE),
    ),
    "the same date told without its year": (
        (LEDE, "Railroads must finish the work by Dec. 31, 2018, regulators said.", CLOSE),
        (LEDE, "Railroads must finish the work by Dec. 31, regulators said.", CLOSE),
    ),
    "a date that moves to another paragraph, told more fully": (
        (LEDE, "The deadline is Dec. 31.", CLOSE),
        (LEDE, CLOSE, "Amtrak said it would meet the Dec. 31, 2018, deadline."),
    ),
    "a term in a sentence where no one says anything": (
        (LEDE, CLOSE),
        (LEDE, "Republicans still have no plan to repeal “Obamacare” this year.", CLOSE),
    ),
    "a title of a work retitled": (
        (LEDE, "She starred in “Summer on Ice” before turning to law.", CLOSE),
        (LEDE, "She starred in “Summer on the Ice” before turning to law.", CLOSE),
    ),
    "a page stamp run into the sentence after it": (
        (LEDE, "Updated Aug. 27, 2020 Some nurses said the ward had been full for weeks.", CLOSE),
        (LEDE, "Updated Sept. 2, 2020 Some nurses said the ward had been full for weeks.", CLOSE),
    ),
    "a sentence that refers back to 'the two' sides": (
        (LEDE, CLOSE),
        (LEDE, "The two parties met again on Thursday without a deal.", CLOSE),
    ),
    "a page timestamp moves": (
        ("Updated 3:05 p.m. EDT June 7, 2016", LEDE, CLOSE),
        ("Updated 5:40 p.m. EDT June 7, 2016", LEDE, CLOSE),
    ),
    "film and song titles come and go": (
        (LEDE, CLOSE),
        (
            LEDE,
            "Marla Deane, who starred in “Summer on Ice” and sang “Goodbye, Little Harbor!”, "
            "testified in 2009 for the plaintiffs.",
            CLOSE,
        ),
    ),
}
# The title case adds one flag: the year of the testimony, not the titles.
QUIET_BUT_FOR: dict[str, list[tuple[str, str | None, str | None]]] = {
    "film and song titles come and go": [("figure_added", None, "2009")]
}


@pytest.mark.parametrize(("old", "new", "expected"), EDITS.values(), ids=EDITS.keys())
def test_wire_edit_gives_exactly_the_expected_flags(
    old: tuple[str, ...], new: tuple[str, ...], expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert_flags(flags(old, new), expected)


@pytest.mark.parametrize("name", QUIET)
def test_wire_edit_that_changes_no_claim_gives_no_other_flags(name: str) -> None:
    old, new = QUIET[name]
    assert_flags(flags(old, new), QUIET_BUT_FOR.get(name, []))


@pytest.mark.parametrize(
    ("paragraphs", "speakers"),
    [
        (
            [
                "Rep. Jerrold Vance of Ohio opened the hearing.",
                "“This is overdue,” Mr. Vance said.",
            ],
            ["Jerrold Vance"],
        ),
        (
            ["Sen. Mara Quill (D-Ore.) said the bill was “dead on arrival.”"],
            ["Mara Quill"],
        ),
        (
            ["Judge Ellen Ruiz, 61, spoke last.", "“I have seen enough,” Judge Ruiz said."],
            ["Ellen Ruiz"],
        ),
        (
            [
                "Gen. Paul Okoro testified Tuesday.",
                "He gave his starkest warning yet: “We are running out of time.”",
            ],
            ["Paul Okoro"],
        ),
        (
            ["Vance said the plan was “a disaster for inventors,” but Quill said it “would work.”"],
            ["Vance", "Quill"],
        ),
        (
            ["Vance said the deal was done, and Quill called it “a disgrace.”"],
            ["Quill"],
        ),
        (
            [
                "President Mara Quill spoke Friday.",
                "The president began early, writing from Ohio: “The press is finished.”",
            ],
            ["Mara Quill"],
        ),
        (
            [
                "Paul Okoro spoke Tuesday.",
                "He criticized the plan, saying “This is a futile gesture.”",
            ],
            ["Paul Okoro"],
        ),
        (
            ["“We will appeal,” said the academy’s lawyer, Simon Hale."],
            ["Simon Hale"],
        ),
        (
            ["“We will appeal,” said Vance’s lawyer, Simon Hale."],
            ["Simon Hale"],
        ),
    ],
    ids=[
        "of PLACE",
        "party tag",
        "age and title",
        "colon",
        "own clause",
        "later clause",
        "colon after a role",
        "saying",
        "role",
        "possessive",
    ],
)
def test_a_quote_belongs_to_the_person_its_sentence_names(
    paragraphs: list[str], speakers: list[str]
) -> None:
    assert [q.speaker for q in find_quotes(paragraphs)] == speakers


@pytest.mark.parametrize(
    "paragraph",
    [
        "Deane, who starred in “Hello, Harbor!” and “Gentlemen Prefer Ferries,” died Tuesday.",
        'She told the story on ""Morning Edition Live." It aired twice.',
        "The song “Goodbye Little Harbor” topped the charts.",
    ],
)
def test_titles_of_works_are_not_speech(paragraph: str) -> None:
    assert all(q.scare and q.speaker is None for q in find_quotes([paragraph]))


def test_doubled_quote_marks_open_one_quotation() -> None:
    [quote] = find_quotes(['She was interviewed on ""Morning Edition Live." It aired twice.'])
    assert quote.text == "Morning Edition Live."


def test_empty_quotation_marks_quote_nothing() -> None:
    assert find_quotes(['He wrote "" in the box and "" again.']) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A couple hundred people came.", 200.0),
        ("A few thousand fans waited.", 3000.0),
        ("Several dozen cars burned.", 60.0),
        ("A handful of members objected.", 5.0),
        ("Scores of people were hurt.", 20.0),
    ],
)
def test_loose_amounts_are_figures(text: str, value: float) -> None:
    [figure] = find_figures(text)
    assert (figure.value, figure.unit) == (value, "count")


@pytest.mark.parametrize(
    "text",
    [
        "Test scores rose.",
        "A few days later, several people left.",
        "The committee met on Day Two of the hearings.",
    ],
)
def test_loose_words_without_an_amount_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


FRAGMENTS = (
    "The council met on March 3, 2016.",
    "“We will not back down,” Mr. Vance said.",
    '""Morning Edition Live." ',
    "“”",
    '"" ',
    "about 150 people",
    "a couple hundred protesters",
    "called it “rushed”",
    "in 2009",
    "Updated 3:05 p.m.",
    "“Hello, Harbor!”",
    "Sen. Mara Quill (D-Ore.) said: “No.”",
    "“A,” she said. “B.”",
    "41,000 homes",
)


@settings(deadline=None)  # a property, not a timing: speed is measured in bench/
@given(
    st.lists(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4), max_size=5),
    st.lists(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4), max_size=5),
)
def test_no_flag_ever_has_empty_before_and_after(
    old: list[list[str]], new: list[list[str]]
) -> None:
    found = flags(tuple(" ".join(p) for p in old), tuple(" ".join(p) for p in new))
    assert all((f.before or "").strip() or (f.after or "").strip() for f in found), summary(found)


def test_a_quotation_cut_into_one_line_per_sentence_is_one_quotation() -> None:
    """Archived wire copy puts each sentence on its own line and repeats no quote mark."""
    lines = [
        "But Gordon says the companies may not go far enough.",
        '"Think of the hateful stuff that is said.',
        "How do you draw the line?",
        'And where the line gets drawn decides what they earn," he said.',
        "Others disagree.",
    ]
    [quote] = find_quotes(lines)
    assert quote.text.startswith("Think of the hateful stuff")
    assert quote.text.endswith("decides what they earn")
    assert (quote.paragraph, quote.end_paragraph, quote.speaker) == (1, 3, "Gordon")


def test_a_stray_mark_is_not_carried_into_the_next_quotation() -> None:
    lines = ['He wrote 6" on the form and left.', 'She called it "a mess" later.']
    assert [q.text for q in find_quotes(lines)] == ["a mess"]
