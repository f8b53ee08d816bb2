"""Pages are analysed in worker processes with a CPU budget each: a real local site, a real
database, the real `redline check` and the real pool."""

import asyncio
import json
import os
import signal
from collections.abc import Callable
from datetime import UTC, datetime

from monitor.fetching.fetch import Fetcher
from monitor.newsroom import LOCAL_POLITENESS, LocalNewsSite, faults
from monitor.watching.workers import WorkerPool
from storage.records import DueWatch

Run = Callable[..., str]  # the redline fixture: redline(*args, code=0) -> output

# Tens of thousands of paragraphs: seconds of CPU to extract, where an article takes 0.01 s.
HEAVY = (
    "<html><head><title>Everything at once</title></head><body><article><h1>Everything</h1>"
    + "".join(f"<p>Paragraph {n} of a page that goes on and on.</p>" for n in range(60_000))
    + "</article></body></html>"
)
LOCAL = ("--min-gap", "0", "--per-host", "10")


def test_a_heavy_page_is_too_complex_and_the_pages_beside_it_are_checked(
    redline: Run, site: LocalNewsSite
) -> None:
    heavy, *ordinary = site.slugs
    for slug in site.slugs:
        redline("add", site.url(slug))
    site.inject(heavy, faults.page(HEAVY))

    out = redline("check", "--format", "json", "--cpu-budget", "1", *LOCAL, code=1)

    summary = json.loads(out)
    assert summary["outcomes"] == {"first": len(ordinary), "too_complex": 1}
    listing = {w["url"]: w for w in json.loads(redline("list", "--format", "json"))}
    for slug in ordinary:
        assert listing[site.url(slug)]["versions"] == 1
    skipped = listing[site.url(heavy)]
    assert skipped["last_outcome"] == "too_complex"
    assert "more than 1 s of CPU" in skipped["last_error"]
    assert skipped["versions"] == 0

    # The page is read in full again next time (no validators kept): once it is an ordinary
    # article, it becomes version 1.
    site.clear(heavy)
    assert "1 first" in redline("check", "--all", *LOCAL)


def test_the_pool_replaces_workers_that_were_killed(site: LocalNewsSite) -> None:
    due = DueWatch(
        id=1,
        url=site.url(site.slugs[0]),
        etag=None,
        last_modified=None,
        every_seconds=None,
        pinned=False,
        created_at=datetime.now(UTC),
        published_at=None,
        last_changed_at=None,
        consecutive_unchanged=0,
        consecutive_errors=0,
        latest=None,
    )

    async def analyse_twice(pool: WorkerPool) -> list[str]:
        outcomes = []
        async with Fetcher(politeness=LOCAL_POLITENESS) as fetcher:
            for _ in range(2):
                result = await fetcher.fetch(due.url)
                record = await pool.analyse(due, result, datetime.now(UTC))
                outcomes.append(record.outcome)
                for pid in pool.pids():
                    os.kill(pid, signal.SIGKILL)
        return outcomes

    with WorkerPool(2) as pool:
        assert asyncio.run(analyse_twice(pool)) == ["first", "first"]
