"""Figures: what counts as a number a reader would notice, and what it means."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.analysis.figures import Figure, find_figures


def _one(sentence: str) -> Figure:
    figures = find_figures(sentence)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("sentence", "printed", "value", "unit"),
    [
        # money: symbols, codes, scale words, British abbreviations
        ("The council approved a $412 million budget.", "$412 million", 412e6, "USD"),
        ("The company raised £3.2bn from investors.", "£3.2bn", 3.2e9, "GBP"),
        ("The deal is worth US$1.2 million.", "US$1.2 million", 1.2e6, "USD"),
        ("Brussels set aside €1.5 billion for the fund.", "€1.5 billion", 1.5e9, "EUR"),
        ("The bank was fined $1,200,000 last year.", "$1,200,000", 1.2e6, "USD"),
        ("A startup valued at $500k closed its doors.", "$500k", 5e5, "USD"),
        ("The club paid £40m for the striker.", "£40m", 4e7, "GBP"),
        ("Canada pledged C$3.5bn for housing.", "C$3.5bn", 3.5e9, "CAD"),
        ("The loan was for USD 5 million.", "USD 5 million", 5e6, "USD"),
        ("The fine was 2 million dollars.", "2 million dollars", 2e6, "USD"),
        ("Shares closed at 450p in London.", "450p", 450.0, "pence"),
        ("Gasoline rose 50 cents a gallon.", "50 cents", 50.0, "cents"),
        # percentages and points
        ("Water rates will rise 3 percent.", "3 percent", 3.0, "percent"),
        ("The economy grew 0.3 per cent in the quarter.", "0.3 per cent", 0.3, "percent"),
        ("Shares fell 12% in early trading.", "12%", 12.0, "percent"),
        ("Inflation rose to 3.2pc in March.", "3.2pc", 3.2, "percent"),
        (
            "Unemployment rose 1.5 percentage points.",
            "1.5 percentage points",
            1.5,
            "percentage points",
        ),
        ("The bank raised rates by 25 basis points.", "25 basis points", 25.0, "basis points"),
        ("The Dow fell 300 points on Monday.", "300 points", 300.0, "points"),
        # counts, spelled numbers, tallies of people and things
        ("The department had lost 23 officers since January.", "23", 23.0, "count"),
        ("Library hours will be cut at four branches.", "four", 4.0, "count"),
        ("A petition gathered 6,300 signatures.", "6,300", 6300.0, "count"),
        ("The roster lists twenty-one players.", "twenty-one", 21.0, "count"),
        ("The agency will hire a dozen inspectors.", "a dozen", 12.0, "count"),
        (
            "The project employs two hundred and fifty workers.",
            "two hundred and fifty",
            250.0,
            "count",
        ),
        ("The city had 1.2m residents in the census.", "1.2m", 1.2e6, "count"),
        ("Police said 52 people were killed.", "52", 52.0, "count"),
        # multipliers, fractions, ratios
        ("Prices were three times higher than forecast.", "three times", 3.0, "times"),
        ("Turnout was twice the usual level.", "twice", 2.0, "times"),
        ("Demand grew tenfold in a decade.", "tenfold", 10.0, "times"),
        ("About two-thirds of members backed the motion.", "About two-thirds", 2 / 3, "fraction"),
        ("Officials said one in five residents had left.", "one in five", 0.2, "ratio"),
        # durations, ages, measures
        ("The meeting ended a nine-hour session.", "nine-hour", 9.0, "hours"),
        ("The 90-minute hearing was adjourned.", "90-minute", 90.0, "minutes"),
        ("He was sentenced to 15 years in prison.", "15 years", 15.0, "years"),
        ("A 72-year-old man was arrested.", "72-year-old", 72.0, "age"),
        ("Ruth Albers, 72, a retired teacher, spoke last.", "72", 72.0, "age"),
        ("The money will replace 12 miles of pipe.", "12 miles", 12.0, "miles"),
        ("Police seized 1.5 tonnes of cocaine.", "1.5 tonnes", 1.5, "tonnes"),
        ("Temperatures fell to minus 10 degrees.", "minus 10 degrees", -10.0, "degrees"),
        ("It was 20C in London on Monday.", "20C", 20.0, "degrees"),
        ("Demand for chips rose 3x last year.", "3x", 3.0, "times"),
        # "m" against a number: metres unless money or a plural count makes it a million
        ("She won the 100m on Saturday.", "100m", 100.0, "metres"),
        ("He ran the 400m hurdles in Rome.", "400m", 400.0, "metres"),
        ("Waves reached 8m on the coast.", "8m", 8.0, "metres"),
        ("The show drew 3m viewers on Sunday.", "3m", 3e6, "count"),
        # a count after a weekday is not a numbered name
        ("The sheriff said Saturday 12 people were hurt.", "12", 12.0, "count"),
        # calendar
        ("The plant opened in 1998.", "1998", 1998.0, "year"),
        ("In the 1990s the mill closed.", "1990s", 1990.0, "decade"),
        ("Polls closed at 8 p.m. on Tuesday.", "8 p.m.", 20.0, "time"),
        ("The hearing resumes at 5p.m. today.", "5p.m.", 17.0, "time"),
        ("The meeting starts at 10:30 a.m. sharp.", "10:30 a.m.", 10.5, "time"),
    ],
)
def test_figure_is_read_with_value_and_unit(
    sentence: str, printed: str, value: float, unit: str
) -> None:
    figure = _one(sentence)
    assert figure.text == printed
    assert figure.unit == unit
    assert figure.value == pytest.approx(value)
    assert sentence[figure.start : figure.end] == printed


@pytest.mark.parametrize(
    ("sentence", "printed", "qualifier"),
    [
        ("Overtime exceeded projections by nearly 40 percent.", "nearly 40 percent", "nearly"),
        ("The cuts will save about $1.2 million.", "about $1.2 million", "about"),
        ("It will add roughly $4 a month.", "roughly $4", "about"),
        ("At least 40 people were killed.", "At least 40", "at least"),
        ("More than 100 were injured.", "More than 100", "more than"),
        ("Over 100 were injured.", "Over 100", "more than"),
        ("As many as 300 jobs could go.", "As many as 300", "up to"),
        ("Fewer than 20 students enrolled.", "Fewer than 20", "less than"),
        ("An estimated 3 million people watched.", "An estimated 3 million", "about"),
        ("Hundreds of flights were cancelled.", "Hundreds", "order of"),
        ("Tens of thousands of people marched.", "Tens of thousands", "order of"),
        ("Markets price in around a 60% chance of a cut.", "around a 60%", "about"),
        ("Shares fell more than an 8% margin.", "more than an 8%", "more than"),
    ],
)
def test_qualifier_is_kept_on_the_figure_and_classed(
    sentence: str, printed: str, qualifier: str
) -> None:
    figure = _one(sentence)
    assert (figure.text, figure.qualifier) == (printed, qualifier)


@pytest.mark.parametrize(
    ("sentence", "printed", "low", "high", "unit"),
    [
        ("The vote was 7 to 4.", "7 to 4", 7, 4, "tally"),
        ("The Supreme Court ruled 5-4 in the case.", "5-4", 5, 4, "tally"),
        ("It was a 5-to-4 decision.", "5-to-4", 5, 4, "tally"),
        ("The bill passed 218-214 in the House.", "218-214", 218, 214, "tally"),
        ("The vote was eleven to three.", "eleven to three", 11, 3, "tally"),
        (
            "Between 10 and 12 percent were undecided.",
            "Between 10 and 12 percent",
            10,
            12,
            "percent",
        ),
        ("Forecasters expect 10 to 12 inches of snow.", "10 to 12 inches", 10, 12, "inches"),
        (
            "The cost was put at $4.7 billion to $5.1 billion.",
            "$4.7 billion to $5.1 billion",
            4.7e9,
            5.1e9,
            "USD",
        ),
        ("The project will cost $5 to $10 million.", "$5 to $10 million", 5e6, 10e6, "USD"),
        ("Adults aged 18 to 24 were surveyed.", "18 to 24", 18, 24, "age"),
        ("The 2024-25 budget runs to 400 pages.", "2024-25", 2024, 2025, "year"),
    ],
)
def test_range_or_tally_is_one_figure_with_both_ends(
    sentence: str, printed: str, low: float, high: float, unit: str
) -> None:
    figure = find_figures(sentence)[0]
    assert (figure.text, figure.unit) == (printed, unit)
    assert figure.value == pytest.approx(low)
    assert figure.upper == pytest.approx(high)


@pytest.mark.parametrize(
    ("sentence", "baselines"),
    [
        ("The toll rose to 52, up from 40 on Friday.", ["40"]),
        ("About 2,400 left, up from an initial estimate of 2,000.", ["2,000"]),
        ("Sales rose 5% compared with 3% a year earlier.", ["3%"]),
        ("It will cost $940 million, up from an estimate of $610 million.", ["$610 million"]),
        ("The toll rose from 40 to 52 overnight.", ["40"]),
        ("The toll rose to 52 overnight.", []),
    ],
)
def test_the_point_a_change_started_from_is_a_baseline(sentence: str, baselines: list[str]) -> None:
    assert [f.text for f in find_figures(sentence) if f.baseline] == baselines


def test_from_to_is_a_change_described_not_a_range() -> None:
    figures = find_figures("The toll rose from 40 to 52 overnight.")
    assert [(f.text, f.upper) for f in figures] == [("40", None), ("52", None)]


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("The budget takes effect July 1.", "--07-01"),
        ("He was charged on Jan. 5, 2024, in Ohio.", "2024-01-05"),
        ("She appeared in court on 12 March.", "--03-12"),
        ("The report is due 5 July 2024.", "2024-07-05"),
        ("Sales peaked in July 2024.", "2024-07"),
        ("The festival runs June 3-5.", "--06-03/05"),
        ("Applications close on May 5.", "--05-05"),
    ],
)
def test_dates_are_their_own_kind_compared_by_label(sentence: str, label: str) -> None:
    figure = _one(sentence)
    assert (figure.unit, figure.value, figure.label) == ("date", None, label)


@pytest.mark.parametrize(
    "sentence",
    [
        "One of the officers said no one was hurt.",
        "It was the first time in the second half that they led.",
        "The twenty-first century began quietly.",
        "The COVID-19 pandemic closed the F-35 plant.",
        "Traffic backed up on Route 66 and Interstate 95.",
        "The S&P 500 and the FTSE 100 both slipped.",
        "He is the No. 2 official at the agency.",
        "The 9/11 memorial is open 24/7.",
        "The 49ers signed a deal for 5G coverage in 3D.",
        "The 6'2\" forward was the tallest.",
        "Stations 4 and 7 will close; Games 3, 4 and 5 sold out.",
        "They met one another at a third term rally.",
    ],
)
def test_ordinals_idioms_and_names_are_not_figures(sentence: str) -> None:
    assert [f.text for f in find_figures(sentence)] == []


def test_bare_one_is_weak_but_a_qualified_or_scaled_one_is_not() -> None:
    weak = find_figures("The blast killed one person.")
    strong = find_figures("At least one person died; the fund holds one million dollars.")
    assert [(f.text, f.weak) for f in weak] == [("one", True)]
    assert [(f.text, f.weak) for f in strong] == [
        ("At least one", False),
        ("one million dollars", False),
    ]


@pytest.mark.parametrize(
    ("sentence", "weak"),
    [
        ("Two-year gilt yields fell 8 basis points.", [True, False]),
        ("The 10-year Treasury note yield rose.", [True]),
        ("Rates are at a 16-year high.", [False]),
        ("The nine-hour session ended at dawn.", [False]),
    ],
)
def test_a_bond_named_by_its_term_is_weak(sentence: str, weak: list[bool]) -> None:
    assert [f.weak for f in find_figures(sentence)] == weak


def test_a_rank_in_digits_is_a_weak_ordinal() -> None:
    figures = find_figures("He finished 2nd in the 21st round.")
    assert [(f.text, f.unit, f.value, f.weak) for f in figures] == [
        ("2nd", "ordinal", 2.0, True),
        ("21st", "ordinal", 21.0, True),
    ]


def test_one_in_a_compound_is_weak() -> None:
    assert [(f.text, f.unit, f.weak) for f in find_figures("Its biggest one-day drop.")] == [
        ("one-day", "days", True)
    ]


def test_count_remembers_what_it_counts_for_pairing() -> None:
    assert [f.noun for f in find_figures("It lost 23 officers and 11 branches.")] == [
        "officer",
        "branch",
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("There are 3 candidates.", "There are three candidates."),
        ("The city has 11 branches.", "The city has eleven branches."),
        ("The petition had 3,000 names.", "The petition had 3000 names."),
        ("It will save $1.2 million.", "It will save $1,200,000."),
        ("The economy grew 0.3%.", "The economy grew 0.3 per cent."),
        ("Rates rose 3 percent.", "Rates rose 3 pct."),
        ("It cost £3.2bn.", "It cost £3.2 billion."),
        ("About 300 people came.", "Around 300 people came."),
        ("More than 300 people came.", "Over 300 people came."),
        ("The vote was 7 to 4.", "The vote was 7-4."),
        ("They met on Jan. 5.", "They met on January 5."),
        ("Polls close at 8 p.m.", "Polls close at 8pm."),
        ("It took twenty-one days.", "It took 21 days."),
        ("She won the 200m.", "She won the 200 meters."),
    ],
)
def test_respelled_figure_has_the_same_key(a: str, b: str) -> None:
    assert [f.key for f in find_figures(a)] == [f.key for f in find_figures(b)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Prices rose 15 percent.", "Prices rose 15 times."),
        ("Overtime rose nearly 40 percent.", "Overtime rose more than 40 percent."),
        ("Hundreds of people marched.", "Thousands of people marched."),
        ("It cost $5 million.", "It cost £5 million."),
        ("He served 31 years.", "He served 13 years."),
        ("The vote was 7 to 4.", "The vote was 8 to 3."),
        ("Rates rose 3 percent.", "Rates rose 3 percentage points."),
    ],
)
def test_different_claims_have_different_keys(a: str, b: str) -> None:
    assert [f.key for f in find_figures(a)] != [f.key for f in find_figures(b)]


_PIECES = st.sampled_from(
    [
        *"abcT 0123456789.,;:-'\"“”‘’$£%()",
        "said ",
        "million ",
        "percent ",
        "to ",
        "and ",
        "one ",
        "July ",
        "p.m. ",
        "Mr. ",
        "-year-old ",
        "bn",
        "between ",
        "nearly ",
        "per cent",
    ]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_figures_point_at_their_printed_text_in_order(text: str) -> None:
    figures = find_figures(text)
    for figure in figures:
        assert text[figure.start : figure.end] == figure.text
    assert [f.start for f in figures] == sorted(f.start for f in figures)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_quote_style_never_changes_the_figures(text: str) -> None:
    straight = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    assert [f.key for f in find_figures(text)] == [f.key for f in find_figures(straight)]
