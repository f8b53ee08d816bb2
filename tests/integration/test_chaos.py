"""Chaos: one `redline serve` process meets the hostile web and ordinary pages at once.

The same run holds a page that takes seconds of CPU to read, a layered compression bomb,
redirects to `javascript:`, to a port that cannot exist and to a private address, an absurd
Retry-After, an IPv6 site, a mislabelled Cyrillic page, a Chinese article, a feed with a link
into the private network and a webhook whose URL carries a password and an API key. Every
ordinary page must still be checked on time with nothing but good outcomes, memory must stay
bounded, and no log line may hold a secret.
"""

import itertools
import signal
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from monitor.config import source_spec, watch_spec
from monitor.newsroom import LocalNewsSite, WebhookReceiver, faults
from storage.records import RuleSpec

if TYPE_CHECKING:
    from conftest import Services  # the fixture's type

pytestmark = pytest.mark.slow

RUN_SECONDS = 12.0
# The service's peak resident memory. The compression bomb alone would take 256 MB.
MEMORY_BOUND_MB = 200
MAX_GAP = 10
GOOD = {"first", "changed", "unchanged", "not_modified"}
# Tens of thousands of paragraphs: seconds of CPU to extract, over the run's budget of one.
HEAVY = "<html><body><article><h1>All of it</h1>" + "<p>One more paragraph.</p>" * 60_000
CPU_BUDGET = "1"
PASSWORD, API_KEY = "hunter2-chaos", "K3Y-chaos-0042"


def peak_memory_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc")


def hostile_pages(site: LocalNewsSite) -> dict[str, str]:
    """Inject the hostile cases; returns each one's URL and the outcome it must get."""
    base = site.base_url
    site.inject("/news/heavy", faults.page(HEAVY + "</article></body></html>"))
    site.inject("/news/bomb", faults.compression_bomb(256 * 1024 * 1024, layers=2))
    site.inject("/news/js", faults.redirect("javascript:alert(document.cookie)"))
    site.inject("/news/port", faults.redirect("http://127.0.0.1:99999/news/x"))
    site.inject("/news/inside", faults.redirect(f"http://localhost:{site.port}/admin"))
    body = "<html><body><article><p>" + "Городской совет одобрил план. " * 30 + "</p></article>"
    site.inject("/news/ru", faults.page(body.encode("cp1251"), "text/html; charset=utf-8"))
    # On another host name, so the host it closes is not the ordinary pages' host.
    site.inject("/news/closed", faults.status(503, retry_after="99999999999999999999"))
    return {
        f"{base}/news/heavy": "too_complex",
        f"{base}/news/bomb": "too_large",
        f"{base}/news/js": "invalid_url",
        f"{base}/news/port": "invalid_url",
        f"{base}/news/inside": "private_address",
        f"{base}/news/ru": "first",
        f"http://localhost:{site.port}/news/closed": "http_error",
    }


def test_hostile_pages_never_delay_harm_or_leak_through_ordinary_checks(
    services: "Services", receiver: WebhookReceiver
) -> None:
    with (
        LocalNewsSite(seed=3) as site,
        LocalNewsSite(seed=4, address="::1") as ipv6_site,
    ):
        hostile = hostile_pages(site)
        feed = '<rss version="2.0"><channel><title>T</title><item><title>\x1b[2JIn</title>'
        feed += f"<link>http://localhost:{site.port}/admin/users</link></item></channel></rss>"
        site.inject("/feeds/hostile.xml", faults.page(feed, "application/rss+xml"))
        store = services.watch(site)  # every story, once a second
        ordinary = {info.id for info in store.list_watches()}
        now = datetime.now(UTC)
        for slug in ipv6_site.slugs[:2]:
            ordinary.add(store.add_watch(watch_spec(ipv6_site.url(slug), every="1s"), now))
        for url in hostile:
            store.add_watch(watch_spec(url, every="1s"), now)
        store.sources.follow(source_spec(site.base_url + "/feeds/hostile.xml"), now)
        hook = f"http://ops:{PASSWORD}@127.0.0.1:{receiver.url.rsplit(':', 1)[1]}/hook"
        store.outbox.add_rule(RuleSpec("webhook", f"{hook}?api_key={API_KEY}", tag="*"), now)
        store.close()

        service = services.start("--cpu-budget", CPU_BUDGET, verbose=True)
        started = time.monotonic()
        time.sleep(RUN_SECONDS / 2)
        site.publish_next(site.slugs[0])  # an edit, so a webhook goes out mid-run
        services.wait_for(lambda: bool(receiver.received), "the edit's webhook")
        time.sleep(max(0.0, started + RUN_SECONDS - time.monotonic()))
        memory = peak_memory_mb(service.pid)
        service.send_signal(signal.SIGTERM)
        _, err = service.communicate(timeout=30)
        log = err.decode("utf-8", errors="replace")

    assert service.returncode == 0, log[-3000:]
    assert memory < MEMORY_BOUND_MB
    assert PASSWORD not in log
    assert API_KEY not in log
    assert "Traceback" not in log
    assert "HTTP Request: POST http://***@127.0.0.1" in log  # httpx's request line, scrubbed

    checks = services.query('SELECT watch_id, started_at, outcome FROM "check" ORDER BY 1, 2')
    assert "internal_error" not in {outcome for _, _, outcome in checks}
    for watch_id in ordinary:
        mine = [(started, outcome) for wid, started, outcome in checks if wid == watch_id]
        assert {outcome for _, outcome in mine} <= GOOD, mine
        assert len(mine) >= RUN_SECONDS / 4
        times = [datetime.fromisoformat(str(started)) for started, _ in mine]
        # Checked every second asked; even on a busy shared machine, never held back for long.
        assert max(b - a for a, b in itertools.pairwise(times)) < timedelta(seconds=MAX_GAP)

    for url, outcome in hostile.items():
        [(watch_id, next_check)] = services.query(
            f"SELECT id, next_check_at FROM watch WHERE url = '{url}'"
        )
        seen = {o for wid, _, o in checks if wid == watch_id}
        assert outcome in seen, (url, seen)
        due = datetime.fromisoformat(str(next_check)).replace(tzinfo=UTC)
        assert due < datetime.now(UTC) + timedelta(days=1, minutes=5)  # never dropped for good
    watched = {str(url) for (url,) in services.query("SELECT url FROM watch")}
    assert not any("/admin" in url for url in watched)
