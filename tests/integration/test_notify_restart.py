"""A real `redline serve` notifies a real webhook exactly once per flagged change, across a kill.

The endpoint is down while the service records a round of edits; the service is then killed
(SIGKILL, nothing cleaned up) with those notifications still owed. Once the endpoint is back, a
restarted service delivers every one of them, each once and signed, and stops cleanly on SIGTERM.
"""

import json
import signal
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
import pytest

from monitor.alerts.notify import verify_signature
from monitor.newsroom import LocalNewsSite, WebhookReceiver
from storage.records import RuleSpec

if TYPE_CHECKING:
    from conftest import Services  # the fixture's type, for readers and editors

pytestmark = pytest.mark.slow
SECRET = "correct horse battery staple"


def publish_next_everywhere(site: LocalNewsSite) -> None:
    for slug in site.slugs:
        site.publish_next(slug)


def test_every_flagged_change_is_delivered_once_signed_across_a_killed_service(
    services: "Services", receiver: WebhookReceiver, site: LocalNewsSite
) -> None:
    store = services.watch(site)
    spec = RuleSpec("webhook", f"{receiver.url}/hook", tag="*", secret=SECRET, flagged_only=True)
    store.outbox.add_rule(spec, datetime.now(UTC))
    store.close()
    wait = services.wait_for
    flagged = "SELECT count(*) FROM change WHERE flag_count > 0"

    service = services.start("--notify-retry", "1s")
    wait(lambda: services.count("SELECT count(*) FROM version") == 3, "first versions")
    publish_next_everywhere(site)
    wait(lambda: services.count("SELECT count(*) FROM change") == 3, "the first round of edits")
    wait(lambda: len(receiver.received) == services.count(flagged), "the first notifications")

    receiver.fail(1_000_000)  # the endpoint goes down
    publish_next_everywhere(site)
    wait(lambda: services.count("SELECT count(*) FROM change") == 6, "the second round of edits")
    wait(
        lambda: (
            services.count("SELECT count(*) FROM delivery WHERE attempts > 0 AND status != 'sent'")
            == services.count(flagged) - len(receiver.received)
        ),
        "failed attempts at the second round's notifications",
    )
    service.send_signal(signal.SIGKILL)
    service.communicate()
    owed = services.count("SELECT count(*) FROM delivery WHERE status = 'pending'")
    assert owed > 0

    receiver.fail(0)  # the endpoint is back
    service = services.start("--notify-retry", "1s")
    wait(lambda: len(receiver.received) == services.count(flagged), "the owed notifications")
    service.send_signal(signal.SIGTERM)
    _, errors = service.communicate(timeout=60)
    assert service.returncode == 0, errors.decode()

    delivered = receiver.received
    bodies = [json.loads(r.body) for r in delivered]
    flagged_ids = {
        int(str(r[0])) for r in services.query("SELECT id FROM change WHERE flag_count > 0")
    }
    assert len(flagged_ids) >= 4  # the demo stories' first two rounds are mostly flagged edits
    assert sorted(b["change"]["id"] for b in bodies) == sorted(flagged_ids)
    assert len({r.headers["X-Redline-Delivery"] for r in delivered}) == len(delivered)
    assert all(
        verify_signature(SECRET, r.body, r.headers["X-Redline-Signature"]) for r in delivered
    )
    assert all(b["flags"] and b["summary"] for b in bodies)
    assert services.query("SELECT DISTINCT status FROM delivery") == [("sent",)]


def test_serve_rewrites_the_feed_as_changes_are_found(
    services: "Services", site: LocalNewsSite, tmp_path: Path
) -> None:
    services.watch(site).close()
    feed = tmp_path / "changes.atom"

    def entries() -> int:
        return len(feedparser.parse(feed.read_bytes()).entries) if feed.exists() else -1

    service = services.start("--feed", str(feed))
    services.wait_for(lambda: entries() == 0, "an empty feed at start")
    versions = "SELECT count(*) FROM version"
    services.wait_for(lambda: services.count(versions) == 3, "first versions")
    publish_next_everywhere(site)
    services.wait_for(lambda: entries() == 3, "one entry per change")
    publish_next_everywhere(site)
    services.wait_for(lambda: entries() == 6, "the next round in the feed")
    service.send_signal(signal.SIGTERM)
    _, errors = service.communicate(timeout=60)
    assert service.returncode == 0, errors.decode()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".changes.atom")]
