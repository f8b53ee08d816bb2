"""A full disk: one clear line, a clean stop, nothing half-written, and work resumes after.

The database lives on a real 8 MB tmpfs filled to the last byte (mounting needs root; the
tests skip where that is not allowed).
"""

import contextlib
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.newsroom import LocalNewsSite

pytestmark = pytest.mark.slow

FULL = "the disk holding the database is full"


class Disk:
    """A small filesystem holding the database, which can be filled and freed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.db = root / "redline.db"
        self._filler = root / "filler"

    def fill(self) -> None:
        """Leave no free byte: the WAL is emptied first, so the next write must grow a file."""
        with sqlite3.connect(self.db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with contextlib.suppress(OSError), self._filler.open("ab") as filler:
            for size in (1 << 16, 1 << 10, 1):
                with contextlib.suppress(OSError):
                    while True:
                        filler.write(b"\0" * size)
                        filler.flush()

    def free(self) -> None:
        self._filler.unlink()

    def count(self, sql: str) -> int:
        with sqlite3.connect(self.db) as conn:
            return int(conn.execute(sql).fetchone()[0])


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    root = tmp_path / "disk"
    root.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(root)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield Disk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False)


def redline(disk: Disk, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(disk.db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def assert_one_clear_line(code: int, output: str) -> None:
    assert code == 2, output
    assert FULL in output
    assert "Traceback" not in output
    assert "sqlalchemy" not in output.lower()


def test_add_and_import_on_a_full_disk_say_so_and_write_nothing(disk: Disk, tmp_path: Path) -> None:
    assert redline(disk, "add", "https://example.com/news/first")[0] == 0
    watch_list = tmp_path / "watches.toml"
    watch_list.write_text(
        "".join(f'[[watch]]\nurl = "https://example.com/news/{n}"\n' for n in range(200))
    )
    disk.fill()

    assert_one_clear_line(*redline(disk, "add", "https://example.com/news/second"))
    assert_one_clear_line(*redline(disk, "import", str(watch_list)))
    assert disk.count("SELECT count(*) FROM watch") == 1  # all or nothing: nothing

    disk.free()
    assert redline(disk, "import", str(watch_list))[0] == 0
    assert disk.count("SELECT count(*) FROM watch") == 201


def test_check_on_a_full_disk_stops_cleanly_and_checks_everything_once_there_is_room(
    disk: Disk, site: LocalNewsSite
) -> None:
    for slug in site.slugs:
        assert redline(disk, "add", site.url(slug))[0] == 0
    disk.fill()

    assert_one_clear_line(*redline(disk, "check", "--min-gap", "0"))
    assert disk.count('SELECT count(*) FROM "check"') == 0
    disk.free()

    code, output = redline(disk, "check", "--min-gap", "0")
    assert code == 0, output
    assert disk.count("SELECT count(*) FROM \"check\" WHERE outcome = 'first'") == len(site.slugs)
    assert disk.count("SELECT count(*) FROM \"check\" WHERE outcome = 'internal_error'") == 0


def test_serve_on_a_full_disk_stops_with_one_line_and_leaves_nothing_claimed(
    disk: Disk, site: LocalNewsSite
) -> None:
    for slug in site.slugs:
        assert redline(disk, "add", site.url(slug))[0] == 0
    disk.fill()

    service = subprocess.run(
        [sys.executable, "-m", "monitor", "--db", str(disk.db), "serve", "--tick", "0.2"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert service.returncode == 2, service.stderr
    assert FULL in service.stderr
    assert "Traceback" not in service.stderr
    disk.free()
    assert disk.count("SELECT count(*) FROM watch WHERE lease_owner IS NOT NULL") == 0
