"""A webhook receiver on 127.0.0.1: the other end of redline's notifications, for tests.

It records every POST with its headers and raw body (what a signature is computed over), and
can fail or stall on purpose, so retries and a stuck endpoint are shown with real HTTP.
"""

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self

# How long a held request waits at most, so a forgotten `release()` cannot hang a test run.
_HOLD_LIMIT = 60.0


@dataclass(frozen=True)
class Received:
    """One request the receiver accepted."""

    path: str
    headers: dict[str, str]
    body: bytes


class WebhookReceiver:
    """Records every POST it accepts; `fail(n)` answers the next n with 503, `hold()` stalls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self._failures = 0
        self._open = threading.Event()
        self._open.set()
        self.arrived = threading.Event()  # set when any request has come in
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>`, without a trailing slash."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def received(self) -> list[Received]:
        """The requests accepted so far (not the failed ones), oldest first."""
        with self._lock:
            return list(self._received)

    def fail(self, requests: int) -> None:
        """Answer the next `requests` requests with 503 Service Unavailable."""
        with self._lock:
            self._failures = requests

    def hold(self) -> None:
        """Keep requests waiting, unanswered, until `release()`."""
        self._open.clear()

    def release(self) -> None:
        """Answer the held requests and stop holding."""
        self._open.set()

    def start(self) -> Self:
        """Serve from a daemon thread; returns self for chaining."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release held requests and close the port."""
        self._open.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _answer(self, request: Received) -> int:
        self.arrived.set()
        self._open.wait(_HOLD_LIMIT)
        with self._lock:
            if self._failures:
                self._failures -= 1
                return 503
            self._received.append(request)
            return 200


def _handler(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status = receiver._answer(Received(self.path, dict(self.headers), body))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
