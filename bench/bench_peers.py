"""Redline side by side with urlwatch 2.29, interleaved, against one local article site.

The site's pages are spread over `--hosts` loopback addresses (127.0.0.1, .2, ...), one
server each in one process: a newsroom watches articles of many sites, and redline gives each
site to one of its fetching processes (one per core), so with one host it uses one. Both
tools run with their bytecode compiled, as an installed package has it.

For each N (1,000 and 5,000 by default) and each phase (first check, unchanged answered with
304, 10 % of articles revised), both tools run once as the command a user would run
(`redline check --all`, `urlwatch`), one after the other, on the same site state; the order
alternates between phases so neither always runs on a warmer machine. Printed per run: wall
seconds, CPU seconds (the process and every process it started, workers included), CPU per
page, peak RSS of the tool and the processes it waited for (launched from a small process, so
this script's own size does not leak into it); then the ratios redline/urlwatch and the load
average. Redline's stored raw pages are measured too: bytes per version against zlib -6 (what
redline stored before zstd).

urlwatch is installed by this script into bench/.peers (a venv of its own, ignored by git).
The site runs in its own process; neither tool's CPU includes it.

Run: .venv/bin/python bench/bench_peers.py [--watches 1000 5000] [--concurrency 10] [--hosts 8]
     .venv/bin/python bench/bench_peers.py --watches 10000 --redline-only
"""

import argparse
import compileall
import ctypes
import multiprocessing as mp
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path

from monitor.config import watch_spec
from monitor.newsroom.site import make_bench_site
from storage.repository import Store

HERE = Path(__file__).parent
PEERS = HERE / ".peers"
URLWATCH = "urlwatch==2.29"
PHASES = ("first check", "unchanged (304)", "10% revised")
_PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class Run:
    tool: str
    watches: int
    phase: str
    wall: float
    cpu: float
    rss_mb: float


def install_urlwatch() -> Path:
    """urlwatch in bench/.peers, installed on first use."""
    program = PEERS / "bin" / "urlwatch"
    if not program.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        pip = [str(PEERS / "bin" / "python"), "-m", "pip", "install", "-q", URLWATCH]
        subprocess.run(pip, check=True)
    return program


def reap_orphans(keep: set[int]) -> None:
    """Wait for descendants that outlived their parent (a worker pool's fork server), so their
    CPU time is counted: this process is their subreaper. `keep`: the children it had before
    (the site, multiprocessing's resource tracker)."""
    deadline = time.monotonic() + 10
    while _children() - keep and time.monotonic() < deadline:
        if os.waitpid(-1, os.WNOHANG)[0] == 0:
            time.sleep(0.02)


def _children() -> set[int]:
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


# A process inherits the peak RSS of the one that started it (Linux records the old memory's
# high-water mark at exec, and a vfork child execs from its parent's memory), so a tool started
# from this, by then large, process would report at least this process's peak. The tool is
# therefore started by a small launcher, which reports the peak of the tool and what it waited for.
_LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'\\npeak-rss-kb {peak}\\n')\n"
    "sys.exit(code)\n"
)


def timed(tool: str, watches: int, phase: str, command: list[str], tools: "Tools") -> Run:
    """Run `command` to completion: wall, CPU of it and all it started, its peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    existing = _children()
    started = time.perf_counter()
    env = {**os.environ, "HOME": str(tools.folder)}
    launched = [sys.executable, "-c", _LAUNCHER, *command]
    process = subprocess.Popen(launched, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    _, status, _ = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    reap_orphans(keep=existing)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):  # redline exits 1 when a check failed
        raise SystemExit(f"{tool} failed ({process.returncode}):\n{errors[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kb = int(errors.rsplit("peak-rss-kb ", 1)[1])
    return Run(tool, watches, phase, wall, cpu, peak_kb / 1024)


@dataclass(frozen=True)
class Tools:
    urlwatch: Path | None
    concurrency: int
    folder: Path

    def redline(self, watches: int, phase: str) -> Run:
        command = [
            sys.executable,
            "-m",
            "monitor",
            "--db",
            f"sqlite:///{self.folder / 'redline.db'}",
            "check",
            "--all",
            "--concurrency",
            str(self.concurrency),
            "--per-host",
            str(self.concurrency),
            "--min-gap",
            "0",
        ]
        return timed("redline", watches, phase, command, self)

    def urlwatch_run(self, watches: int, phase: str) -> Run:
        assert self.urlwatch is not None
        command = [
            str(self.urlwatch),
            "--urls",
            str(self.folder / "urls.yaml"),
            "--config",
            str(self.folder / "urlwatch.yaml"),
            "--cache",
            str(self.folder / "urlwatch.db"),
            "--hooks",
            str(self.folder / "hooks.py"),
        ]
        return timed("urlwatch", watches, phase, command, self)


def prepare(folder: Path, urls: list[str]) -> None:
    """The same watch list for both tools, in each one's own format."""
    store = Store.open(f"sqlite:///{folder / 'redline.db'}")
    for url in urls:
        store.add_watch(watch_spec(url, every="1h"), datetime.now(UTC))
    store.close()
    (folder / "urls.yaml").write_text("---\n".join(f"url: {url}\n" for url in urls))
    (folder / "urlwatch.yaml").write_text("report:\n  stdout:\n    enabled: true\n")
    (folder / "hooks.py").write_text("")


def stored_bytes(db: Path) -> tuple[int, float, float]:
    """Versions stored, mean bytes per stored page now, and as zlib -6 would have stored it."""
    with sqlite3.connect(db) as conn:
        pages = list(conn.execute("SELECT id, raw_page FROM version"))
    if not pages:
        return 0, 0.0, 0.0
    store = Store.open(f"sqlite:///{db}")  # reads each page with its site's dictionary
    texts = [store.raw_page(version_id) or "" for version_id, _ in pages]
    store.close()
    now = sum(len(page) for _, page in pages) / len(pages)
    before = sum(len(zlib.compress(text.encode("utf-8"), 6)) for text in texts) / len(pages)
    return len(pages), now, before


def serve_hosts(pages: int, hosts: int, conn: Connection) -> None:
    """Child process: the bench site's `pages` spread over `hosts` loopback addresses; obeys
    'revise' and 'stop'."""
    sites = [
        make_bench_site(pages // hosts + (k < pages % hosts), seed=k, address=f"127.0.0.{k + 1}")
        for k in range(hosts)
    ]
    for site in sites:
        site.start()
    conn.send([f"{site.base_url}/news/{slug}" for site in sites for slug in site.slugs])
    while conn.recv() != "stop":
        for site in sites:
            site.revise_fraction(0.1, seed=7)
        conn.send(None)
    for site in sites:
        site.stop()


def compare(watches: int, hosts: int, concurrency: int, urlwatch: Path | None) -> list[Run]:
    """Both tools (redline alone when `urlwatch` is None) through the phases at N=`watches`."""
    ctx = mp.get_context("spawn")
    ours, theirs = ctx.Pipe()
    site = ctx.Process(target=serve_hosts, args=(watches, hosts, theirs), daemon=True)
    site.start()
    urls = ours.recv()
    runs: list[Run] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tools = Tools(urlwatch, concurrency, Path(tmp))
            prepare(tools.folder, urls)
            for n, phase in enumerate(PHASES):
                if phase == "10% revised":
                    ours.send("revise")
                    ours.recv()
                both = [tools.redline, tools.urlwatch_run] if urlwatch else [tools.redline]
                for run in both if n % 2 == 0 else both[::-1]:
                    runs.append(run(watches, phase))
            versions, now, before = stored_bytes(tools.folder / "redline.db")
            print(
                f"N={watches} on {hosts} host(s): {versions} versions stored, "
                f"{now:,.0f} bytes per raw page (zlib -6: {before:,.0f}; {now / before:.2f}x)"
            )
    finally:
        ours.send("stop")
        site.join(timeout=10)
    return runs


def report(runs: list[Run]) -> None:
    print(
        f"{'N':>5} {'phase':16} {'tool':9} {'wall s':>7} {'cpu s':>7} {'cpu ms/page':>11} "
        f"{'RSS MB':>7}"
    )
    for run in runs:
        print(
            f"{run.watches:5} {run.phase:16} {run.tool:9} {run.wall:7.2f} {run.cpu:7.2f} "
            f"{run.cpu / run.watches * 1000:11.2f} {run.rss_mb:7.0f}"
        )
    by_key = {(r.watches, r.phase, r.tool): r for r in runs}
    if any(r.tool == "urlwatch" for r in runs):
        print(f"\n{'N':>5} {'phase':16} {'wall ratio':>10} {'cpu ratio':>9}   (redline / urlwatch)")
        for watches, phase in dict.fromkeys((r.watches, r.phase) for r in runs):
            ours, theirs = by_key[watches, phase, "redline"], by_key[watches, phase, "urlwatch"]
            print(
                f"{watches:5} {phase:16} {ours.wall / theirs.wall:10.2f} "
                f"{ours.cpu / theirs.cpu:9.2f}"
            )
    sizes = sorted({r.watches for r in runs})
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\ngrowth t({large}) / t({small}), wall:")
        for tool in sorted({r.tool for r in runs}):
            growth = [
                f"{phase} {by_key[large, phase, tool].wall / by_key[small, phase, tool].wall:.2f}"
                for phase in PHASES
            ]
            print(f"  {tool:9} " + ", ".join(growth))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--watches", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--hosts", type=int, default=8, help="loopback addresses serving the site")
    parser.add_argument(
        "--redline-only",
        action="store_true",
        help="run redline alone (its memory and growth at sizes urlwatch takes too long for)",
    )
    args = parser.parse_args()
    urlwatch = None if args.redline_only else install_urlwatch()
    for package in ("monitor", "storage"):  # pip compiles urlwatch's at install
        compileall.compile_dir(HERE.parent / package, quiet=1)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    load_before = os.getloadavg()
    runs = [run for n in args.watches for run in compare(n, args.hosts, args.concurrency, urlwatch)]
    report(runs)
    load_after = os.getloadavg()
    print(
        f"\n{os.cpu_count()} cores; load average (1, 5, 15 min) before "
        f"{', '.join(f'{x:.2f}' for x in load_before)}, after "
        f"{', '.join(f'{x:.2f}' for x in load_after)}"
    )


if __name__ == "__main__":
    main()
