"""`redline migrate-db`: the README's moving guide, on a database made by `redline demo`."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from storage.repository import Store
from storage.search import parse_terms


def redline(db: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["--db", db, *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def review(db: str) -> list[object]:
    """Everything the review commands show, as JSON."""
    watches = json.loads(redline(db, "list", "--format", "json"))
    changes = json.loads(redline(db, "changes", "--format", "json"))
    return [
        watches,
        changes,
        *(json.loads(redline(db, "show", str(c["id"]), "--format", "json")) for c in changes),
        *(json.loads(redline(db, "history", w["url"], "--format", "json")) for w in watches),
    ]


@pytest.mark.slow
def test_a_demo_database_moves_with_its_whole_history(tmp_path: Path, db_url: str) -> None:
    demo = str(tmp_path / "demo.db")
    redline(demo, "demo", "--seconds", "5", "--keep", demo)
    before = review(demo)
    assert before[1], "the demo found no changes to move"

    out = redline(demo, "migrate-db", "--to", db_url)

    assert "copied to" in out
    assert "watch 3" in out
    assert review(db_url) == before
    # The full-text index is rebuilt from the copied rows, on either backend.
    with_figures = Store.open(db_url)
    assert with_figures.search.versions(parse_terms("million")), "nothing found after the move"
    with_figures.close()
    # New rows continue after the copied ids.
    assert "watching #4 " in redline(db_url, "add", "https://news.example/after-the-move")


def test_moving_into_a_database_that_has_data_is_refused(tmp_path: Path, db_url: str) -> None:
    source = str(tmp_path / "source.db")
    redline(source, "add", "https://news.example/a")
    redline(db_url, "add", "https://news.example/b")

    out = redline(source, "migrate-db", "--to", db_url, code=2)

    assert "the target database is not empty (watch 1)" in out
    [kept] = json.loads(redline(db_url, "list", "--format", "json"))
    assert kept["url"] == "https://news.example/b"
