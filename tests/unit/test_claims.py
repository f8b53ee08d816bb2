"""Comparing two versions of an article: the flags a reader checking the story would see."""

import json
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.analysis.claims import FLAG_KINDS, Flag, compare_articles
from monitor.analysis.quotes import split_sentences
from monitor.analysis.text import normalize
from monitor.article import Article

HEADLINE = "Riverton Council Approves $412 Million Budget After Late-Night Fight"
BYLINE = "By Maria Okafor"
BODY = (
    "The Riverton City Council approved a $412 million budget early Wednesday, ending a "
    "nine-hour session in which members clashed over police overtime, library hours and a "
    "proposed 3 percent increase in water rates.",
    "The vote was 7 to 4. Council President Dana Whitfield called the plan “a budget that "
    "finally lives within our means,” while opponents said it shortchanged neighborhoods on "
    "the city’s east side.",
    "“We are asking families to pay more for water and get less from their libraries,” said "
    "Councilman Luis Ortega, who voted against the plan. “That is not a trade I can defend.”",
    "The budget sets aside $58.6 million for the police department, up from $54.1 million "
    "last year, largely to cover overtime costs that exceeded projections by nearly 40 "
    "percent. Chief Annette Graves told the council that the department had lost 23 officers "
    "since January.",
    "“We cannot keep asking the same officers to work double shifts,” Chief Graves said. "
    "“Something has to give.”",
    "Library hours will be cut at four of the city’s 11 branches, saving about $1.2 million.",
    "Mayor Joan Petrakis, who proposed the budget in April, praised the council for “making "
    "hard choices in a hard year.” She is expected to sign it by Friday.",
    "Residents who spoke during the public comment period were largely critical. “I have lived "
    "here for 31 years and I have never seen the council this divided,” said Ruth Albers, a "
    "retired teacher.",
    "The budget takes effect July 1.",
)
WIRE = (
    "LONDON (Reuters) - Britain's economy grew 0.3% in the third quarter, official data showed "
    "on Friday, beating economists' forecasts of 0.2% growth in a Reuters poll.",
    "Finance minister Rachel Reeves said the figures showed the government's plan was working. "
    '"We have fixed the foundations and now we are rebuilding Britain," Reeves told reporters.',
    "Sterling rose 0.2% against the dollar to $1.2815 after the data.",
    '"The economy is still struggling to gain momentum," said Paul Dales, chief UK economist '
    'at Capital Economics. "We think growth will slow to 0.1% in the fourth quarter."',
    "The Bank of England cut interest rates to 4.75% last week and said it expected inflation "
    "to rise to around 2.75% next year.",
)
GUARDIAN = (
    "The chancellor, Rachel Reeves, has said the government will raise £40bn in taxes, the "
    "biggest increase since 1993.",
    "‘We will not return to austerity,’ Reeves told MPs. ‘The public finances we inherited "
    "were in a far worse state than we were told.’",
    "The Institute for Fiscal Studies said the plans would push the tax burden to 38.3 per "
    "cent of GDP, a postwar high.",
)


STORM = (
    "WASHINGTON (AP) — A powerful storm system swept across the South on Tuesday, killing at "
    "least 12 people and leaving more than 200,000 homes without power, officials said.",
    "The National Weather Service said tornadoes touched down in at least four states.",
    "“It looked like a bomb went off,” said Jim Parker, whose home in Selma was destroyed.",
    "Alabama Gov. Kay Ivey declared a state of emergency for 32 counties.",
)
STORM_UPDATED = (
    "WASHINGTON (AP) — A powerful storm system swept across the South on Tuesday, killing at "
    "least 21 people and leaving more than 300,000 homes and businesses without power, "
    "officials said Wednesday.",
    "The National Weather Service said tornadoes touched down in at least six states, "
    "including Alabama, Georgia and Mississippi.",
    "“It looked like a bomb went off,” said Jim Parker, 64, whose home in Selma was destroyed. "
    "“We lost everything.”",
    "Alabama Gov. Kay Ivey declared a state of emergency for 46 counties and asked President "
    "Joe Biden for federal aid.",
    "In Georgia, two people were killed when a tree fell on their car near Macon, the sheriff’s "
    "office said.",
)


def article(*paragraphs: str, headline: str = HEADLINE, byline: str = BYLINE) -> Article:
    return Article(headline, byline, tuple(paragraphs))


def edit(paragraphs: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    text = "\n".join(paragraphs)
    assert old in text, old
    return tuple(p for p in text.replace(old, new, 1).split("\n") if p)


def summary(flags: list[Flag]) -> list[tuple[str, str | None, str | None]]:
    return [(f.kind, f.before, f.after) for f in flags]


def assert_flags(flags: list[Flag], expected: list[tuple[str, str | None, str | None]]) -> None:
    """Each expected (kind, before-part, after-part) matches one flag, and nothing else is there."""
    assert len(flags) == len(expected), summary(flags)
    for flag, (kind, before, after) in zip(flags, expected, strict=True):
        assert flag.kind == kind, summary(flags)
        for part, text in ((before, flag.before), (after, flag.after)):
            if part is None:
                assert text is None, summary(flags)
            else:
                assert normalize(part) in normalize(text or ""), summary(flags)


Case = tuple[tuple[str, ...], tuple[str, ...], list[tuple[str, str | None, str | None]]]

EDITS: dict[str, Case] = {
    "budget figure corrected": (
        BODY,
        edit(BODY, "$58.6 million for the police", "$56.8 million for the police"),
        [("figure_changed", "$58.6 million", "$56.8 million")],
    ),
    "percentage revised": (
        BODY,
        edit(BODY, "by nearly 40 percent", "by nearly 30 percent"),
        [("figure_changed", "nearly 40 percent", "nearly 30 percent")],
    ),
    "spelled count changed": (
        BODY,
        edit(BODY, "at four of the city’s", "at five of the city’s"),
        [("figure_changed", "four", "five")],
    ),
    "vote tally changed": (
        BODY,
        edit(BODY, "The vote was 7 to 4.", "The vote was 8 to 3."),
        [("figure_changed", "7 to 4", "8 to 3")],
    ),
    "qualifier alone changed": (
        BODY,
        edit(BODY, "by nearly 40 percent", "by more than 40 percent"),
        [("figure_changed", "nearly 40 percent", "more than 40 percent")],
    ),
    "sentence with a figure added": (
        BODY,
        edit(
            BODY,
            "The budget takes effect July 1.",
            "The council also set aside $2.5 million for street repairs. "
            "The budget takes effect July 1.",
        ),
        [("figure_added", None, "$2.5 million")],
    ),
    "sentence with a figure removed": (
        BODY,
        edit(
            BODY,
            " Chief Annette Graves told the council that the department had lost "
            "23 officers since January.",
            "",
        ),
        [("figure_removed", "23", None)],
    ),
    "quote reworded": (
        BODY,
        edit(
            BODY, "That is not a trade I can defend.", "That is not a trade I am willing to make."
        ),
        [("quote_changed", "I can defend", "I am willing to make")],
    ),
    "quote softened in place with few words in common": (
        ("“He is a liar,” said Senator Jane Doe, a Democrat from Ohio.",),
        ("“He has not been truthful,” said Senator Jane Doe, a Democrat from Ohio.",),
        [("quote_changed", "He is a liar", "He has not been truthful")],
    ),
    "paragraph of quotes removed is one removal": (
        BODY,
        tuple(p for p in BODY if not p.startswith("“We cannot keep asking")),
        [("quote_removed", "double shifts", None)],
    ),
    "quote added": (
        BODY,
        (*BODY[:-1], "“This budget is a promise kept,” said Councilwoman Tessa Lin.", BODY[-1]),
        [("quote_added", None, "promise kept")],
    ),
    "speaker renamed": (
        BODY,
        edit(BODY, "said Ruth Albers, a retired teacher", "said Ruth Alvarez, a retired teacher"),
        [("attribution_changed", "Ruth Albers", "Ruth Alvarez")],
    ),
    "figure inside a quote changed": (
        BODY,
        edit(BODY, "for 31 years and", "for 13 years and"),
        [("quote_changed", "31 years", "13 years"), ("figure_changed", "31 years", "13 years")],
    ),
    "wire lede revised": (
        WIRE,
        edit(WIRE, "grew 0.3% in the third quarter", "grew 0.4% in the third quarter"),
        [("figure_changed", "0.3%", "0.4%")],
    ),
    "wire quote trimmed of its second sentence": (
        WIRE,
        edit(WIRE, ' "We think growth will slow to 0.1% in the fourth quarter."', ""),
        [("quote_removed", "fourth quarter", None)],
    ),
    "wire quote given to a colleague": (
        WIRE,
        edit(
            WIRE,
            "said Paul Dales, chief UK economist",
            "said Ruth Gregory, deputy chief UK economist",
        ),
        [("attribution_changed", "Paul Dales", "Ruth Gregory")],
    ),
    "wire paragraph added with a quote and a figure": (
        WIRE,
        (*WIRE, 'Reeves added: "We will not return to austerity." Borrowing stood at 4.5% of GDP.'),
        [("quote_added", None, "return to austerity"), ("figure_added", None, "4.5%")],
    ),
    "british pounds revised": (
        GUARDIAN,
        edit(GUARDIAN, "raise £40bn", "raise £41.5bn"),
        [("figure_changed", "£40bn", "£41.5bn")],
    ),
    "british single-quoted quote reworded": (
        GUARDIAN,
        edit(GUARDIAN, "far worse state than we were told", "far worse state than anyone knew"),
        [("quote_changed", "we were told", "anyone knew")],
    ),
    "british per cent revised": (
        GUARDIAN,
        edit(GUARDIAN, "38.3 per cent", "38.5 per cent"),
        [("figure_changed", "38.3 per cent", "38.5 per cent")],
    ),
    "death toll rewritten in a new sentence": (
        ("Police said 40 people had died in the floods.", "Rescue work continued."),
        ("The death toll from the floods rose to 52, police said.", "Rescue work continued."),
        [("figure_changed", "40", "52")],
    ),
    "toll updated with the old figure kept as its baseline": (
        ("The storm killed at least 40 people, officials said.",),
        ("The storm killed at least 52 people, up from 40 on Friday, officials said.",),
        [("figure_changed", "at least 40", "at least 52")],
    ),
    "toll rewritten with the old figure kept as its baseline": (
        ("Police said 40 people had died in the floods.", "Rescue work continued."),
        ("The death toll rose to 52 from 40, police said.", "Rescue work continued."),
        [("figure_changed", "40", "52")],
    ),
    "toll taken out of the lede into a new sentence": (
        ("The storm flattened homes and killed at least 23 people, officials said.", "More later."),
        (
            "The storm flattened homes across the delta, officials said.",
            "The death toll rose to 26 on Saturday afternoon.",
            "More later.",
        ),
        [("figure_changed", "at least 23", "26")],
    ),
    "a count of something else in a new sentence is not a revision": (
        ("The storm flattened homes and killed at least 23 people, officials said.", "More later."),
        (
            "The storm flattened homes across the delta, officials said.",
            "Officials closed 26 schools on Saturday.",
            "More later.",
        ),
        [("figure_removed", "at least 23", None), ("figure_added", None, "26")],
    ),
    "a new baseline that was not an old claim is added": (
        ("The storm killed at least 40 people.",),
        ("The storm killed at least 40 people, up from 31 on Friday.",),
        [("figure_added", None, "31")],
    ),
    "rank in digits corrected": (
        ("It is the 14th round of strikes since 2022.",),
        ("It is the 15th round of strikes since 2022.",),
        [("figure_changed", "14th", "15th")],
    ),
    "one became two": (
        ("The blast killed one person and injured 12.",),
        ("The blast killed two people and injured 12.",),
        [("figure_changed", "one", "two")],
    ),
    "unit changed": (
        ("Prices rose 15 percent last year.",),
        ("Prices rose 15 times last year.",),
        [("figure_changed", "15 percent", "15 times")],
    ),
    "date corrected": (
        ("The trial will begin on March 3, 2025.",),
        ("The trial will begin on March 10, 2025.",),
        [("figure_changed", "March 3, 2025", "March 10, 2025")],
    ),
    "renamed person behind a pronoun": (
        ("Ruth Albers, a retired teacher, spoke first.", "“I have never seen this,” she said."),
        ("Ruth Alvarez, a retired teacher, spoke first.", "“I have never seen this,” she said."),
        [("attribution_changed", "Ruth Albers", "Ruth Alvarez")],
    ),
    "quote once given to 'he' now named as someone else's": (
        (
            "Kevin Rourke, the union leader, spoke first. “We have no choice,” he said. "
            "“No offer has been made.”",
        ),
        (
            "Kevin Rourke, the union leader, spoke first. “We have no choice,” he said.",
            "The union’s organiser, Pat Kerr, said: “No offer has been made.”",
        ),
        [("attribution_changed", "Kevin Rourke", "Pat Kerr")],
    ),
    "short-form reattribution reports the full names": (
        ("Chief Annette Graves spoke.", "“Something has to give,” Graves said."),
        ("Chief Annette Graves spoke.", "“Something has to give,” Mayor Joan Petrakis said."),
        [("attribution_changed", "Annette Graves", "Joan Petrakis")],
    ),
    "correction appended": (
        BODY,
        (
            *BODY,
            "Correction: An earlier version of this article misstated the size of the "
            "police budget. It is $58.6 million, not $56.8 million.",
        ),
        [("correction_added", None, "An earlier version of this article")],
    ),
    "wire correction note at the top": (
        WIRE,
        ("(Corrects paragraph 3 to show sterling rose, not fell)", *WIRE),
        [("correction_added", None, "(Corrects paragraph 3")],
    ),
    "update notice as a sentence": (
        WIRE,
        edit(
            WIRE,
            "last week and said it expected inflation to rise to around 2.75% next year.",
            "last week and said it expected inflation to rise to around 2.75% next year. "
            "This story has been updated with comment from the Treasury.",
        ),
        [("correction_added", None, "This story has been updated")],
    ),
    "wire update: toll, outages, states, a new quote, a new paragraph": (
        STORM,
        STORM_UPDATED,
        [
            ("figure_changed", "at least 12", "at least 21"),
            ("figure_changed", "more than 200,000", "more than 300,000"),
            ("figure_changed", "at least four", "at least six"),
            ("figure_added", None, "64"),
            ("quote_added", None, "We lost everything."),
            ("figure_changed", "32", "46"),
            ("figure_added", None, "two"),
        ],
    ),
    "amendment footer with its figures is one notice": (
        ("The minister said 4,000 nurses had been recruited.", "Unions disputed the figure."),
        (
            "The minister said 3,000 nurses had been recruited.",
            "Unions disputed the figure.",
            "• This article was amended on 5 March 2024. An earlier version said 4,000 nurses "
            "had been recruited; the correct figure is 3,000.",
        ),
        [("figure_changed", "4,000", "3,000"), ("correction_added", None, "amended on 5 March")],
    ),
    "dated correction label and its text are one notice": (
        ("The city will hire 500 officers.",),
        (
            "The city will hire 500 officers.",
            "Correction: March 5, 2024",
            "An article on Monday about police hiring misstated the number of officers the city "
            "plans to hire. It is 500, not 5,000.",
        ),
        [("correction_added", None, "Correction: March 5, 2024 An article on Monday")],
    ),
    "a second correction appended to the notice": (
        (
            "The minister said 3,000 nurses had been recruited in Leeds.",
            "• This article was amended on 5 March 2024. An earlier version said 4,000 nurses "
            "had been recruited.",
        ),
        (
            "The minister said 3,000 nurses had been recruited in Leicester.",
            "• This article was amended on 5 March 2024. An earlier version said 4,000 nurses "
            "had been recruited. It was further amended on 6 March to give the right city.",
        ),
        [("correction_added", None, "further amended on 6 March")],
    ),
    "a separate correction beside an old one": (
        ("The vote was 7 to 4.", "Correction: An earlier version misstated the vote."),
        (
            "The vote was 7 to 4.",
            "Correction: An earlier version misstated the vote.",
            "Correction: An earlier version misspelled the mayor's name.",
        ),
        [("correction_added", None, "misspelled the mayor")],
    ),
    "live blog entry added": (
        ("Polls closed at 8 p.m.", "Turnout was about 45 percent, officials said."),
        (
            "Polls closed at 8 p.m.",
            "Turnout was about 47 percent, officials said.",
            "11:05 p.m.: With 80% of precincts reporting, Smith leads with 52% of the vote.",
            "“We are confident,” Smith told supporters.",
        ),
        [
            ("figure_changed", "about 45 percent", "about 47 percent"),
            ("figure_added", None, "80%"),
            ("figure_added", None, "52%"),
            ("quote_added", None, "We are confident"),
        ],
    ),
}


@pytest.mark.parametrize(("old", "new", "expected"), EDITS.values(), ids=EDITS.keys())
def test_edit_gives_exactly_the_expected_flags(
    old: tuple[str, ...], new: tuple[str, ...], expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert_flags(compare_articles(article(*old), article(*new)), expected)


def _curl(text: str) -> str:
    """Straight quotes and apostrophes to typographic ones, as a CMS re-render would."""
    out = []
    for i, char in enumerate(text):
        before = text[i - 1] if i else " "
        if char == '"':
            out.append("“" if before.isspace() or before in "([" else "”")
        elif char == "'":
            out.append("‘" if before.isspace() or before in "([" else "’")
        else:
            out.append(char)
    return "".join(out)


def _straighten(text: str) -> str:
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(curly, straight)
    return text


QUIET: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "straight quotes and apostrophes": (BODY, tuple(_straighten(p) for p in BODY)),
    "curled wire copy": (WIRE, tuple(_curl(p) for p in WIRE)),
    "spaces and dashes": (
        WIRE,
        tuple(p.replace(" - ", " — ").replace(" ", "\u00a0", 3) for p in WIRE),
    ),
    "paragraph moved": (BODY, (BODY[0], BODY[2], BODY[1], *BODY[3:])),
    "figure respelled": (BODY, edit(BODY, "city’s 11 branches", "city’s eleven branches")),
    "money respelled": (BODY, edit(BODY, "saving about $1.2 million", "saving about $1,200,000")),
    "percent respelled": (WIRE, edit(WIRE, "grew 0.3% in", "grew 0.3 per cent in")),
    "qualifier synonym": (
        BODY,
        edit(BODY, "saving about $1.2 million", "saving around $1.2 million"),
    ),
    "copy edit without claims": (BODY, edit(BODY, "were largely critical", "were mostly critical")),
    "sentence split in two": (
        WIRE,
        edit(
            WIRE,
            "said the figures showed the government's plan was working. ",
            "said the figures showed the government's plan was working.\n",
        ),
    ),
    "sentence rewritten around the same figures": (
        WIRE,
        edit(
            WIRE,
            "Sterling rose 0.2% against the dollar to $1.2815 after the data.",
            "After the data, sterling gained 0.2% against the dollar, reaching $1.2815.",
        ),
    ),
    "quote split by its attribution": (
        ("“We will rebuild and we will come back stronger,” the governor said.",),
        ("“We will rebuild,” the governor said. “And we will come back stronger.”",),
    ),
    "pronoun replaced by the name": (
        ("Maria Lopez, the group’s lawyer, spoke. “We will appeal,” she said.",),
        ("Maria Lopez, the group’s lawyer, spoke. “We will appeal,” Lopez said.",),
    ),
    "new speaker quoted before an unchanged pronoun quote": (
        ("Mayor Joan Petrakis defended the plan.", "“We made hard choices,” she said."),
        (
            "Mayor Joan Petrakis defended the plan.",
            "Councilwoman Tessa Lin said she would oppose it.",
            "“We made hard choices,” she said.",
        ),
    ),
    "scare quote changed": (
        ("The so-called “deal” collapsed on Monday.",),
        ("The so-called “agreement” collapsed on Monday.",),
    ),
    "idiomatic one": (
        ("One of the officers said no one was hurt.",),
        ("One of the officers said that no one had been hurt.",),
    ),
    "page timestamp in the body": (
        ("Updated 5:31 PM EDT, Tue March 4, 2024", "The storm made landfall near Tampa."),
        ("Updated 7:02 PM EDT, Tue March 4, 2024", "The storm made landfall near Tampa."),
    ),
    "lede rewritten around the same figures": (
        ("The council voted 7-4 on Tuesday to approve a $412 million budget.",),
        ("A $412 million budget won approval from the council on Tuesday in a 7-4 vote.",),
    ),
    "quote moved with its attribution rephrased": (
        ("“We will not back down,” said union leader Mary Jones.", "Talks resume Monday."),
        ("Talks resume Monday.", "Union leader Mary Jones said: “We will not back down.”"),
    ),
    "wire dateline moved to the next day": (
        ("NEW YORK, March 4 (Reuters) - U.S. stocks fell 1% on Monday.",),
        ("NEW YORK, March 5 (Reuters) - U.S. stocks fell 1% on Monday, extending losses.",),
    ),
    "a rank mentioned in passing": (
        ("Stocks fell on Monday.",),
        ("Stocks fell on Monday, the 21st fall this year.",),
    ),
    "a one-day drop mentioned in passing": (
        ("Stocks fell on Monday.",),
        ("Stocks fell on Monday, their biggest one-day drop in a month.",),
    ),
    "a correction notice edited in place": (
        (
            "The vote was 7 to 4.",
            "• This article was amended on 13 March 2024. An earlier version said the cost of the "
            "backlog rose by 31 per cent; the correct figure is 13 per cent.",
        ),
        (
            "The vote was 7 to 4.",
            "• This article was amended on 13 March 2024. An earlier version said the cost of the "
            "maintenance backlog rose by 31 per cent; the correct figure is 13 per cent.",
        ),
    ),
    "a correction that was already there": (
        (*WIRE, "Correction: An earlier version misstated the rate."),
        (
            *WIRE[:-1],
            WIRE[-1] + " Analysts agreed.",
            "Correction: An earlier version misstated the rate.",
        ),
    ),
}


@pytest.mark.parametrize(("old", "new"), QUIET.values(), ids=QUIET.keys())
def test_edit_that_changes_no_claim_gives_no_flags(
    old: tuple[str, ...], new: tuple[str, ...]
) -> None:
    assert summary(compare_articles(article(*old), article(*new))) == []


def test_headline_and_byline_changes_carry_the_whole_text() -> None:
    old = article(*BODY)
    new = article(
        *BODY, headline="Riverton Council Approves Budget", byline="By Maria Okafor and Daniel Chen"
    )
    assert summary(compare_articles(old, new)) == [
        ("title_changed", HEADLINE, "Riverton Council Approves Budget"),
        ("byline_changed", BYLINE, "By Maria Okafor and Daniel Chen"),
    ]


def test_byline_punctuation_and_case_are_not_byline_changes() -> None:
    old = article(*BODY, byline="By Maria Okafor, Daniel Chen and Jo Park")
    new = article(*BODY, byline="by MARIA OKAFOR, Daniel Chen, and Jo Park")
    assert compare_articles(old, new) == []


def test_headline_case_and_quote_style_are_not_title_changes() -> None:
    old = article(*BODY, headline="Council ‘Fights’ Over Budget")
    new = article(*BODY, headline="Council 'fights' over budget")
    assert compare_articles(old, new) == []


def test_figure_flag_carries_values_unit_and_change() -> None:
    new = edit(BODY, "$58.6 million for the police", "$56.8 million for the police")
    (flag,) = compare_articles(article(*BODY), article(*new))
    assert (flag.old_value, flag.new_value, flag.unit) == (58.6e6, 56.8e6, "USD")
    assert flag.delta == pytest.approx(-1.8e6)
    assert flag.relative == pytest.approx(-1.8 / 58.6)
    assert (flag.old_paragraph, flag.new_paragraph) == (3, 3)
    assert (flag.old_sentence or "").startswith("The budget sets aside")
    assert "$56.8 million" in (flag.new_sentence or "")


def test_quote_flag_carries_speaker_and_sentences() -> None:
    new = edit(
        BODY, "That is not a trade I can defend.", "That is not a trade I am willing to make."
    )
    (flag,) = compare_articles(article(*BODY), article(*new))
    assert flag.speaker == "Luis Ortega"
    assert flag.old_sentence == "“That is not a trade I can defend.”"
    assert flag.new_sentence == "“That is not a trade I am willing to make.”"
    assert (flag.old_paragraph, flag.new_paragraph) == (2, 2)


def test_flags_follow_the_new_reading_order_with_removals_in_place() -> None:
    tally = edit(BODY, "The vote was 7 to 4.", "The vote was 8 to 3.")
    trimmed = tuple(p for p in tally if not p.startswith("“We cannot keep asking"))
    new = edit(trimmed, "for 31 years and", "for 13 years and")
    flags = compare_articles(article(*BODY), article(*new))
    assert [f.kind for f in flags] == [
        "figure_changed",
        "quote_removed",
        "quote_changed",
        "figure_changed",
    ]


def test_flag_round_trips_through_json() -> None:
    new = edit(BODY, "by nearly 40 percent", "by more than 30 percent")
    (flag,) = compare_articles(article(*BODY), article(*new))
    data = json.loads(json.dumps(flag.to_dict()))
    assert set(data) >= {
        "kind",
        "before",
        "after",
        "old_sentence",
        "new_sentence",
        "speaker",
        "old_value",
        "new_value",
        "unit",
        "delta",
        "relative",
    }
    assert (data["old_qualifier"], data["new_qualifier"]) == ("nearly", "more than")
    assert Flag.from_dict(data) == flag


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "quote_mangled", "before": None, "after": None},
        {"kind": "figure_changed", "old_value": "58.6"},
        {"kind": "figure_changed", "old_paragraph": 1.5},
        {"kind": "quote_added", "after": 12},
    ],
)
def test_flag_from_bad_data_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"kind|must be"):
        Flag.from_dict(data)


def test_every_kind_is_documented_in_the_literal() -> None:
    assert set(FLAG_KINDS) == {
        "quote_changed",
        "quote_added",
        "quote_removed",
        "attribution_changed",
        "figure_changed",
        "figure_added",
        "figure_removed",
        "title_changed",
        "byline_changed",
        "correction_added",
    }


# --- properties ----------------------------------------------------------------------------

_TYPOGRAPHY: list[Callable[[str], str]] = [
    lambda p: p,
    _straighten,
    _curl,
    lambda p: p.replace(" ", "\u00a0", 2),
    lambda p: p.replace(", ", ",  "),
]
_ARTICLES = st.sampled_from([BODY, WIRE, GUARDIAN])


@given(_ARTICLES, st.lists(st.sampled_from(_TYPOGRAPHY), min_size=9, max_size=9))
def test_typography_only_rewrite_gives_no_flags(
    body: tuple[str, ...], styles: list[Callable[[str], str]]
) -> None:
    retyped = tuple(style(p) for style, p in zip(styles, body, strict=False))
    assert compare_articles(article(*body), article(*retyped)) == []


@given(_ARTICLES, st.data())
def test_comparing_an_article_with_itself_or_a_reordering_gives_no_flags(
    body: tuple[str, ...], data: st.DataObject
) -> None:
    assert compare_articles(article(*body), article(*body)) == []
    order = data.draw(st.permutations(range(len(body))))
    assert compare_articles(article(*body), article(*(body[i] for i in order))) == []


@given(
    st.sampled_from(list(EDITS.values())),
    st.lists(st.sampled_from(_TYPOGRAPHY[:3]), min_size=9, max_size=9),
)
def test_typography_of_the_new_version_does_not_change_the_flags(
    case: Case, styles: list[Callable[[str], str]]
) -> None:
    old, new, _ = case
    retyped = tuple(style(p) for style, p in zip(styles, new, strict=False)) + new[len(styles) :]
    plain = compare_articles(article(*old), article(*new))
    styled = compare_articles(article(*old), article(*retyped))
    assert [(f.kind, normalize(f.before or ""), normalize(f.after or "")) for f in styled] == [
        (f.kind, normalize(f.before or ""), normalize(f.after or "")) for f in plain
    ]


_ALL = [BODY, WIRE, GUARDIAN, STORM, STORM_UPDATED]


@given(st.sampled_from(_ALL), st.data())
def test_cutting_a_sentence_only_reports_removals(
    body: tuple[str, ...], data: st.DataObject
) -> None:
    p = data.draw(st.integers(0, len(body) - 1))
    spans = split_sentences(body[p])
    start, end = spans[data.draw(st.integers(0, len(spans) - 1))]
    rest = (body[p][:start] + body[p][end:]).strip()
    new = (*body[:p], *([rest] if rest else []), *body[p + 1 :])
    kinds = {f.kind for f in compare_articles(article(*body), article(*new))}
    assert kinds <= {"figure_removed", "quote_removed", "quote_changed"}


@given(st.sampled_from(_ALL), st.sampled_from(_ALL), st.data())
def test_inserting_a_paragraph_only_reports_additions(
    body: tuple[str, ...], other: tuple[str, ...], data: st.DataObject
) -> None:
    added = data.draw(st.sampled_from([p for p in other if p not in body] or ["No news."]))
    at = data.draw(st.integers(0, len(body)))
    new = (*body[:at], added, *body[at:])
    kinds = {f.kind for f in compare_articles(article(*body), article(*new))}
    assert kinds <= {"figure_added", "quote_added", "correction_added"}
