"""Flag lines: what `redline show`, notifications and the feed print for each flag."""

import pytest

from monitor.review.render import figure_delta, flag_line


@pytest.mark.parametrize(
    ("flag", "line"),
    [
        (
            {"kind": "figure_changed", "before": "$119 million", "after": "$138 million",
             "delta": 19e6, "relative": 19 / 119, "unit": "USD"},
            "FIGURE  $119 million -> $138 million (+$19 million, +16%)",
        ),
        (
            {"kind": "figure_changed", "before": "about 31,000", "after": "about 27,000",
             "delta": -4000.0, "relative": -4000 / 31000, "unit": "count"},
            "FIGURE  about 31,000 -> about 27,000 (-4,000, -13%)",
        ),
        (
            {"kind": "figure_changed", "before": "May 14", "after": "May 21", "unit": "date"},
            "FIGURE  May 14 -> May 21",
        ),
        (
            {"kind": "quote_changed", "before": "This is a disgrace",
             "after": "This is deeply disappointing", "speaker": "Glenn Haverford"},
            "QUOTE CHANGED  \u201cThis is a disgrace\u201d -> "
            "\u201cThis is deeply disappointing\u201d (Glenn Haverford)",
        ),
        (
            {"kind": "quote_removed", "before": "\u201cSomething has to give.\u201d",
             "after": None, "speaker": "Annette Graves"},
            "QUOTE REMOVED  \u201cSomething has to give.\u201d (Annette Graves)",
        ),
        (
            {"kind": "attribution_changed", "before": "Rosa Delgado", "after": "Anil Mehta",
             "speaker": "Anil Mehta"},
            "ATTRIBUTION  Rosa Delgado -> Anil Mehta",
        ),
        (
            {"kind": "figure_added", "before": None, "after": "24 hours", "unit": "hours"},
            "FIGURE ADDED  24 hours",
        ),
    ],
)  # fmt: skip
def test_flag_line_names_the_kind_then_before_and_after_then_speaker_or_difference(
    flag: dict[str, object], line: str
) -> None:
    assert flag_line(flag) == line


@pytest.mark.parametrize(
    ("delta", "unit", "shown"),
    [
        (19e6, "USD", "+$19 million"),
        (-1.25e9, "EUR", "-\u20ac1.25 billion"),
        (2.5e12, "GBP", "+\u00a32.5 trillion"),
        (500.0, "SEK", "+SEK 500"),
        (8.0, "USD", "+$8"),
        (70.0, "count", "+70"),
        (-12000.0, "count", "-12,000"),
        (3.5, "percent", "+3.5 points"),
        (1.0, "percentage points", "+1 point"),
        (2.0, "hours", "+2 hours"),
        (0.0, "count", "+0"),
        (None, "count", None),
        (5.0, None, None),
    ],
)
def test_figure_delta_reads_like_a_reporter_would_write_it(
    delta: float | None, unit: str | None, shown: str | None
) -> None:
    assert figure_delta(delta, unit) == shown
