"""How fast the fetcher pulls 1,000 heavy local pages at different concurrencies.

The news site runs in a separate process so its CPU does not count against the client's;
both are reported. Run: .venv/bin/python bench/bench_fetch.py [--pages 1000] [--rounds 3]
"""

import argparse
import asyncio
import multiprocessing as mp
import statistics
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from monitor.fetching.fetch import Fetcher
from monitor.fetching.politeness import Politeness
from monitor.newsroom import make_bench_site

CONCURRENCIES = (5, 10, 20, 50)


def serve(pages: int, conn: Connection) -> None:
    """Child process: run the bench site and answer 'cpu' and 'stop' over the pipe."""
    with make_bench_site(pages) as site:
        conn.send((site.base_url, list(site.slugs)))
        while (command := conn.recv()) != "stop":
            if command == "cpu":
                conn.send(time.process_time())


@dataclass(frozen=True)
class Run:
    concurrency: int
    wall: float
    cpu: float
    server_cpu: float
    pages: int
    bytes: int


async def fetch_all(urls: list[str], concurrency: int) -> int:
    """Fetch every URL with `concurrency` workers sharing one Fetcher; return bytes read."""
    queue = iter(urls)
    total = 0

    async def worker(fetcher: Fetcher) -> None:
        nonlocal total
        for url in queue:
            result = await fetcher.fetch(url)
            total += result.size

    # The one local host stands in for many sites: no gap, and `concurrency` requests to it.
    manners = Politeness(per_host=concurrency, min_gap=0.0)
    async with Fetcher(concurrency=concurrency, politeness=manners) as fetcher:
        await asyncio.gather(*(worker(fetcher) for _ in range(concurrency)))
    return total


def measure(urls: list[str], concurrency: int, server: Connection) -> Run:
    server.send("cpu")
    server_before = server.recv()
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    size = asyncio.run(fetch_all(urls, concurrency))
    wall, cpu = time.perf_counter() - wall_before, time.process_time() - cpu_before
    server.send("cpu")
    server_cpu = server.recv() - server_before
    return Run(concurrency, wall, cpu, server_cpu, len(urls), size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="runs per case; median reported")
    args = parser.parse_args()

    ctx = mp.get_context("spawn")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=serve, args=(args.pages, theirs), daemon=True)
    child.start()
    base_url, slugs = ours.recv()
    urls = [f"{base_url}/news/{slug}" for slug in slugs]
    try:
        measure(urls[:50], 5, ours)  # warm-up: imports, first connections
        runs: dict[int, list[Run]] = {c: [] for c in CONCURRENCIES}
        for _ in range(args.rounds):  # interleaved, so drift on a shared machine hits all cases
            for concurrency in CONCURRENCIES:
                runs[concurrency].append(measure(urls, concurrency, ours))
    finally:
        ours.send("stop")
        child.join(timeout=10)

    print(f"{len(urls)} pages of ~{runs[5][0].bytes / len(urls) / 1024:.0f} KB, "
          f"median of {args.rounds} rounds, site in a separate process")  # fmt: skip
    print(f"{'concurrency':>11} {'wall s':>7} {'pages/s':>8} {'client CPU s':>12} "
          f"{'CPU ms/page':>11} {'server CPU s':>12}")  # fmt: skip
    medians = {}
    for concurrency, case in runs.items():
        wall = statistics.median(r.wall for r in case)
        cpu = statistics.median(r.cpu for r in case)
        server = statistics.median(r.server_cpu for r in case)
        medians[concurrency] = (wall, cpu)
        print(f"{concurrency:>11} {wall:>7.2f} {len(urls) / wall:>8.0f} {cpu:>12.2f} "
              f"{cpu / len(urls) * 1000:>11.2f} {server:>12.2f}")  # fmt: skip
    fastest = min(medians, key=lambda c: medians[c][0])
    cheapest = min(medians, key=lambda c: medians[c][1])
    print(f"fastest wall time at concurrency {fastest}; least client CPU at {cheapest}")


if __name__ == "__main__":
    main()
