"""Fixtures for driving redline end to end: the local news site and the CLI in-process."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.newsroom import LocalNewsSite

Run = Callable[..., str]  # redline(*args, code=0) -> output


@pytest.fixture
def site() -> Iterator[LocalNewsSite]:
    """The demo news site, its stories at their first revision."""
    with LocalNewsSite(seed=3) as running:
        yield running


@pytest.fixture
def redline(tmp_path: Path) -> Run:
    """Run a `redline` command on this test's database; asserts the exit code, returns output."""
    runner = CliRunner()
    db = str(tmp_path / "cli.db")

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == code, result.output
        assert "Traceback" not in result.output
        return result.output

    return run
