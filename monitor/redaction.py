"""No credential reaches a log line: passwords in URLs, secret query parameters, chat tokens.

Webhook and Apprise targets carry their secrets in the URL, and libraries log URLs (httpx
logs every request line at INFO). Rather than trusting each logger, `redact_logs` scrubs every
log record as it is created, message and traceback alike, whichever handler, formatter or
verbosity later shows it.
"""

import logging
import re
import traceback
from collections.abc import Callable
from typing import Any

HIDDEN = "***"
# user:password@ (or a bare token@) in any URL.
_USERINFO = re.compile(r"(?P<scheme>\b[a-z][a-z0-9+.-]*://)[^\s/?#@'\"<>]+@", re.IGNORECASE)
# A query or form parameter whose name says it is secret: api_key, token, sig, password ...
_SECRET_PARAM = re.compile(
    r"(?P<name>[?&;][\w.%-]*?(?:key|token|secret|passw(?:or)?d|pwd|sig|signature|auth|"
    r"credential|session)[\w.%-]*=)[^&#\s'\"<>]+",
    re.IGNORECASE,
)
# Notification services' own schemes (Apprise: tgram://bottoken/chat, discord://id/token ...)
# keep their secrets in the path; only the service name is shown.
_SERVICE_URL = re.compile(
    r"(?<![\w+.-])(?P<scheme>(?!(?:https?|file|sqlite|postgres(?:ql)?(?:\+\w+)?)://)"
    r"[a-z][a-z0-9+.-]*://)"
    r"[^\s'\"<>]+",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """`text` with credentials in URLs replaced by `***`."""
    text = _SERVICE_URL.sub(lambda m: m.group("scheme") + HIDDEN, text)
    text = _USERINFO.sub(lambda m: m.group("scheme") + HIDDEN + "@", text)
    return _SECRET_PARAM.sub(lambda m: m.group("name") + HIDDEN, text)


def redact_logs() -> None:
    """Scrub every log record made from now on in this process (safe to call twice)."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "redacts", False):
        return
    logging.setLogRecordFactory(_redacting(factory))


def _redacting(make: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        made = make(*args, **kwargs)
        made.msg, made.args = redact(made.getMessage()), ()
        if made.exc_info and made.exc_info[0] is not None:
            made.exc_text = redact("".join(traceback.format_exception(*made.exc_info)).rstrip())
            made.exc_info = None
        if made.stack_info:
            made.stack_info = redact(made.stack_info)
        return made

    record.redacts = True  # type: ignore[attr-defined]
    return record
