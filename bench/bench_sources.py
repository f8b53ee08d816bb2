"""Reading and recording big sources: parse time per format and the cost of one recorded poll.

A busy outlet's news sitemap lists a few thousand URLs, a full sitemap up to 50,000; a feed a
few hundred entries; a section front a few hundred links inside heavy chrome. Recording a poll
looks up every listed URL among the watches, so it is measured with the listed articles new
(all added, no cap) and again with them all known (hints only).

Run: .venv/bin/python bench/bench_sources.py [--items 5000]
"""

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.config import source_spec
from monitor.newsroom.feeds import Listing, render_atom, render_news_sitemap, render_rss
from monitor.newsroom.pages import build_chrome, render_index
from monitor.watching.discovery import discover
from monitor.watching.listings import Discovery
from storage.repository import Store
from storage.source_records import PollRecord

BASE = "https://news.example"


def listings(n: int) -> list[Listing]:
    start = datetime.now(UTC)
    return [
        Listing(
            path=f"/news/2026/11/story-number-{i}-about-the-council",
            headline=f"Council story number {i} about the harbour budget",
            section="Politics",
            published=start - timedelta(minutes=i),
            modified=start - timedelta(minutes=i // 2),
        )
        for i in range(n)
    ]


def timed(parse: Callable[[], Discovery]) -> tuple[float, int]:
    started = time.perf_counter()
    found = parse()
    return time.perf_counter() - started, len(found.items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=5000)
    args = parser.parse_args()
    items = listings(args.items)
    chrome = build_chrome(nav_links=400, footer_links=150)
    page = render_index(
        chrome,
        [(item.path, item.headline) for item in items[:500]],
        now=datetime.now(UTC),
        rng=random.Random(0),
    )
    texts = {
        f"RSS 2.0, {args.items} items": render_rss(BASE, "Ledger", items),
        f"Atom 1.0, {args.items} entries": render_atom(BASE, "Ledger", items),
        f"news sitemap, {args.items} URLs": render_news_sitemap(BASE, "Ledger", items),
        "section page, 500 stories + 550 chrome links": page,
    }
    print(f"{'parse':48} {'seconds':>8} {'items':>6} {'KB':>7}")
    found: Discovery | None = None
    for name, body in texts.items():
        text = body.decode()
        seconds, count = timed(lambda text=text: discover(text, f"{BASE}/feed"))
        print(f"{name:48} {seconds:8.3f} {count:6d} {len(body) / 1024:7.0f}")
        if "sitemap" in name:
            found = discover(text, f"{BASE}/sitemap.xml")
    assert found is not None

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'bench.db'}")
        now = datetime.now(UTC)
        spec = source_spec(f"{BASE}/sitemap.xml", max_per_day=10**6, max_active=10**6)
        source_id = store.sources.follow(spec, now)
        record = PollRecord(
            source_id=source_id,
            started_at=now,
            duration=0.0,
            outcome="listed",
            next_poll_at=now,
            items=found.items,
            watch_tags=("source:bench",),
        )
        print(f"{'record one poll':48} {'seconds':>8}")
        for name in (f"{args.items} new articles added", f"{args.items} known articles"):
            started = time.perf_counter()
            store.sources.record_poll(record, owner="bench")
            print(f"{name:48} {time.perf_counter() - started:8.3f}")
        store.close()


if __name__ == "__main__":
    main()
