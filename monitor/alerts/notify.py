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
from datetime import timedelta
from typing import Any, Final

from monitor.review.render import change_url, flag_label, flag_line
from monitor.watching.events import describe

SIGNATURE_HEADER: Final = "X-Redline-Signature"
DELIVERY_HEADER: Final = "X-Redline-Delivery"
EVENT_HEADER: Final = "X-Redline-Event"
# A dead endpoint is retried for about a day (30 s doubling, at most an hour apart), then the
# delivery is marked failed; `redline notify retry` queues failed ones again.
MAX_ATTEMPTS: Final = 30
FIRST_RETRY: Final = timedelta(seconds=30)
LONGEST_RETRY: Final = timedelta(hours=1)


def webhook_body(event: Mapping[str, Any], key: str, link_base: str | None = None) -> bytes:
    """The JSON a webhook receives: the change, its flags, and one readable line per flag.

    With `link_base` (the public URL of `redline web`), `link` is the change's page there.
    """
    document = {
        "type": "change",
        "delivery": key,
        "change": {k: v for k, v in event.items() if k != "flags"},
        "flags": list(event.get("flags", [])),
        "summary": summary_lines(event),
    }
    if link_base is not None:
        document["link"] = change_url(link_base, int(event["change_id"]))
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


def message(event: Mapping[str, Any], link_base: str | None = None) -> tuple[str, str]:
    """Title and body of a notification for chat and mail services (through Apprise).

    It ends with the change's page in `redline web` when `link_base` says where that is, and
    with the command that shows it otherwise.
    """
    name = event.get("label") or event.get("headline") or event.get("url")
    kind = str(event.get("kind", "edit"))
    kinds = [kind.upper()] if kind != "edit" else []
    kinds += [flag_label(str(k)) for k in event.get("kinds", [])]
    title = f"redline: {', '.join(kinds)} in {name}" if kinds else f"redline: {name} changed"
    lines = summary_lines(event) or ["Wording changed; no flags."]
    lines += [
        "",
        f"{event.get('headline')}",
        f"{event.get('url')}",
        f"version {event.get('from_version')} -> {event.get('to_version')}: "
        + (
            change_url(link_base, int(event["change_id"]))
            if link_base is not None
            else f"redline show {event.get('change_id')}"
        ),
    ]
    return title, "\n".join(lines)


def retry_delay(attempts: int, first: timedelta = FIRST_RETRY) -> timedelta | None:
    """How long to wait after the `attempts`-th failed attempt; None means give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    delay: timedelta = first * 2 ** max(attempts - 1, 0)
    return min(delay, max(LONGEST_RETRY, first))
