"""Tables of the review commands: drawn in a terminal, plain aligned lines when piped.

Rich lays out every cell of a table before printing any of it, about a millisecond a row, so
`redline list` piped over 5,000 watches took five seconds. Piped output (a file, `less`, grep)
is plain: the header and each row on lines of their own, columns aligned, nothing cut or
wrapped, a cell of several lines on as many lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from monitor.analysis.text import strip_controls
from monitor.cli.app import out

if TYPE_CHECKING:
    from rich.table import Table

# Between two columns of a plain table.
_GAP = "  "


class Grid:
    """The rows of a table; cells are rich markup (see `escape_markup`), a line break in a cell
    starts a new line in it."""

    def __init__(self, *headers: str) -> None:
        self.headers = headers
        self.rows: list[tuple[str, ...]] = []

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)


def print_grid(grid: Grid) -> None:
    """Print `grid` as a table in a terminal and as plain aligned lines anywhere else."""
    if out.is_terminal:
        out.print(_drawn(grid))
    else:
        out.file.write("".join(f"{line}\n" for line in plain_lines(grid)))


def plain_lines(grid: Grid) -> list[str]:
    """The table as lines of text: columns as wide as their widest line, two spaces apart."""
    rows = [[[strip_controls(h)] for h in grid.headers]]
    rows += [[_lines(cell) for cell in row] for row in grid.rows]
    widths = [max(cell_len(line) for row in rows for line in row[i]) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        for n in range(max(len(cell) for cell in row)):
            parts = [cell[n] if n < len(cell) else "" for cell in row]
            padded = [p + " " * (w - cell_len(p)) for p, w in zip(parts, widths, strict=True)]
            lines.append(_GAP.join(padded).rstrip())
    return lines


def _lines(cell: str) -> list[str]:
    return [strip_controls(line) for line in Text.from_markup(cell).plain.split("\n")]


def _drawn(grid: Grid) -> Table:
    """A rich table whose cells break long words (URLs) across lines instead of cutting them to
    `http://...`, so every character stays there to read and copy."""
    from rich.table import Table

    table = Table(*grid.headers)
    for column in table.columns:
        column.overflow = "fold"
    for row in grid.rows:
        table.add_row(*row)
    return table
