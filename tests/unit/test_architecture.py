"""The house rules that keep the tree readable: a pure core, and rooms of a readable size."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_PACKAGES = ("monitor/analysis", "monitor/extraction")
# What a pure module may not reach for: the network, the database, the event loop, the clock.
FORBIDDEN_IMPORTS = ("httpx", "sqlalchemy", "sqlmodel", "storage", "asyncio", "time")
# Calls that read the clock even without importing `time`.
FORBIDDEN_CALLS = ("now", "utcnow", "today")
# A compute budget is not a reading of the clock: diff-match-patch checks its deadline against
# time.time(), so the diff passes one in and reports a cut-off diff as a rewrite.
ALLOWED = {("monitor/analysis/diffing.py", "time")}

MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 150
SIZED_PACKAGES = ("monitor", "storage")


def _modules(*packages: str) -> list[Path]:
    return sorted(path for package in packages for path in (ROOT / package).rglob("*.py"))


def _imports(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", _modules(*PURE_PACKAGES), ids=_relative)
def test_pure_modules_import_no_network_database_event_loop_or_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reached = {
        root
        for name in _imports(tree)
        if (root := name.split(".")[0]) in FORBIDDEN_IMPORTS
        and (_relative(path), root) not in ALLOWED
    }
    assert not reached, f"{_relative(path)} imports {sorted(reached)}; keep I/O at the edges"


@pytest.mark.parametrize("path", _modules(*PURE_PACKAGES), ids=_relative)
def test_pure_modules_never_read_the_date(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in FORBIDDEN_CALLS
    ]
    assert not calls, f"{_relative(path)} reads the clock on lines {calls}; pass a time in"


def test_the_purity_guard_catches_an_io_import() -> None:
    tree = ast.parse("import httpx\nfrom storage.tables import Watch\nfrom . import text\n")
    assert {name.split(".")[0] for name in _imports(tree)} == {"httpx", "storage"}


@pytest.mark.parametrize("path", _modules(*SIZED_PACKAGES), ids=_relative)
def test_modules_stay_under_the_size_of_one_room(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{_relative(path)} has {lines} lines; split it"


@pytest.mark.parametrize("path", _modules(*SIZED_PACKAGES), ids=_relative)
def test_classes_stay_small(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    large = {
        node.name: (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_CLASS_LINES
    }
    assert not large, f"{_relative(path)}: classes over {MAX_CLASS_LINES} lines: {large}"
