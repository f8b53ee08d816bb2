"""Test doubles of redline's own seams, shared by the tests and the benchmarks."""

import threading
import time
from datetime import UTC, datetime, timedelta

import uvicorn
from starlette.types import ASGIApp


class ManualClock:
    """A clock that moves only when told, so a day of schedule runs without sleeping."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by `delta`."""
        self.now += delta


class WebThread:
    """An ASGI app (`redline web`) served by uvicorn on a free loopback port, in a thread."""

    def __init__(self, app: ASGIApp) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> "WebThread":
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the web view did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:41234."""
        [server] = self._server.servers
        port = server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"
