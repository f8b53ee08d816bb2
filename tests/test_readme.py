"""The README stays honest: every command is documented and the two commands it gives exist."""

import re
from pathlib import Path

import typer

from monitor.cli import app

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_is_documented_in_the_readme() -> None:
    undocumented = [n for n in command_names() if not re.search(rf"redline {n}\b", README)]
    assert undocumented == []


def test_the_two_commands_are_the_ci_entry_points() -> None:
    assert "./dev demo" in README
    assert "./dev test" in README
    assert "./dev test" in (ROOT / ".ci" / "run").read_text()
