"""Credentials never reach a log line: every record is scrubbed as it is made."""

import subprocess
import sys

import pytest

from monitor.redaction import redact

CASES = [
    (
        'HTTP Request: POST https://ops:hunter2@hooks.example/in?api_key=K3Y&page=2 "200 OK"',
        'HTTP Request: POST https://***@hooks.example/in?api_key=***&page=2 "200 OK"',
    ),
    ("https://hooks.example/x?token=abc#top", "https://hooks.example/x?token=***#top"),
    (
        "https://a.example/x?id=5&Access_Token=zz&sig=1",
        "https://a.example/x?id=5&Access_Token=***&sig=***",
    ),
    ("gave up via tgram://123456:AAbot/998877: refused", "gave up via tgram://*** refused"),
    ("mailtos://me:pw@gmail.com", "mailtos://***"),
    (
        "postgresql+psycopg://app:pw@db.internal/redline",
        "postgresql+psycopg://***@db.internal/redline",
    ),
    # What is not a secret stays readable.
    ("sqlite:////var/lib/redline.db", "sqlite:////var/lib/redline.db"),
    (
        "FIRST http://127.0.0.1:8000/news/a-story?utm_source=x",
        "FIRST http://127.0.0.1:8000/news/a-story?utm_source=x",
    ),
]


@pytest.mark.parametrize(("line", "shown"), CASES)
def test_credentials_in_urls_are_hidden(line: str, shown: str) -> None:
    assert redact(line) == shown


def test_every_logger_and_traceback_is_scrubbed_once_installed() -> None:
    script = """
import logging
from monitor.redaction import redact_logs
redact_logs(); redact_logs()
logging.basicConfig(level=logging.DEBUG, format="%(name)s %(message)s")
logging.getLogger("httpx").info("HTTP Request: POST %s", "https://u:pw1@h.example/?key=k1")
try:
    raise ValueError("cannot reach https://u:pw2@h.example/hook")
except ValueError:
    logging.getLogger("redline.notify").exception("delivery to %s raised", "tgram://tok3/1")
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "httpx HTTP Request: POST https://***@h.example/?key=***" in run.stderr
    assert "ValueError: cannot reach https://***@h.example/hook" in run.stderr
    for secret in ("pw1", "k1", "pw2", "tok3"):
        assert secret not in run.stderr
