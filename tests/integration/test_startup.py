"""Starting the command line loads only what the command needs.

`redline --help` and the short commands must start at once, so the command modules import the
database, HTTP, analysis and web stacks inside the commands that use them. Each test runs a
fresh interpreter and looks at what it loaded: a specification of what is imported, not a
timing (bench/bench_startup.py measures the time).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storage.repository import Store

# What only some commands need; any of these at import time costs every command its load.
HEAVY = (
    "alembic",
    "apprise",
    "apscheduler",
    "feedparser",
    "httpx",
    "lxml",
    "sqlalchemy",
    "sqlmodel",
    "starlette",
    "trafilatura",
    "uvicorn",
    "monitor.analysis.claims",
    "monitor.extraction",
    "monitor.watching.service",
    "storage.repository",
)


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code` (SystemExit included)."""
    script = (
        "import json, sys\n"
        f"try:\n    {code}\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    modules: list[str] = json.loads(done.stderr.splitlines()[-1])
    return set(modules)


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(h for h in HEAVY if any(m == h or m.startswith(f"{h}.") for m in modules))


@pytest.mark.slow
def test_importing_the_command_line_loads_no_database_http_analysis_or_web_stack() -> None:
    assert heavy_in(loaded_after("import monitor.cli")) == []


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--help"], ["list", "--help"], ["changes", "--help"]])
def test_help_is_printed_without_loading_them(args: list[str]) -> None:
    code = f"from monitor.cli import main; sys.argv = ['redline', *{args!r}]; main()"
    assert heavy_in(loaded_after(code)) == []


@pytest.mark.slow
def test_a_current_database_is_opened_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'redline.db'}"
    Store.open(url).close()  # created: migrated by Alembic once

    loaded = loaded_after(f"from storage.repository import Store; Store.open({url!r}).close()")

    assert not {"alembic", "storage.migrating"} & loaded


@pytest.mark.slow
def test_the_service_process_leaves_extraction_and_analysis_to_its_workers() -> None:
    loaded = loaded_after("import monitor.watching.service, monitor.watching.workers")

    reading = ("trafilatura", "monitor.extraction.pipeline", "monitor.analysis.comparison")
    assert not set(reading) & loaded
    assert "monitor.watching.assessing" not in loaded  # what the workers preload
