"""Quotations: where they are, where sentences end around them, and who is said to speak."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.analysis.quotes import find_quotes, fold, same_speaker, split_sentences


def _sentences(paragraph: str) -> list[str]:
    return [paragraph[s:e] for s, e in split_sentences(paragraph)]


def _quoted(*paragraphs: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in find_quotes(paragraphs)]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "The vote was 7 to 4. The mayor signed it.",
            ["The vote was 7 to 4.", "The mayor signed it."],
        ),
        ("“We are done,” she said. “Goodbye.”", ["“We are done,” she said.", "“Goodbye.”"]),
        (
            "“Why now?” Ortega asked. “Why not last year?”",
            ["“Why now?” Ortega asked.", "“Why not last year?”"],
        ),
        ("“Why now?” asked Ortega.", ["“Why now?” asked Ortega."]),
        ("Dr. J. R. Smith of St. Louis spoke.", ["Dr. J. R. Smith of St. Louis spoke."]),
        ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
        ("He moved to the U.S. Capitol on Jan. 5.", ["He moved to the U.S. Capitol on Jan. 5."]),
        (
            "Polls closed at 8 p.m. Officials began counting.",
            ["Polls closed at 8 p.m.", "Officials began counting."],
        ),
        (
            "Mr. Smith and Mrs. Jones left. Gov. Lee stayed.",
            ["Mr. Smith and Mrs. Jones left.", "Gov. Lee stayed."],
        ),
        (
            "It rose 3.2 per cent. Analysts had expected 3.1.",
            ["It rose 3.2 per cent.", "Analysts had expected 3.1."],
        ),
        (
            "The case is Roe v. Wade. It was decided in 1973.",
            ["The case is Roe v. Wade.", "It was decided in 1973."],
        ),
        (
            "The council backed Plan B. The mayor did not.",
            ["The council backed Plan B.", "The mayor did not."],
        ),
        ("John F. Kennedy spoke in Dallas.", ["John F. Kennedy spoke in Dallas."]),
        ("  Trailing space is trimmed.  ", ["Trailing space is trimmed."]),
        ("No terminal punctuation here", ["No terminal punctuation here"]),
    ],
)
def test_sentences_split_where_a_reader_would(paragraph: str, expected: list[str]) -> None:
    assert _sentences(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # American: curly and straight double quotes, attribution after or before
        (
            ["“We are asking families to pay more,” said Councilman Luis Ortega, who voted no."],
            [("We are asking families to pay more", "Luis Ortega")],
        ),
        (
            ['"This was a tragedy," Police Chief Maria Lopez told reporters.'],
            [("This was a tragedy", "Maria Lopez")],
        ),
        (
            ["The minister said: “The economy is recovering.”"],
            [("The economy is recovering.", "the minister")],
        ),
        (
            ['In a statement, the company said: "We are cooperating fully."'],
            [("We are cooperating fully.", "the company")],
        ),
        (
            ["“The talks were constructive,” a senior official told Reuters on Tuesday."],
            [("The talks were constructive", "a senior official")],
        ),
        (["“He was great,” coach Bill Self said after the game."], [("He was great", "Bill Self")]),
        (
            ["According to the fire department, “at least 12,000 structures” burned."],
            [("at least 12,000 structures", "the fire department")],
        ),
        (
            [
                "Council President Dana Whitfield called the plan “a budget that finally lives "
                "within our means.”"
            ],
            [("a budget that finally lives within our means.", "Dana Whitfield")],
        ),
        # British: single quotes, apostrophes inside, names in apposition
        (
            ["‘We will not be bullied,’ the prime minister, Keir Starmer, told reporters."],
            [("We will not be bullied", "Keir Starmer")],
        ),
        (
            ["‘We’re not going anywhere,’ said the club’s manager, Ange Postecoglou."],
            [("We’re not going anywhere", "Ange Postecoglou")],
        ),
        (
            ["‘The students’ union has been clear,’ said a spokesperson."],
            [("The students’ union has been clear", "a spokesperson")],
        ),
        (
            ["The health secretary, Wes Streeting, said the plan would ‘fix the foundations’."],
            [("fix the foundations", "Wes Streeting")],
        ),
        # a role named by its organisation, with the holder's name beside it
        (
            ["The RMT’s leader, Mick Lynch, said: “We will not back down.”"],
            [("We will not back down.", "Mick Lynch")],
        ),
        (
            ["Aslef’s national organiser, Pat Kerr, said: ‘No offer has been made.’"],
            [("No offer has been made.", "Pat Kerr")],
        ),
        (
            ["“Nobody wants to do that,” said his son, Eric Lindholm, who farms with him."],
            [("Nobody wants to do that", "Eric Lindholm")],
        ),
        # a name set off by commas before its verb is who "he" is later
        (
            [
                "Aslef’s general secretary, Kevin Rourke, said drivers were angry. “We have no "
                "choice,” he said."
            ],
            [("We have no choice", "Kevin Rourke")],
        ),
        # a quote broken by its attribution keeps one speaker for both halves
        (
            [
                "“We cannot keep asking officers to work double shifts,” Chief Graves said. "
                "“Something has to give.”"
            ],
            [
                ("We cannot keep asking officers to work double shifts", "Graves"),
                ("Something has to give.", "Graves"),
            ],
        ),
    ],
)
def test_quote_and_speaker_are_found(
    paragraphs: list[str], expected: list[tuple[str, str | None]]
) -> None:
    assert _quoted(*paragraphs) == expected


def test_pronoun_points_to_the_last_named_speaker() -> None:
    assert _quoted(
        "Mayor Karen Bass spoke at a news conference on Wednesday.",
        "Bass said the city would need federal help. “We cannot do this alone,” she said.",
    ) == [("We cannot do this alone", "Karen Bass")]


def test_short_name_and_title_map_to_the_full_name_seen_earlier() -> None:
    quotes = find_quotes(
        [
            "Chief Annette Graves told the council the department had lost 23 officers.",
            "“We cannot keep asking the same officers to work double shifts,” Chief Graves said.",
            "“They did everything right,” the chief said.",
        ]
    )
    assert [q.speaker for q in quotes] == ["Annette Graves", "Annette Graves"]
    assert [q.explicit for q in quotes] == [True, True]


def test_quote_running_over_paragraphs_is_one_quote() -> None:
    quotes = find_quotes(
        [
            "The minister said: “The economy is recovering. Inflation is falling.",
            "“But we must remain vigilant,” she added.",
        ]
    )
    assert len(quotes) == 1
    assert quotes[0].text == (
        "The economy is recovering. Inflation is falling. But we must remain vigilant"
    )
    assert (quotes[0].paragraph, quotes[0].end_paragraph) == (0, 1)
    assert quotes[0].speaker == "the minister"


def test_quote_starting_a_paragraph_continues_the_previous_speaker() -> None:
    assert _quoted(
        "“We will appeal,” said Maria Lopez, the group’s lawyer.",
        "“This ruling will not stand.”",
    ) == [("We will appeal", "Maria Lopez"), ("This ruling will not stand.", "Maria Lopez")]


@pytest.mark.parametrize(
    "paragraph",
    [
        "It was the ’90s, and rock ’n’ roll was king; the city’s mayor didn’t care.",
        "It was the '90s and the students' union didn't care about O'Brien's plan.",
        "The team’s coach said the players’ effort was 'em all's best.",
        "The 6'2\" forward scored 21 points.",
    ],
)
def test_apostrophes_and_marks_that_are_not_quotes(paragraph: str) -> None:
    assert find_quotes([paragraph]) == []


@pytest.mark.parametrize(
    ("paragraph", "scare"),
    [
        ("The film “Oppenheimer” won seven Oscars.", True),
        ("The so-called “deal” collapsed on Monday.", True),
        ("“Never,” she said.", False),
        ("Critics called the plan “reckless.”", False),
    ],
)
def test_short_unattributed_phrases_are_scare_quotes(paragraph: str, scare: bool) -> None:
    (quote,) = find_quotes([paragraph])
    assert quote.scare is scare


def test_offsets_point_at_the_quote_marks() -> None:
    paragraph = "The vote was close. “We won,” said Ana Ruiz."
    (quote,) = find_quotes([paragraph])
    assert paragraph[quote.start] == "“"
    assert paragraph[quote.end - 1] == "”"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Annette Graves", "Chief Graves", True),
        ("Luis Ortega", "Councilman Luis Ortega", True),
        ("Dana Whitfield", "Whitfield", True),
        ("Ruth Albers", "Ruth Alvarez", False),
        ("Keir Starmer", "Rishi Sunak", False),
        (None, None, True),
        ("Ana Ruiz", None, False),
    ],
)
def test_same_speaker_allows_short_forms_and_titles(
    a: str | None, b: str | None, same: bool
) -> None:
    assert same_speaker(a, b) is same


def test_fold_keeps_offsets() -> None:
    text = "“It’s done — finally…” she said"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == '"It\'s done - finally." she said'


_PARAGRAPH = st.lists(
    st.sampled_from(
        [
            "“",
            "”",
            "‘",
            "’",
            '"',
            "'",
            " ",
            "said ",
            "Ortega ",
            "he ",
            "We ",
            "won",
            ".",
            ",",
            "\n",
            "the city",
            "’90s",
            "don’t ",
        ]
    ),
    max_size=30,
).map("".join)


@given(st.lists(_PARAGRAPH, min_size=1, max_size=4))
def test_quotes_and_sentences_stay_inside_their_paragraphs(paragraphs: list[str]) -> None:
    for p, text in enumerate(paragraphs):
        for start, end in split_sentences(text):
            assert 0 <= start < end <= len(text)
        for quote in find_quotes(paragraphs):
            assert 0 <= quote.paragraph <= quote.end_paragraph < len(paragraphs)
            if quote.paragraph == p:
                assert 0 <= quote.start < len(text)


_WORDS = st.lists(
    st.sampled_from(["we", "will", "rebuild", "the", "city’s", "schools", "don’t", "wait", "now"]),
    min_size=1,
    max_size=6,
).map(" ".join)
_SPEAKERS = st.sampled_from(["Ana Ruiz", "Mayor Joan Petrakis", "she", "a spokesperson"])


@st.composite
def _well_formed(draw: st.DrawFn) -> str:
    """A paragraph of news copy: quotes with attributions around plain sentences."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        words, speaker = draw(_WORDS), draw(_SPEAKERS)
        form = draw(st.integers(0, 2))
        if form == 0:
            parts.append(f"“{words.capitalize()},” {speaker} said.")
        elif form == 1:
            parts.append(f"{speaker[0].upper() + speaker[1:]} said: “{words.capitalize()}.”")
        else:
            parts.append(f"The plan’s {words} stayed in the ’90s.")
    return " ".join(parts)


@given(st.lists(_well_formed(), min_size=1, max_size=3))
def test_straight_and_curly_quotes_find_the_same_speech(paragraphs: list[str]) -> None:
    straight = [fold(p) for p in paragraphs]
    curly_found = [(fold(q.text), q.speaker) for q in find_quotes(paragraphs)]
    straight_found = [(q.text, q.speaker) for q in find_quotes(straight)]
    assert curly_found == straight_found
    assert len(curly_found) == sum(p.count("“") for p in paragraphs)
