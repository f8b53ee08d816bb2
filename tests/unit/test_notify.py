"""What a notification says, how a receiver verifies it, and how long failures wait."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest

from monitor.alerts.notify import (
    MAX_ATTEMPTS,
    change_link,
    message,
    retry_delay,
    sign,
    verify_signature,
    webhook_body,
)

EVENT = {
    "id": 12,
    "watch_id": 3,
    "url": "https://news.example/harbour-street-bridge",
    "label": None,
    "headline": "Council approves $138 million plan",
    "detected_at": "2026-03-05T09:00:00+00:00",
    "from_version": 1,
    "to_version": 2,
    "flag_count": 1,
    "kinds": ["figure_changed"],
    "flags": [
        {"kind": "figure_changed", "before": "$119 million", "after": "$138 million",
         "delta": 19e6, "relative": 19 / 119, "unit": "USD"},
    ],
}  # fmt: skip


def test_webhook_body_carries_the_change_its_flags_and_readable_lines() -> None:
    body = json.loads(webhook_body(EVENT, "key-1"))
    assert body["type"] == "change"
    assert body["delivery"] == "key-1"
    assert body["change"]["id"] == 12
    assert body["change"]["url"] == "https://news.example/harbour-street-bridge"
    assert body["flags"] == EVENT["flags"]
    assert body["summary"] == ["FIGURE  $119 million -> $138 million (+$19 million, +16%)"]


def test_the_same_delivery_always_has_the_same_bytes_and_signature() -> None:
    assert webhook_body(EVENT, "key-1") == webhook_body(dict(reversed(EVENT.items())), "key-1")


def test_a_receiver_verifies_the_signature_with_the_shared_secret() -> None:
    body = webhook_body(EVENT, "key-1")
    header = sign("s3cret", body)
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert header == f"sha256={expected}"  # what the README tells receivers to compute
    assert verify_signature("s3cret", body, header)


@pytest.mark.parametrize(
    ("secret", "body", "header"),
    [
        ("wrong", b'{"a": 1}', sign("s3cret", b'{"a": 1}')),
        ("s3cret", b'{"a": 2}', sign("s3cret", b'{"a": 1}')),
        ("s3cret", b'{"a": 1}', None),
        ("s3cret", b'{"a": 1}', "sha256="),
    ],
)
def test_a_tampered_body_or_wrong_secret_fails_verification(
    secret: str, body: bytes, header: str | None
) -> None:
    assert not verify_signature(secret, body, header)


def test_chat_message_names_the_flags_then_the_article() -> None:
    title, text = message(EVENT)
    assert title == "redline: FIGURE in Council approves $138 million plan"
    assert text.splitlines()[0] == "FIGURE  $119 million -> $138 million (+$19 million, +16%)"
    assert "https://news.example/harbour-street-bridge" in text
    assert "Version 1 became version 2, found 2026-03-05 09:00 UTC (change #12)." in text
    assert "redline " not in text.lower().replace("redline:", "")  # no command to run


def test_a_configured_report_or_web_address_links_the_change() -> None:
    _, text = message(EVENT, change_link("https://desk.example/report.html", 12))
    assert text.endswith("See the change: https://desk.example/report.html#change-12")
    assert change_link("https://desk.example/changes/{id}", 12) == "https://desk.example/changes/12"
    body = json.loads(webhook_body(EVENT, "k", "https://desk.example/changes/12"))
    assert body["change"]["link"] == "https://desk.example/changes/12"


def test_chat_message_for_a_change_without_flags() -> None:
    title, text = message({**EVENT, "flags": [], "kinds": [], "label": "Bridge"})
    assert title == "redline: Bridge changed"
    assert text.startswith("Wording changed; no flags.")


def test_an_article_event_leads_the_message_and_the_webhook_summary() -> None:
    removal = {**EVENT, "kind": "removed", "event": {"status": 410}, "to_version": None}
    removal |= {"flags": [], "kinds": [], "label": "Bridge"}
    title, text = message(removal)
    assert title == "redline: REMOVED in Bridge"
    assert text.splitlines()[0] == "REMOVED  the server answers 410"
    assert "No readable article since version 1" in text
    assert "None" not in text
    body = json.loads(webhook_body(removal, "k"))
    assert body["summary"] == ["REMOVED  the server answers 410"]
    assert (body["change"]["kind"], body["change"]["to_version"]) == ("removed", None)


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [
        (1, timedelta(seconds=30)),
        (2, timedelta(minutes=1)),
        (3, timedelta(minutes=2)),
        (7, timedelta(minutes=32)),
        (8, timedelta(hours=1)),
        (MAX_ATTEMPTS - 1, timedelta(hours=1)),
        (MAX_ATTEMPTS, None),
    ],
)
def test_failed_deliveries_back_off_exponentially_then_give_up(
    attempts: int, wait: timedelta | None
) -> None:
    assert retry_delay(attempts) == wait


def test_the_first_wait_can_be_shortened() -> None:
    assert retry_delay(1, timedelta(seconds=1)) == timedelta(seconds=1)
    assert retry_delay(3, timedelta(seconds=1)) == timedelta(seconds=4)
