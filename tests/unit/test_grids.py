"""Tables printed to a pipe or a file: plain aligned lines, nothing cut, nothing drawn."""

from rich.cells import cell_len

from monitor.cli.app import escape_markup
from monitor.cli.grids import Grid, plain_lines


def test_columns_line_up_under_their_headers_two_spaces_apart() -> None:
    grid = Grid("id", "state", "next")
    grid.add_row("7", "active", "in 5m")
    grid.add_row("1234", "error: timed out", "in 2h")

    assert plain_lines(grid) == [
        "id    state             next",
        "7     active            in 5m",
        "1234  error: timed out  in 2h",
    ]


def test_a_cell_of_several_lines_takes_as_many_lines_and_its_markup_is_dropped() -> None:
    url = "https://news.example/politics/2026/12/06/a-long-story-slug-about-the-council-budget"
    grid = Grid("id", "article", "tags")
    grid.add_row("1", f"Council budget\n[dim]{url}[/dim]", "politics")

    assert plain_lines(grid) == [
        "id  article" + " " * (len(url) - len("article")) + "  tags",
        "1   Council budget" + " " * (len(url) - len("Council budget")) + "  politics",
        f"    {url}",
    ]


def test_text_from_pages_prints_as_it_reads_without_control_codes() -> None:
    grid = Grid("headline")
    grid.add_row(escape_markup("[Update] Storm \x1b[31mwarning\x07"))

    assert plain_lines(grid)[1] == "[Update] Storm warning"


def test_wide_characters_keep_the_columns_aligned() -> None:
    grid = Grid("headline", "lang")
    grid.add_row("台风登陆", "zh")
    grid.add_row("Typhoon", "en")

    starts = {cell_len(line[: line.rindex(" ") + 1]) for line in plain_lines(grid)}
    assert len(starts) == 1  # "lang", "zh" and "en" start in the same column
