"""Start-up and scale of the short commands: `redline --help`, `list`, `changes`, and
`list --format json` over 10,000 watches.

Each command runs as a user runs it (a new `python -m monitor` process), several times; the
best and median wall time and the peak RSS of the process are printed with the load average,
since on a shared machine waiting for a core is most of a slow run.

Targets (issue 14): --help, list and changes under 0.3 s; list --format json over 10,000
watches under 1 s and 150 MB.

Run: .venv/bin/python bench/bench_startup.py [--runs 7] [--watches 10000]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def build(path: Path, watches: int) -> str:
    """A database of `watches` watches over 50 sites, tagged by desk.

    Run in a child process (`--build`): a child forked from a parent holding SQLAlchemy would
    count the parent's memory in its own peak RSS.
    """
    from monitor.config import watch_spec  # noqa: PLC0415
    from storage.repository import Store  # noqa: PLC0415

    url = f"sqlite:///{path}"
    store = Store.open(url)
    specs = [
        watch_spec(f"https://news{n % 50}.example/2026/story-{n}", tags=(f"desk{n % 7}",))
        for n in range(watches)
    ]
    store.upsert_watches(specs, datetime.now(UTC))
    store.close()
    return url


def timed(args: list[str], runs: int) -> tuple[float, float, float]:
    """(best wall s, median wall s, peak RSS MB) of `python -m monitor *args`."""
    walls, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "monitor", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
        error = process.stderr.read() if process.stderr else b""
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"redline {' '.join(args)} failed: {error.decode()}")
    return min(walls), statistics.median(walls), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--watches", type=int, default=10_000)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.build:
        build(options.build, options.watches)
        return
    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder) / "small.db", Path(folder) / "large.db"
        started = time.perf_counter()
        for path, count in ((small, 20), (large, options.watches)):
            command = [sys.executable, __file__, "--build", str(path), "--watches", str(count)]
            subprocess.run(command, check=True)
        print(f"built {options.watches:,} watches in {time.perf_counter() - started:.1f} s")
        cases = [
            ("redline --help", ["--help"]),
            ("redline list (20 watches)", ["--db", str(small), "list"]),
            ("redline changes (20 watches)", ["--db", str(small), "changes"]),
            (
                f"redline list --format json ({options.watches:,} watches)",
                ["--db", str(large), "list", "--format", "json"],
            ),
        ]
        load = os.getloadavg()
        print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print(f"{'command':<48} {'best':>8} {'median':>8} {'peak RSS':>9}")
        for name, args in cases:
            best, median, peak = timed(args, options.runs)
            print(f"{name:<48} {best:>7.2f}s {median:>7.2f}s {peak:>6.0f} MB")
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
