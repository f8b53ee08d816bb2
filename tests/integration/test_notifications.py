"""Notifications: queued with each change, sent to real local endpoints, retried, never lost."""

import asyncio
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import pytest
from sqlalchemy import text

from monitor.alerts.delivery import DeliveryWorker, Sender
from monitor.alerts.notify import verify_signature
from monitor.analysis.comparison import analyse
from monitor.article import Article
from monitor.newsroom import WebhookReceiver
from monitor.testing import ManualClock
from storage.records import CheckRecord, NewVersion, RuleSpec, WatchSpec
from storage.repository import Store

T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
URL = "https://news.example/harbour-street-bridge"
OLD = Article("Council approves $119 million bridge plan", "By Dana Whitlock", (
    "Millbrook City Council voted on Tuesday night to approve a plan to rebuild the bridge.",
    "The plan will cost $119 million over three years, the finance department said.",
))  # fmt: skip
FLAGGED = Article(OLD.headline, OLD.byline, (
    OLD.paragraphs[0], OLD.paragraphs[1].replace("$119 million", "$138 million"),
))  # fmt: skip
REWORDED = Article(OLD.headline, OLD.byline, (
    OLD.paragraphs[0].replace("Tuesday night", "Tuesday evening"), FLAGGED.paragraphs[1],
))  # fmt: skip


def watch(store: Store, url: str = URL, tags: tuple[str, ...] = ("city",)) -> int:
    return store.add_watch(WatchSpec(url, url, tags=tags), T0)


def check(store: Store, watch_id: int, old: Article | None, new: Article) -> int | None:
    """Record a check that found `new` (after `old`), as the checker would."""
    comparison = analyse(old, new) if old is not None else None
    record = CheckRecord(
        watch_id=watch_id,
        started_at=T0,
        duration=0.1,
        outcome="changed" if old else "first",
        next_check_at=T0 + timedelta(hours=1),
        status=200,
        version=NewVersion(article=new, url=URL, raw_page="<html></html>"),
        diff=comparison.diff.to_dict() if comparison else None,
        flags=comparison.flag_dicts() if comparison else (),
    )
    [change_id] = store.record_checks([record], owner="test")
    return change_id


def deliveries(store: Store) -> list[tuple[int, int, str]]:
    """(change id, rule id, status) of every delivery."""
    with store.engine.connect() as db:
        rows = db.execute(text("SELECT change_id, rule_id, status FROM delivery ORDER BY id"))
        return [(int(c), int(r), str(s)) for c, r, s in rows]


def run_worker(store: Store, clock: ManualClock) -> tuple[int, int]:
    """One delivery pass, as `redline check` makes after its checks: (sent, failed)."""

    async def once() -> tuple[int, int]:
        async with Sender(timeout=5) as sender:
            worker = DeliveryWorker(store.outbox, sender, clock=clock)
            tally = await worker.run_once()
            return tally.sent, tally.failed

    return asyncio.run(once())


def test_a_change_is_stored_with_one_delivery_per_matching_rule(store: Store) -> None:
    bridge = watch(store)
    other = watch(store, "https://news.example/other", tags=("sport",))
    outbox = store.outbox
    every = outbox.add_rule(RuleSpec("webhook", "https://hooks.example/a", tag="*"), T0)
    flagged = outbox.add_rule(
        RuleSpec("webhook", "https://hooks.example/b", tag="city", flagged_only=True), T0
    )
    outbox.add_rule(RuleSpec("webhook", "https://hooks.example/c", watch_id=other), T0)

    assert check(store, bridge, None, OLD) is None  # a first version is not a change
    figure = check(store, bridge, OLD, FLAGGED)
    wording = check(store, bridge, FLAGGED, REWORDED)

    assert deliveries(store) == [
        (figure, every, "pending"),
        (figure, flagged, "pending"),
        (wording, every, "pending"),  # no flags: only the rule for every change
    ]


def test_the_worker_sends_one_signed_webhook_per_delivery_and_marks_it_sent(
    store: Store, receiver: WebhookReceiver
) -> None:
    bridge = watch(store)
    store.outbox.add_rule(
        RuleSpec("webhook", f"{receiver.url}/hook", watch_id=bridge, secret="s3cret"), T0
    )
    check(store, bridge, None, OLD)
    change_id = check(store, bridge, OLD, FLAGGED)

    assert run_worker(store, ManualClock(T0)) == (1, 0)
    assert run_worker(store, ManualClock(T0)) == (0, 0)  # nothing is sent twice

    [request] = receiver.received
    assert request.path == "/hook"
    assert verify_signature("s3cret", request.body, request.headers["X-Redline-Signature"])
    body = json.loads(request.body)
    assert body["delivery"] == request.headers["X-Redline-Delivery"]
    assert request.headers["X-Redline-Event"] == "change"
    assert body["change"]["id"] == change_id
    assert body["change"]["url"] == URL
    assert body["summary"] == ["FIGURE  $119 million -> $138 million (+$19 million, +16%)"]
    assert [f["kind"] for f in body["flags"]] == ["figure_changed"]
    assert deliveries(store) == [(change_id, 1, "sent")]


def test_a_failing_endpoint_is_retried_with_backoff_until_it_accepts(
    store: Store, receiver: WebhookReceiver
) -> None:
    bridge = watch(store)
    store.outbox.add_rule(RuleSpec("webhook", receiver.url, tag="*", secret="k"), T0)
    check(store, bridge, None, OLD)
    check(store, bridge, OLD, FLAGGED)
    receiver.fail(2)
    clock = ManualClock(T0)

    assert run_worker(store, clock) == (0, 1)
    assert run_worker(store, clock) == (0, 0)  # not due again yet
    clock.advance(timedelta(seconds=30))
    assert run_worker(store, clock) == (0, 1)
    clock.advance(timedelta(seconds=59))
    assert run_worker(store, clock) == (0, 0)  # the second wait is twice as long
    clock.advance(timedelta(seconds=1))
    assert run_worker(store, clock) == (1, 0)

    [request] = receiver.received
    assert verify_signature("k", request.body, request.headers["X-Redline-Signature"])
    [rule] = store.outbox.rules()
    assert (rule.sent, rule.pending, rule.failed, rule.last_error) == (1, 0, 0, None)


def test_an_endpoint_that_never_answers_well_is_given_up_on_and_can_be_retried(
    store: Store, receiver: WebhookReceiver
) -> None:
    bridge = watch(store)
    outbox = store.outbox
    outbox.add_rule(RuleSpec("webhook", receiver.url, tag="*", secret="k"), T0)
    check(store, bridge, None, OLD)
    check(store, bridge, OLD, FLAGGED)
    receiver.fail(1_000)
    clock = ManualClock(T0)
    while run_worker(store, clock) != (0, 0):
        clock.advance(timedelta(hours=1))
    [rule] = outbox.rules()
    assert (rule.sent, rule.pending, rule.failed, rule.last_error) == (0, 0, 1, "HTTP 503")

    receiver.fail(0)
    assert outbox.retry_failed(clock.now) == 1
    assert run_worker(store, clock) == (1, 0)


@pytest.mark.parametrize("scheme", ["json", "form"])
def test_apprise_targets_reach_a_real_endpoint(
    store: Store, receiver: WebhookReceiver, scheme: str
) -> None:
    bridge = watch(store)
    target = receiver.url.replace("http", scheme, 1) + "/apprise"
    store.outbox.add_rule(RuleSpec("apprise", target, watch_id=bridge), T0)
    check(store, bridge, None, OLD)
    check(store, bridge, OLD, FLAGGED)

    assert run_worker(store, ManualClock(T0)) == (1, 0)

    [request] = receiver.received
    assert request.path == "/apprise"
    if scheme == "json":
        fields = json.loads(request.body)
    else:
        fields = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
    assert fields["title"] == "redline: FIGURE in Council approves $119 million bridge plan"
    assert fields["message"].startswith("FIGURE  $119 million -> $138 million")


def test_a_stuck_endpoint_does_not_hold_up_checks(store: Store, receiver: WebhookReceiver) -> None:
    bridge = watch(store)
    store.outbox.add_rule(RuleSpec("webhook", receiver.url, tag="*", secret="k"), T0)
    check(store, bridge, None, OLD)
    check(store, bridge, OLD, FLAGGED)
    receiver.hold()

    async def scenario() -> None:
        async with Sender(timeout=30) as sender:
            stop = asyncio.Event()
            worker = DeliveryWorker(store.outbox, sender, clock=ManualClock(T0))
            sending = asyncio.create_task(worker.run(stop, poll=0.01))
            while not receiver.arrived.is_set():  # the delivery is now stuck at the endpoint
                await asyncio.sleep(0.01)
            # Meanwhile the checker finds and stores another change.
            assert check(store, bridge, FLAGGED, REWORDED) is not None
            assert len(receiver.received) == 0
            receiver.release()
            stop.set()
            await sending

    asyncio.run(scenario())
    assert len(receiver.received) == 1


def test_removing_a_watch_removes_its_rules_and_what_they_still_owed(store: Store) -> None:
    bridge = watch(store)
    outbox = store.outbox
    outbox.add_rule(RuleSpec("webhook", "https://hooks.example/a", watch_id=bridge), T0)
    keep = outbox.add_rule(RuleSpec("webhook", "https://hooks.example/b", tag="*"), T0)
    check(store, bridge, None, OLD)
    change_id = check(store, bridge, OLD, FLAGGED)

    store.purge(URL)

    assert [r.id for r in outbox.rules()] == [keep]
    # The tag rule's delivery carries its own copy of the change, so it is still sent.
    assert deliveries(store) == [(change_id, keep, "pending")]
