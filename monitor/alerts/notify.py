"""What a notification says and how it is signed: pure, so senders and receivers agree.

A webhook delivery is a POST of `webhook_body(event, key)` with these headers:

    Content-Type: application/json
    X-Redline-Event: change
    X-Redline-Delivery: <key>        the same on every retry of one delivery: de-duplicate on it
    X-Redline-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the rule's secret>

A receiver verifies with `verify_signature(secret, raw_body, header)` (or the same three lines
in any language) before trusting the body.
"""

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from monitor.review.render import flag_label, flag_line
from monitor.watching.events import describe

SIGNATURE_HEADER: Final = "X-Redline-Signature"
DELIVERY_HEADER: Final = "X-Redline-Delivery"
EVENT_HEADER: Final = "X-Redline-Event"
# A dead endpoint is retried for about a day (30 s doubling, at most an hour apart), then the
# delivery is marked failed; `redline notify retry` queues failed ones again.
MAX_ATTEMPTS: Final = 30
FIRST_RETRY: Final = timedelta(seconds=30)
LONGEST_RETRY: Final = timedelta(hours=1)


def webhook_body(event: Mapping[str, Any], key: str, link: str | None = None) -> bytes:
    """The JSON a webhook receives: the change (with its `link` when one is configured), its
    flags, and one readable line per flag."""
    change = {k: v for k, v in event.items() if k != "flags"}
    if link is not None:
        change["link"] = link
    document = {
        "type": "change",
        "delivery": key,
        "change": change,
        "flags": list(event.get("flags", [])),
        "summary": summary_lines(event),
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for a raw body."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """True when `header` is the signature of exactly these bytes under `secret`."""
    return header is not None and hmac.compare_digest(sign(secret, body), header)


def summary_lines(event: Mapping[str, Any]) -> list[str]:
    """One line for an article event (removed, collapsed ...), then one per flag, as
    `redline show` prints them."""
    kind = str(event.get("kind", "edit"))
    lines = [describe(kind, event.get("event"))] if kind != "edit" else []
    return lines + [flag_line(flag) for flag in event.get("flags", [])]


def message(event: Mapping[str, Any], link: str | None = None) -> tuple[str, str]:
    """Title and body of a notification for chat and mail services (through Apprise).

    Written for a person reading it in Slack or mail: what happened in words and, when a
    report or web view is published, a link to the change; never a command to run.
    """
    name = event.get("label") or event.get("headline") or event.get("url")
    kind = str(event.get("kind", "edit"))
    kinds = [kind.upper()] if kind != "edit" else []
    kinds += [flag_label(str(k)) for k in event.get("kinds", [])]
    title = f"redline: {', '.join(kinds)} in {name}" if kinds else f"redline: {name} changed"
    lines = summary_lines(event) or ["Wording changed; no flags."]
    lines += ["", f"{event.get('headline')}", f"{event.get('url')}", what_happened(event)]
    if link is not None:
        lines.append(f"See the change: {link}")
    return title, "\n".join(lines)


def what_happened(event: Mapping[str, Any]) -> str:
    """The versions a change joins, in words, with when it was found."""
    found = _when(event.get("detected_at"))
    old, new = event.get("from_version"), event.get("to_version")
    if new is None:
        return (
            f"No readable article since version {old}, found {found} (change #{event.get('id')})."
        )
    return f"Version {old} became version {new}, found {found} (change #{event.get('id')})."


def _when(moment: object) -> str:
    try:
        parsed = datetime.fromisoformat(str(moment))
    except ValueError:
        return str(moment)
    return parsed.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def change_link(template: str, change_id: object) -> str:
    """The address of one change: `{id}` in `template` replaced, else the report's anchor.

    A published HTML report gives every change the anchor `#change-<id>`, so its address alone
    is enough; a web view's address pattern names where the id goes, e.g. `.../changes/{id}`.
    """
    if "{id}" in template:
        return template.replace("{id}", str(change_id))
    return f"{template.split('#', 1)[0]}#change-{change_id}"


def sample_event(now: datetime) -> dict[str, Any]:
    """A made-up change for `redline notify test`, plainly marked as a test."""
    return {
        "test": True,
        "id": 0,
        "watch_id": 0,
        "url": "https://redline.invalid/test",
        "label": "redline test message",
        "headline": "This is a test of a redline notification rule",
        "detected_at": now.isoformat(),
        "kind": "edit",
        "event": None,
        "from_version": 1,
        "to_version": 2,
        "flag_count": 1,
        "kinds": ["figure_changed"],
        "flags": [{"kind": "figure_changed", "before": "3", "after": "4", "context": "test"}],
    }


def retry_delay(attempts: int, first: timedelta = FIRST_RETRY) -> timedelta | None:
    """How long to wait after the `attempts`-th failed attempt; None means give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    delay: timedelta = first * 2 ** max(attempts - 1, 0)
    return min(delay, max(LONGEST_RETRY, first))
