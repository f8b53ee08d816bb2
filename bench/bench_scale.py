"""Throughput of several `redline serve` processes sharing one PostgreSQL watch list.

For 5,000 watches: 1, 2 and 4 service processes on PostgreSQL, and one process on SQLite, each
timed over two rounds from "all due" to "all recorded": the first fetch (every page extracted
and stored) and an unchanged round answered with 304 (claiming, fetching and recording only).
The article site runs in its own process; PostgreSQL is a throwaway server (storage.pgserver)
with durability off, like the tests use.

Run: .venv/bin/python bench/bench_scale.py [--watches 5000] [--processes 1 2 4]
"""

import argparse
import multiprocessing as mp
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

from bench_cycle import serve as serve_site
from sqlalchemy import text

from monitor.config import watch_spec
from storage.pgserver import TemporaryPostgres, find_binaries
from storage.repository import Store

ROUNDS = ("first fetch", "unchanged via 304")
# One local site stands in for 5,000 sites: no gap between requests, ten at once per process.
LOCAL_SITE = ("--min-gap", "0", "--per-host", "10")


@dataclass(frozen=True)
class Result:
    backend: str
    processes: int
    round: str
    wall: float
    service_cpu: float
    site_cpu: float


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.partition(":")[2].strip()
    return platform.machine()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def services(url: str, count: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`count` serve processes, yielded once each has started."""
    with ExitStack() as stack:
        logs = [stack.enter_context(tempfile.TemporaryFile()) for _ in range(count)]
        running = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "monitor",
                    "--db",
                    url,
                    "serve",
                    "--tick",
                    "0.2",
                    *LOCAL_SITE,
                ],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
            for log in logs
        ]
        try:
            for log in logs:
                while b"started" not in (log.seek(0) or log.read()):
                    time.sleep(0.1)
            yield running
        finally:
            for process in running:
                process.send_signal(signal.SIGTERM)
            for process in running:
                process.wait(timeout=120)


def all_recorded(store: Store, since: datetime) -> bool:
    with store.engine.connect() as conn:
        pending = conn.execute(
            text(
                "SELECT count(*) FROM watch WHERE last_checked_at IS NULL "
                "OR last_checked_at < :since OR lease_owner IS NOT NULL"
            ),
            {"since": since},
        ).scalar_one()
    return pending == 0


@dataclass(frozen=True)
class Site:
    base_url: str
    slugs: list[str]
    control: Connection  # to the site's process: "cpu" answers its CPU seconds


def measure(backend: str, url: str, processes: int, site: Site) -> list[Result]:
    store = Store.open(url)
    later = datetime.now(UTC) + timedelta(days=1)
    for slug in site.slugs:
        store.add_watch(watch_spec(f"{site.base_url}/news/{slug}", every="1h"), later)
    ids = [w.id for w in store.list_watches()]
    store.make_due(ids, later)  # nothing due until the clock starts
    results = []
    with services(url, processes) as running:
        for name in ROUNDS:
            site.control.send("cpu")
            site_before = site.control.recv()
            cpu_before = sum(cpu_seconds(p.pid) for p in running)
            due = datetime.now(UTC)
            started = time.perf_counter()
            store.make_due(ids, due)
            while not all_recorded(store, due):
                time.sleep(0.1)
            wall = time.perf_counter() - started
            site.control.send("cpu")
            results.append(
                Result(
                    backend,
                    processes,
                    name,
                    wall,
                    sum(cpu_seconds(p.pid) for p in running) - cpu_before,
                    site.control.recv() - site_before,
                )
            )
    store.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--watches", type=int, default=5000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    bin_dir = find_binaries()
    if bin_dir is None:
        sys.exit("needs PostgreSQL's initdb and pg_ctl (Debian: apt-get install postgresql)")

    ctx = mp.get_context("spawn")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=serve_site, args=(args.watches, theirs), daemon=True)
    child.start()
    site = Site(*ours.recv(), control=ours)
    load_before = os.getloadavg()
    results: list[Result] = []
    try:
        with TemporaryPostgres(bin_dir) as pg:
            for count in args.processes:
                name = pg.create_database()
                results += measure("PostgreSQL", pg.url(name), count, site)
                pg.drop_database(name)
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            results += measure("SQLite", url, 1, site)
    finally:
        ours.send("stop")
        child.join(timeout=10)

    print(f"{args.watches} watches; {os.cpu_count()} CPUs, {cpu_model()}")
    print(f"load average {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after")
    header = f"{'backend':11} {'procs':>5} {'round':18} {'wall s':>7} {'checks/s':>8}"
    print(f"{header} {'redline cpu s':>13} {'site cpu s':>10}")
    for r in results:
        rate = args.watches / r.wall
        print(
            f"{r.backend:11} {r.processes:5} {r.round:18} {r.wall:7.2f} {rate:8.0f} "
            f"{r.service_cpu:13.2f} {r.site_cpu:10.2f}"
        )


if __name__ == "__main__":
    main()
