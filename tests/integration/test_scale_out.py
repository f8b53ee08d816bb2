"""Three `redline serve` processes sharing one watch list on PostgreSQL: no double work, and
the watches of a process killed mid-cycle are taken over once its leases run out."""

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import text

from monitor.config import watch_spec
from monitor.newsroom import LocalNewsSite, make_bench_site
from storage.pgserver import TemporaryPostgres
from storage.repository import Store

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(600)]

WATCHES = 500
LEASE_SECONDS = 5
# One local site stands in for many: no gap between requests, ten at once like the fetcher.
LOCAL_SITE = ("--min-gap", "0", "--per-host", "10")


@dataclass
class ServiceProcess:
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def lines(self) -> list[str]:
        return self.log.read_text(errors="replace").splitlines()


def start_service(url: str, log: Path) -> ServiceProcess:
    with log.open("wb") as sink:  # a file, not a pipe: a full pipe would stall the service
        process = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--db", url, "serve", "--tick", "0.2",
             "--lease", f"{LEASE_SECONDS}s", *LOCAL_SITE],
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )  # fmt: skip
    return ServiceProcess(process, log)


def wait_for(condition: Callable[[], bool], what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.1)


def rows(store: Store, sql: str, **params: object) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def round_done(store: Store, since: datetime) -> bool:
    """Every watch was checked after `since` and no claim is outstanding."""
    [(pending,)] = rows(
        store,
        "SELECT count(*) FROM watch WHERE last_checked_at IS NULL OR last_checked_at < :since "
        "OR lease_owner IS NOT NULL",
        since=since,
    )
    return pending == 0


def fetches(site: LocalNewsSite) -> dict[str, int]:
    """Requests per article path since the last reset."""
    return {p: n for p, n in site.request_counts().items() if p.startswith("/news/")}


def new_round(store: Store, site: LocalNewsSite) -> datetime:
    """Make every watch due now; returns the round's start."""
    site.reset_counts()
    started = datetime.now(UTC)
    store.make_due([w.id for w in store.list_watches()], started)
    return started


@pytest.fixture
def site() -> Iterator[LocalNewsSite]:
    with make_bench_site(WATCHES, nav_links=40, footer_links=15) as running:
        yield running


@pytest.fixture
def shared(postgres: TemporaryPostgres) -> Iterator[Store]:
    name = postgres.create_database()
    store = Store.open(postgres.url(name))
    yield store
    store.close()
    postgres.drop_database(name)


def test_three_services_share_the_watch_list_and_take_over_from_a_killed_one(
    shared: Store, site: LocalNewsSite, tmp_path: Path
) -> None:
    url = shared.engine.url.render_as_string(hide_password=False)
    services = [start_service(url, tmp_path / f"service{i}.log") for i in range(3)]
    victim = None
    try:
        wait_for(
            lambda: all(any("started" in line for line in s.lines()) for s in services),
            "three services to start",
            60,
        )
        started = datetime.now(UTC)
        for slug in site.slugs:
            shared.add_watch(watch_spec(site.url(slug), every="1h"), started)
        paths = {urlsplit(site.url(slug)).path for slug in site.slugs}

        # Rounds 1 (first fetch) and 2 (all due again): every watch fetched exactly once.
        for round_number in (1, 2):
            wait_for(partial(round_done, shared, started), f"round {round_number}", 180)
            assert fetches(site) == dict.fromkeys(paths, 1)
            assert rows(shared, 'SELECT DISTINCT count(*) FROM "check" GROUP BY watch_id') == [
                (round_number,)
            ]
            started = new_round(shared, site)
        assert all(any("/news/" in line for line in s.lines()) for s in services), (
            "every service took a share of the work"
        )

        # Round 3: a fifth of the articles are edited; one service dies holding claims.
        edited = site.revise_fraction(0.2, seed=3)
        victim, held = kill_one_holding_claims(shared, services)
        killed_at = time.monotonic()
        wait_for(partial(round_done, shared, started), "the others to finish round 3", 180)
        taken_over_after = time.monotonic() - killed_at

        counts = fetches(site)
        assert set(counts) == paths
        fetched_twice = {p for p, n in counts.items() if n == 2}
        assert max(counts.values()) <= 2
        assert fetched_twice <= {urlsplit(u).path for u in held}  # only what died in flight
        assert rows(shared, 'SELECT DISTINCT count(*) FROM "check" GROUP BY watch_id') == [(3,)]
        versions = dict(rows(shared, "SELECT w.url, count(*) FROM version v JOIN watch w "
                                     "ON w.id = v.watch_id GROUP BY w.url"))  # fmt: skip
        assert versions == {site.url(s): 2 if s in edited else 1 for s in site.slugs}
        assert taken_over_after < LEASE_SECONDS + 30  # one lease, then a normal pass
    finally:
        survivors = [s for s in services if s.process.poll() is None]
        for service in survivors:
            service.process.send_signal(signal.SIGTERM)
        for service in survivors:
            service.process.wait(timeout=60)
    for service in services:
        if service is not victim:
            assert service.process.returncode == 0, "\n".join(service.lines()[-20:])
            assert not any("Traceback" in line for line in service.lines())


def kill_one_holding_claims(
    store: Store, services: list[ServiceProcess]
) -> tuple[ServiceProcess, list[str]]:
    """SIGKILL a service while it holds claims; returns it and the URLs it held."""
    by_pid = {s.pid: s for s in services}
    while True:
        owners = rows(store, "SELECT DISTINCT lease_owner FROM watch WHERE lease_owner IS NOT NULL")
        pids = [int(str(owner).split(":")[1]) for (owner,) in owners]
        victim = next((by_pid[p] for p in pids if p in by_pid), None)
        if victim is not None:
            break
        time.sleep(0.02)
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait()
    held = rows(store, "SELECT url FROM watch WHERE lease_owner LIKE :me", me=f"%:{victim.pid}:%")
    assert held, "the killed service held claims"
    return victim, [str(u) for (u,) in held]
