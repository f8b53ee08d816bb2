"""A cycle shared between processes: each site is checked by one of them, what they find is
reported together, and the sites of a process that dies are checked by the first one."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from monitor.config import watch_spec
from monitor.newsroom import LocalNewsSite
from storage.dictionaries import site_slot
from storage.records import Shard
from storage.repository import Store

if TYPE_CHECKING:
    from conftest import Services  # the fixture's type

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
# Two loopback addresses whose sites fall to different processes of two.
FIRST_HOST, SECOND_HOST = "127.0.0.1", "127.0.0.4"
LOCAL = ("--min-gap", "0", "--per-host", "4")


def test_two_processes_claim_disjoint_sets_each_holding_whole_sites(store: Store) -> None:
    urls = [f"https://site-{s}.example/story-{n}" for s in range(6) for n in range(4)]
    for url in urls:
        store.add_watch(watch_spec(url), T0)
    claimed = {
        index: {due.url for due in store.claim_due(T0, owner=f"p{index}", lease=LEASE, limit=100,
                                                   shard=Shard(index, 2))}
        for index in (0, 1)
    }  # fmt: skip
    assert claimed[0].isdisjoint(claimed[1])
    assert claimed[0] | claimed[1] == set(urls)
    for url in urls:
        assert url in claimed[site_slot(url) % 2]


def test_a_process_that_took_over_claims_the_sites_of_the_stopped_one_too(store: Store) -> None:
    urls = [f"https://site-{s}.example/story" for s in range(8)]
    for url in urls:
        store.add_watch(watch_spec(url), T0)
    both = Shard(0, 2).taking_over(Shard(1, 2))
    claimed = store.claim_due(T0, owner="p0", lease=LEASE, limit=100, shard=both)
    assert {due.url for due in claimed} == set(urls)


def redline(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def watch_all(db: Path, urls: list[str], every: str | None = None) -> None:
    store = Store.open(f"sqlite:///{db}")
    for url in urls:
        store.add_watch(watch_spec(url, every=every), datetime.now(UTC))
    store.close()


@pytest.fixture
def two_sites() -> Iterator[tuple[LocalNewsSite, LocalNewsSite]]:
    assert site_slot(f"http://{FIRST_HOST}/") % 2 == 0
    assert site_slot(f"http://{SECOND_HOST}/") % 2 == 1
    with (
        LocalNewsSite(seed=1, address=FIRST_HOST) as first,
        LocalNewsSite(seed=2, address=SECOND_HOST) as second,
    ):
        yield first, second


def test_check_shares_the_sites_between_processes_and_reports_everything_found(
    tmp_path: Path, two_sites: tuple[LocalNewsSite, LocalNewsSite]
) -> None:
    first, second = two_sites
    db = tmp_path / "shared.db"
    watch_all(db, [site.url(slug) for site in two_sites for slug in site.slugs])
    check = ("check", "--all", "--fetchers", "2", "--workers", "2", *LOCAL, "--format", "json")

    out, err = redline(db, *check).communicate(timeout=120)
    report = json.loads(out)
    assert report["processes"] == [len(first.slugs), len(second.slugs)], err
    assert report["outcomes"] == {"first": len(first.slugs) + len(second.slugs)}

    edited = second.slugs[0]
    second.publish_next(edited)
    out, err = redline(db, *check).communicate(timeout=120)
    report = json.loads(out)
    assert [change["url"] for change in report["changes"]] == [second.url(edited)], err
    assert report["stopped"] == []


class _SlowArticles(BaseHTTPRequestHandler):
    """Every path is a short article, sent after a pause."""

    def do_GET(self) -> None:
        time.sleep(0.3)
        body = (
            f"<html><head><title>Story {self.path}</title></head><body><article>"
            f"<h1>Story {self.path}</h1><p>{'The council met on Tuesday to vote. ' * 20}</p>"
            "</article></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


def test_the_sites_of_a_killed_process_are_checked_by_the_first_and_the_death_is_reported(
    tmp_path: Path, two_sites: tuple[LocalNewsSite, LocalNewsSite]
) -> None:
    first, _ = two_sites
    slow = ThreadingHTTPServer((SECOND_HOST, 0), _SlowArticles)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    slow_urls = [f"http://{SECOND_HOST}:{slow.server_address[1]}/story-{n}" for n in range(12)]
    db = tmp_path / "killed.db"
    watch_all(db, [first.url(slug) for slug in first.slugs] + slow_urls)

    service = redline(db, "check", "--all", "--fetchers", "2", "--workers", "0", *LOCAL,
                      "--format", "json")  # fmt: skip
    try:
        child = _claiming_child(service.pid, db)
        os.kill(child, signal.SIGKILL)
        out, err = service.communicate(timeout=120)
    finally:
        slow.shutdown()
        slow.server_close()
    assert service.returncode == 1, err
    report = json.loads(out)
    assert "killed by signal 9" in report["stopped"][0]
    assert report["outcomes"] == {"first": len(first.slugs) + len(slow_urls)}
    with sqlite3.connect(db) as conn:  # nothing left claimed by the dead, nothing unchecked
        left = "SELECT count(*) FROM watch WHERE lease_owner IS NOT NULL OR last_checked_at IS NULL"
        assert conn.execute(left).fetchone() == (0,)


def test_a_service_checks_the_sites_of_its_other_process_itself_once_that_one_dies(
    services: "Services", two_sites: tuple[LocalNewsSite, LocalNewsSite]
) -> None:
    _, second = two_sites
    watch_all(services.db, [site.url(slug) for site in two_sites for slug in site.slugs], "1s")
    service = services.start("--fetchers", "2", "--workers", "0", "--per-host", "4")
    try:
        os.kill(_claiming_child(service.pid, services.db), signal.SIGKILL)
        killed_at = datetime.now(UTC).isoformat(sep=" ")
        checked_since = (
            f"SELECT count(*) FROM watch WHERE url LIKE 'http://{SECOND_HOST}:%' "
            f"AND last_checked_at > '{killed_at}'"
        )
        services.wait_for(
            lambda: services.count(checked_since) == len(second.slugs),
            "the dead process's site checked again",
        )
    finally:
        service.send_signal(signal.SIGTERM)
        _, err = service.communicate(timeout=60)
    assert service.returncode == 0, err
    assert b"stopped; this process checks its sites too" in err


_OWNERS = "SELECT DISTINCT lease_owner FROM watch WHERE lease_owner IS NOT NULL"


def _claiming_child(parent: int, db: Path) -> int:
    """The pid of `parent`'s child process once it holds claims in the database."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        with sqlite3.connect(db, timeout=15) as conn:
            owners = [owner for (owner,) in conn.execute(_OWNERS)]
        for pid in children:
            if any(f":{pid}:" in owner for owner in owners):
                return int(pid)
        time.sleep(0.02)
    raise AssertionError("no child process claimed watches within 60 s")
