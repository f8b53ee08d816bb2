"""The kinds of flag a comparison raises, by name.

Apart from the claims that raise them, so the command line can check `--kind` without loading
the analysis.
"""

from typing import Final, Literal, get_args

FlagKind = Literal[
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
]
FLAG_KINDS: Final[tuple[str, ...]] = get_args(FlagKind)
