"""The options a desk relies on: global ones anywhere, typos refused, help a person can read."""

import json
import re
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from monitor.cli import app

Run = Callable[..., str]  # the redline fixture: redline(*args, code=0) -> output


def test_db_and_log_options_may_follow_the_command(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    db = str(tmp_path_factory.mktemp("db") / "after.db")
    runner = CliRunner()
    added = runner.invoke(app, ["add", "https://news.example/a", "--db", db, "-q"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["list", "--format", "json", f"--db={db}"])
    assert [w["url"] for w in json.loads(listed.output)] == ["https://news.example/a"]


@pytest.mark.parametrize("command", [("changes",), ("report", "-o", "r.html"), ("feed",)])
def test_an_unknown_kind_is_an_error_that_lists_the_valid_ones(
    redline: Run, command: tuple[str, ...]
) -> None:
    out = redline(*command, "--kind", "figure_changd", code=2)
    assert "unknown --kind 'figure_changd'" in out
    assert "figure_changed" in out
    assert "removed" in out


def test_an_event_kind_and_a_flag_kind_are_both_accepted(redline: Run) -> None:
    assert "No changes found." in redline("changes", "--kind", "removed", "--kind", "quote_added")


def test_serve_refuses_a_tick_that_would_spin_a_core(redline: Run) -> None:
    assert "--tick must be at least 0.1" in redline("serve", "--tick", "0", code=2)


def test_help_names_no_python_types_for_flags_and_lists(redline: Run) -> None:
    for command in (("add",), ("changes",), ("notify", "add")):
        shown = redline(*command, "--help")
        assert not re.search(r"<bool>|<list\[|<int>\s+Log", shown), shown
    assert "<str>" in redline("add", "--help")
