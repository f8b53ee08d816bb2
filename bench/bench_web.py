"""`redline web` on a big database: how fast the changes page and a search answer.

A SQLite database gets `--watches` watches and `--changes` changes (10 per watch by default,
so 110,000 versions of a ~250-word article), written with bulk inserts; the search index is
filled by the same triggers that index a check's version. Each version has a headline,
byline and paragraphs of ordinary news words, one of 2,000 topic words per article, and a
quote whose speaker is one of 320 names. Each change has one or two flags (a reworded quote, a
figure that moved up or down, a headline). One tag in ten watches is "politics".

The view is served by uvicorn on a loopback port and asked over HTTP, each request timed
from send to last byte; printed is the median and the 95th percentile of `--rounds` requests.

Run: .venv/bin/python bench/bench_web.py [--watches 10000] [--changes 100000] [--keep PATH]
"""

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, insert

from monitor.testing import WebThread
from monitor.web.app import create_app
from monitor.web.settings import WebSettings
from storage.repository import Store
from storage.tables import Change, Check, FlagRow, Version, Watch

WORDS = (
    "council", "residents", "plan", "budget", "city", "officials", "report", "week", "year",
    "board", "vote", "project", "cost", "state", "county", "school", "health", "service",
    "the", "the", "the", "a", "a", "of", "of", "to", "in", "and", "for", "on", "with", "by",
    "said", "would", "after", "their", "million", "percent", "bridge", "hospital", "housing",
    "transit", "police", "court", "mayor", "hearing", "contract", "funding", "tax", "voters",
    "approved", "delayed", "cut", "raised", "expected", "announced", "warned", "rejected",
)  # fmt: skip
FIRST = (
    "Ana", "Ben", "Chloe", "Darius", "Elena", "Farid", "Grace", "Hugo", "Imani", "Jonas",
    "Keiko", "Liam", "Maya", "Nikhil", "Olga", "Pedro", "Quinn", "Rosa", "Samir", "Tess",
)  # fmt: skip
LAST = (
    "Abbott", "Brennan", "Castillo", "Dube", "Eriksen", "Fontaine", "Gupta", "Hale",
    "Ibarra", "Jensen", "Kowalski", "Lindqvist", "Mensah", "Novak", "Okafor", "Petrov",
)  # fmt: skip
START = datetime(2026, 1, 1, tzinfo=UTC)
CHUNK = 5_000


def topic(n: int) -> str:
    """A made-up word standing for what one article is about (rare across the database)."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    letters = []
    for i in range(4):
        letters.append(consonants[(n // (7**i)) % len(consonants)])
        letters.append(vowels[(n // (3 * 7**i)) % len(vowels)])
    return "".join(letters)


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def article(rng: random.Random, watch: int, number: int, speaker: str) -> dict[str, Any]:
    subject = topic(watch % 2_000)
    paragraphs = [
        f"{sentence(rng, 18)[:-1]} {subject} {sentence(rng, 12)}",
        f"\u201c{sentence(rng, 14)}\u201d said {speaker}, {rng.choice(WORDS)} {number}.",
        *(sentence(rng, 40) for _ in range(4)),
        f"The plan will cost ${rng.randint(2, 900)} million, officials said.",
    ]
    return {
        "headline": f"{sentence(rng, 8)[:-1]} {subject}",
        "byline": f"By {rng.choice(FIRST)} {rng.choice(LAST)}",
        "paragraphs": paragraphs,
    }


def flags_for(rng: random.Random, speaker: str) -> list[dict[str, Any]]:
    roll = rng.random()
    if roll < 0.4:
        before, after = sentence(rng, 10), sentence(rng, 10)
        return [{"kind": "quote_changed", "before": before, "after": after, "speaker": speaker}]
    if roll < 0.8:
        old = rng.randint(10, 900)
        new = max(1, round(old * rng.uniform(0.6, 1.4)))
        return [
            {
                "kind": "figure_changed",
                "before": f"${old} million",
                "after": f"${new} million",
                "delta": new - old,
                "relative": (new - old) / old,
                "unit": "usd",
            },
            *([{"kind": "correction_added", "after": sentence(rng, 12)}] if roll < 0.45 else []),
        ]
    if roll < 0.9:
        return [{"kind": "title_changed", "before": sentence(rng, 8), "after": sentence(rng, 8)}]
    return []


def chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def fill(engine: Engine, watches: int, changes: int, seed: int = 7) -> None:
    """Write the watches, versions, checks, changes and flags in one transaction per table."""
    rng = random.Random(seed)
    per_watch = changes // watches
    speakers = [f"{first} {last}" for first in FIRST for last in LAST]
    watch_rows, version_rows, check_rows, change_rows, flag_rows = [], [], [], [], []
    version_id = check_id = change_id = flag_id = 0
    for w in range(1, watches + 1):
        speaker = speakers[w % len(speakers)]
        tags = ["city", "politics"] if w % 10 == 0 else ["city"]
        created = START + timedelta(seconds=w * 30)
        watch_rows.append(
            {
                "id": w,
                "url": f"https://news.example/{w}/story",
                "display_url": f"https://news.example/{w}/story",
                "tags": tags,
                "created_at": created,
                "next_check_at": created + timedelta(days=40),
                "current_version_id": version_id + per_watch + 1,
            }
        )
        for number in range(1, per_watch + 2):
            version_id += 1
            check_id += 1
            at = created + timedelta(hours=number * 5, seconds=rng.randint(0, 3_000))
            version_rows.append(
                {
                    "id": version_id,
                    "watch_id": w,
                    "number": number,
                    "fingerprint": f"{w}-{number}",
                    "fetched_at": at,
                    "url": f"https://news.example/{w}/story",
                    **article(rng, w, number, speaker),
                }
            )
            outcome = "first" if number == 1 else "changed"
            check_rows.append(
                {"id": check_id, "watch_id": w, "started_at": at, "duration": 0.2,
                 "outcome": outcome, "version_id": version_id}
            )  # fmt: skip
            if number == 1:
                continue
            change_id += 1
            flags = flags_for(rng, speaker)
            change_rows.append(
                {"id": change_id, "watch_id": w, "check_id": check_id, "kind": "edit",
                 "from_version_id": version_id - 1, "to_version_id": version_id,
                 "detected_at": at, "diff": {}, "flag_count": len(flags)}
            )  # fmt: skip
            for position, flag in enumerate(flags):
                flag_id += 1
                flag_rows.append(
                    {"id": flag_id, "change_id": change_id, "position": position,
                     "kind": flag["kind"], "data": flag}
                )  # fmt: skip
    with engine.begin() as connection:
        for table, rows in (
            (Watch, watch_rows),
            (Version, version_rows),
            (Check, check_rows),
            (Change, change_rows),
            (FlagRow, flag_rows),
        ):
            for chunk in chunks(rows):
                connection.execute(insert(table), chunk)  # type: ignore[arg-type]


def timed(client: httpx.Client, path: str, rounds: int) -> tuple[float, float, int]:
    """Median and 95th percentile milliseconds of `rounds` GETs, and the response size."""
    client.get(path).raise_for_status()  # warm: templates compiled, pages cached by SQLite
    times = []
    size = 0
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        size = len(response.content)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--watches", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="Build the database here once and reuse it.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "web.db"
        fresh = not path.exists()
        store = Store.open(f"sqlite:///{path}")
        if fresh:
            started = time.perf_counter()
            fill(store.engine, args.watches, args.changes)
            took = time.perf_counter() - started
            size = path.stat().st_size / 1e6
            print(
                f"built {args.watches:,} watches, {args.changes:,} changes: "
                f"{took:.0f} s, {size:.0f} MB"
            )
        deep = store.changes(limit=1_000)[-1].id
        paths = {
            "changes, newest 50": "/",
            "changes, flagged only": "/?flagged=1",
            "changes, tag politics": "/?tag=politics",
            "changes, kind quote_changed": "/?kind=quote_changed",
            "changes, kind byline (none)": "/?kind=byline_changed",
            "changes, page 21 (before=...)": f"/?before={deep}",
            "changes, one day": "/?since=2026-02-01&until=2026-02-01",
            "changes as JSON": "/api/changes",
            "search, a topic word": f"/search?q={topic(1234)}",
            "search, topic word dropped": f"/search?q={topic(1234)}&dropped=1",
            "search, a phrase": f'/search?q="said {FIRST[3]}"',
            "search, common word": "/search?q=council",
            "search, common word dropped": "/search?q=council&dropped=1",
            "search, quotes by a speaker": f"/search?in=flags&kind=quotes&speaker={LAST[5]}",
            "search, figures down >= 10 %": "/search?in=flags&moved=down&by=10",
            "search, figures up >= 39 % (rare)": "/search?in=flags&moved=up&by=39",
        }
        view = create_app(store, WebSettings(), clock=lambda: datetime.now(UTC))
        with WebThread(view) as served, httpx.Client(base_url=served.url) as client:
            print(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'bytes':>8}")
            for name, target in paths.items():
                median, p95, size = timed(client, target, args.rounds)
                print(f"{name:34} {median:10.1f} {p95:8.1f} {size:8,}")
        store.close()


if __name__ == "__main__":
    main()
