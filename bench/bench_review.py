"""Review and alerts: what the outbox costs a check, and how fast views and deliveries are.

A database gets `--articles` synthetic articles of ~1,200 words, each revised `--versions` - 1
times (a figure changed or a sentence added per revision), written through `record_checks`
exactly as the checker writes them. Printed:

- record_checks per change, with no notification rule and with two matching rules (the
  outbox writes its deliveries in the same transaction);
- `redline report` (HTML) of the latest 200 changes, `redline feed` (Atom) of the latest 50;
- `redline timeline` of one article through all its versions;
- delivery throughput: every queued webhook delivery sent to a local receiver.

Run: .venv/bin/python bench/bench_review.py [--articles 40] [--versions 25]
"""

import argparse
import asyncio
import os
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from monitor.alerts.delivery import DeliveryWorker, Sender
from monitor.analysis.comparison import analyse
from monitor.analysis.timeline import VersionPoint, timeline
from monitor.article import Article
from monitor.config import watch_spec
from monitor.newsroom import Revision, WebhookReceiver
from monitor.newsroom.synthetic import bench_stories, synthetic_edit
from monitor.review.feed import feed_id, render_feed
from monitor.review.htmlreport import render_report
from monitor.review.publish import load_changes
from monitor.review.query import ChangeQuery
from storage.pages import pack
from storage.records import CheckRecord, NewVersion, RuleSpec
from storage.repository import Store

T = TypeVar("T")
T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


def article(revision: Revision) -> Article:
    return Article(revision.headline, ", ".join(revision.authors), revision.paragraphs)


def record(watch_id: int, old: Article | None, new: Article, n: int) -> CheckRecord:
    comparison = analyse(old, new) if old is not None else None
    return CheckRecord(
        watch_id=watch_id,
        started_at=T0 + timedelta(minutes=n),
        duration=0.1,
        outcome="changed" if old else "first",
        next_check_at=T0 + timedelta(hours=1),
        status=200,
        version=NewVersion(new, f"https://news.example/{watch_id}", pack("<p/>"), n + 1),
        diff=comparison.diff.to_dict() if comparison else None,
        flags=comparison.flag_dicts() if comparison else (),
    )


def fill(store: Store, articles: int, versions: int) -> tuple[float, int]:
    """Write every version through record_checks; (seconds spent writing changes, changes)."""
    rng = random.Random(1)
    spent, changes = 0.0, 0
    for story in bench_stories(articles, seed=7):
        watch_id = store.add_watch(watch_spec(f"https://news.example/{story.slug}"), T0)
        revision, previous = story.revisions[0], None
        for n in range(versions):
            current = article(revision)
            check = record(watch_id, previous, current, n)  # analysis is not the store's cost
            started = time.perf_counter()
            store.record_checks([check], owner="bench")
            if previous is not None:
                spent += time.perf_counter() - started
                changes += 1
            previous, revision = current, synthetic_edit(revision, rng)
    return spent, changes


def timed(action: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


async def deliver_all(store: Store) -> tuple[float, int]:
    """Send every queued delivery once; (seconds, deliveries sent)."""
    async with Sender() as sender:
        worker = DeliveryWorker(store.outbox, sender, clock=lambda: T0 + timedelta(days=1))
        started = time.perf_counter()
        tally = await worker.run_once()
        spent = time.perf_counter() - started
    assert tally.failed == 0, tally
    return spent, tally.sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--versions", type=int, default=25)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        plain = Store.open(f"sqlite:///{Path(folder) / 'plain.db'}")
        spent, changes = fill(plain, args.articles, args.versions)
        print(f"record_checks, no rules:        {spent / changes * 1000:6.2f} ms per change")

        receiver = WebhookReceiver().start()
        alerted = Store.open(f"sqlite:///{Path(folder) / 'alerted.db'}")
        for path in ("a", "b"):
            spec = RuleSpec("webhook", f"{receiver.url}/{path}", tag="*", secret="bench")
            alerted.outbox.add_rule(spec, T0)
        spent, changes = fill(alerted, args.articles, args.versions)
        print(f"record_checks, two rules:       {spent / changes * 1000:6.2f} ms per change "
              f"({changes} changes, {2 * changes} deliveries queued)")  # fmt: skip

        seconds, details = timed(lambda: load_changes(plain, ChangeQuery(limit=200)))
        render, page = timed(
            lambda: render_report(details, generated_at=T0, scope="bench", layout="side")
        )
        print(f"report, 200 changes:            {seconds:6.2f} s loading + {render:.2f} s "
              f"rendering, {len(page) / 1e6:.1f} MB")  # fmt: skip

        seconds, details = timed(lambda: load_changes(plain, ChangeQuery(limit=50)))
        render, feed = timed(
            lambda: render_feed(details, identity=feed_id("b"), title="b", generated_at=T0)
        )
        print(f"feed, 50 changes:               {seconds:6.2f} s loading + {render:.2f} s "
              f"rendering, {len(feed) / 1e6:.1f} MB")  # fmt: skip

        versions = plain.versions("1")
        points = [VersionPoint(v.number, v.fetched_at, v.article) for v in versions]
        seconds, tracks = timed(lambda: timeline(points))
        print(f"timeline, {len(points)} versions:           {seconds:6.2f} s "
              f"({len(tracks)} quotes and figures)")  # fmt: skip

        spent, sent = asyncio.run(deliver_all(alerted))
        assert sent == len(receiver.received) == 2 * changes
        receiver.stop()
        print(f"webhook deliveries:             {sent / spent:6.0f} per s ({sent} signed, local)")
        plain.close()
        alerted.close()
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
