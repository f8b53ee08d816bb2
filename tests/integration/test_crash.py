"""`redline serve` as a real process: killed mid-cycle it loses nothing already written."""

import signal
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from monitor.newsroom import LocalNewsSite, make_bench_site

if TYPE_CHECKING:
    from conftest import Services  # the fixture's type

pytestmark = pytest.mark.slow


def assert_consistent(services: "Services") -> dict[int, list[int]]:
    """The database is intact and its history has no gaps, duplicates or dangling rows."""
    assert services.query("PRAGMA integrity_check") == [("ok",)]
    versions: dict[int, list[int]] = {}
    for watch_id, number in services.query("SELECT watch_id, number FROM version ORDER BY 1, 2"):
        versions.setdefault(int(str(watch_id)), []).append(int(str(number)))
    for numbers in versions.values():
        assert numbers == list(range(1, len(numbers) + 1))
    stored_twice = services.query(
        "SELECT watch_id, fingerprint FROM version GROUP BY 1, 2 HAVING count(*) > 1"
    )
    assert stored_twice == []
    changes_per_check = services.query("SELECT check_id FROM change GROUP BY 1 HAVING count(*) > 1")
    assert changes_per_check == []
    dangling = services.query(
        "SELECT c.id FROM change c LEFT JOIN version o ON o.id = c.from_version_id "
        "LEFT JOIN version n ON n.id = c.to_version_id "
        "WHERE o.id IS NULL OR (c.to_version_id IS NOT NULL AND n.id IS NULL)",
    )
    assert dangling == []
    unlogged = services.query(
        'SELECT v.id FROM version v LEFT JOIN "check" k ON k.version_id = v.id WHERE k.id IS NULL',
    )
    assert unlogged == []
    return versions


def kill_mid_cycle(services: "Services", site: LocalNewsSite, after_checks: int) -> None:
    service = services.start()
    try:
        services.wait_for(
            lambda: services.count('SELECT count(*) FROM "check"') >= after_checks,
            f"{after_checks} checks",
        )
        site.revise_fraction(0.3)  # edits land while the service is busy
        time.sleep(0.3)
    finally:
        service.send_signal(signal.SIGKILL)
        service.communicate()


@pytest.mark.parametrize("kill_after", [5, 40, 90])
def test_sigkill_mid_cycle_keeps_history_intact_and_a_restart_checks_everything(
    services: "Services", kill_after: int
) -> None:
    with make_bench_site(30, conditional=False) as site:
        services.watch(site).close()

        kill_mid_cycle(services, site, kill_after)
        before = assert_consistent(services)

        restarted_at = datetime.now(UTC).isoformat(sep=" ")
        service = services.start()
        try:
            services.wait_for(
                lambda: (
                    not services.query(
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

    after = assert_consistent(services)
    for watch_id, numbers in before.items():
        assert after[watch_id][: len(numbers)] == numbers
