"""One full check cycle over N watches: wall time, CPU seconds and peak RSS, four cases.

The article site runs in a separate process so its CPU is not counted against redline's.
Cases: first fetch (empty database), unchanged via 304 (conditional requests), unchanged 200
(same article, new page chrome: the full extract path), and 10 % of articles revised.
Targets for N = 1,000 on the 2-core machine: 304 <= 1.5 s, 200 <= 4 s, first <= 8 s,
peak RSS <= 200 MB.

The bench site is one host standing in for many sites, so by default it gets no gap between
requests and a per-host limit equal to the concurrency. `--per-host 2` shows the cost of the
default per-host limit; with the default `--min-gap 1` a cycle over one host simply takes
N seconds, which is the point of the gap.

Run: .venv/bin/python bench/bench_cycle.py [--watches 1000] [--concurrency 10]
     [--per-host N] [--min-gap SECONDS]
"""

import argparse
import asyncio
import multiprocessing as mp
import resource
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path

from monitor.config import watch_spec
from monitor.fetching.fetch import Fetcher
from monitor.fetching.politeness import Politeness
from monitor.newsroom import make_bench_site
from monitor.watching.checking import CheckContext
from monitor.watching.service import Service
from storage.repository import Store


def serve(pages: int, conn: Connection) -> None:
    """Child process: run the bench site; obey 'cpu', 'revise', 'plain', 'conditional', 'stop'."""
    with make_bench_site(pages) as site:
        conn.send((site.base_url, list(site.slugs)))
        while (command := conn.recv()) != "stop":
            if command == "revise":
                site.revise_fraction(0.1, seed=7)
            elif command in {"plain", "conditional"}:
                site.conditional = command == "conditional"
            conn.send(time.process_time())


@dataclass(frozen=True)
class Case:
    name: str
    wall: float
    cpu: float
    server_cpu: float
    outcomes: Counter[str]


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Settings:
    concurrency: int
    politeness: Politeness


async def one_cycle(store: Store, settings: Settings) -> Counter[str]:
    fetcher = Fetcher(concurrency=settings.concurrency, politeness=settings.politeness)
    async with fetcher:
        summary = await Service(store, fetcher, CheckContext(clock=now)).run_cycle()
    return summary.outcomes


def measure(name: str, store: Store, server: Connection, settings: Settings) -> Case:
    store.make_due([w.id for w in store.list_watches()], now())
    server.send("cpu")
    server_before = server.recv()
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    outcomes = asyncio.run(one_cycle(store, settings))
    wall, cpu = time.perf_counter() - wall_before, time.process_time() - cpu_before
    server.send("cpu")
    return Case(name, wall, cpu, server.recv() - server_before, outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--watches", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument(
        "--per-host", type=int, default=4, help="connections to the one bench host (default 4)"
    )
    parser.add_argument("--min-gap", type=float, default=0.0)
    args = parser.parse_args()
    per_host = args.per_host
    settings = Settings(args.concurrency, Politeness(per_host=per_host, min_gap=args.min_gap))

    ctx = mp.get_context("spawn")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=serve, args=(args.watches, theirs), daemon=True)
    child.start()
    base_url, slugs = ours.recv()
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'bench.db'}")
        for slug in slugs:
            store.add_watch(watch_spec(f"{base_url}/news/{slug}", every="1h"), now())
        try:
            cases.append(measure("first fetch", store, ours, settings))
            cases.append(measure("unchanged via 304", store, ours, settings))
            ours.send("plain")
            ours.recv()
            cases.append(measure("unchanged 200, new chrome", store, ours, settings))
            ours.send("conditional")
            ours.recv()
            ours.send("revise")
            ours.recv()
            cases.append(measure("10% revised", store, ours, settings))
        finally:
            ours.send("stop")
            child.join(timeout=10)
            store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.watches} watches, concurrency {args.concurrency}, per host {per_host}, "
        f"min gap {args.min_gap:g} s"
    )
    print(f"{'case':28} {'wall s':>7} {'cpu s':>7} {'site cpu s':>10}  outcomes")
    for c in cases:
        outcomes = ", ".join(f"{n} {k}" for k, n in sorted(c.outcomes.items()))
        print(f"{c.name:28} {c.wall:7.2f} {c.cpu:7.2f} {c.server_cpu:10.2f}  {outcomes}")
    print(f"peak RSS of the redline process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
