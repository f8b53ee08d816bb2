"""`redline demo`: the real service against a local news site whose stories get edited.

Nothing here is simulated on redline's side: a real HTTP server on 127.0.0.1, a real SQLite
file, the real dispatcher, fetcher, extractor, diff and flags. Only the newsroom is invented.
"""

import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.rule import Rule

from monitor.config import watch_spec
from monitor.errors import UsageError
from monitor.fetching.fetch import Fetcher
from monitor.newsroom import LOCAL_POLITENESS, LocalNewsSite
from monitor.review.render import diff_text, flag_line
from monitor.watching.checking import CheckContext
from monitor.watching.service import Service
from storage.repository import Store

CHECK_EVERY = "2s"


def run_demo(*, seconds: float, console: Console, keep: Path | None = None) -> int:
    """Watch the demo site for `seconds`, then print every change found; returns the count.

    The database is temporary unless `keep` names a new SQLite file to leave it in.
    """
    if keep is not None and keep.exists():
        raise UsageError(f"{keep} exists; --keep needs a new file")
    revise_every = max(seconds / 6, 0.5)  # the stories' edits all land inside the run
    with (
        tempfile.TemporaryDirectory(prefix="redline-demo-") as tmp,
        LocalNewsSite(revise_every=revise_every) as site,
    ):
        store = Store.open(f"sqlite:///{keep or Path(tmp) / 'demo.db'}")
        try:
            for slug in site.slugs:
                headline = site.current(slug).headline
                spec = watch_spec(site.url(slug), label=headline, every=CHECK_EVERY)
                store.add_watch(spec, datetime.now(UTC))
            console.print(
                f"Local news site at {site.base_url} with {len(site.slugs)} stories; editors "
                f"revise them every {revise_every:.0f} s. Watching for {seconds:.0f} s "
                f"(checks every {CHECK_EVERY})...\n"
            )
            asyncio.run(_watch(store, seconds))
            return _print_changes(store, console)
        finally:
            store.close()


async def _watch(store: Store, seconds: float) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().call_later(seconds, stop.set)
    async with Fetcher(politeness=LOCAL_POLITENESS) as fetcher:
        service = Service(store, fetcher, CheckContext(clock=lambda: datetime.now(UTC)))
        await service.serve(tick=0.5, stop=stop)


def _print_changes(store: Store, console: Console) -> int:
    found = list(reversed(store.changes(limit=1000)))
    for info in found:
        detail = store.change_detail(info.id)
        versions = f"v{info.from_version} -> v{info.to_version}"
        console.print(Rule(f"change #{info.id}: {info.label or info.headline}  ({versions})"))
        for flag in detail.flags:
            console.print(f"  {flag_line(flag)}", style="bold yellow", markup=False)
        console.print()
        if detail.new is not None:
            console.print(diff_text(detail.diff, detail.new.article, color=console.is_terminal))
    console.print(
        f"{len(found)} change(s) across {len(store.list_watches())} watched articles. "
        "Run your own: redline add URL && redline serve"
    )
    return len(found)
