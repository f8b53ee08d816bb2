"""`redline serve` as a real process: killed mid-cycle it loses nothing already written."""

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.config import watch_spec
from monitor.newsroom import LocalNewsSite, make_bench_site
from storage.repository import Store

pytestmark = pytest.mark.slow


def start_service(db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "--db", str(db), "serve", "--tick", "0.2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db, timeout=15) as conn:
        return conn.execute(sql).fetchall()


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def assert_consistent(db: Path) -> dict[int, list[int]]:
    """The database is intact and its history has no gaps, duplicates or dangling rows."""
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    versions: dict[int, list[int]] = {}
    for watch_id, number in query(db, "SELECT watch_id, number FROM version ORDER BY 1, 2"):
        versions.setdefault(int(str(watch_id)), []).append(int(str(number)))
    for numbers in versions.values():
        assert numbers == list(range(1, len(numbers) + 1))
    dangling = query(
        db,
        "SELECT c.id FROM change c LEFT JOIN version o ON o.id = c.from_version_id "
        "LEFT JOIN version n ON n.id = c.to_version_id WHERE o.id IS NULL OR n.id IS NULL",
    )
    assert dangling == []
    unlogged = query(
        db,
        'SELECT v.id FROM version v LEFT JOIN "check" k ON k.version_id = v.id WHERE k.id IS NULL',
    )
    assert unlogged == []
    return versions


def kill_mid_cycle(db: Path, site: LocalNewsSite, after_checks: int) -> None:
    service = start_service(db)
    try:
        wait_for(
            lambda: query(db, 'SELECT count(*) FROM "check"')[0][0] >= after_checks,  # type: ignore[operator]
            f"{after_checks} checks",
        )
        site.revise_fraction(0.3)  # edits land while the service is busy
        time.sleep(0.3)
    finally:
        service.send_signal(signal.SIGKILL)
        service.communicate()


@pytest.mark.parametrize("kill_after", [5, 40, 90])
def test_sigkill_mid_cycle_keeps_history_intact_and_a_restart_checks_everything(
    tmp_path: Path, kill_after: int
) -> None:
    db = tmp_path / "crash.db"
    with make_bench_site(30, conditional=False) as site:
        store = Store.open(f"sqlite:///{db}")
        for slug in site.slugs:
            store.add_watch(watch_spec(site.url(slug), every="1s"), datetime.now(UTC))
        store.close()

        kill_mid_cycle(db, site, kill_after)
        before = assert_consistent(db)

        restarted_at = datetime.now(UTC).isoformat(sep=" ")
        service = start_service(db)
        try:
            wait_for(
                lambda: (
                    not query(
                        db,
                        f"SELECT id FROM watch WHERE last_checked_at < '{restarted_at}' "
                        "OR last_checked_at IS NULL",
                    )
                ),
                "every watch checked after the restart",
            )
        finally:
            service.send_signal(signal.SIGTERM)
            _, errors = service.communicate(timeout=60)
        assert service.returncode == 0, errors.decode()
        assert b"Traceback" not in errors

    after = assert_consistent(db)
    for watch_id, numbers in before.items():
        assert after[watch_id][: len(numbers)] == numbers
