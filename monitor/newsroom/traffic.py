"""What the local news site counts and injects: requests per path, connections, faults."""

import socket
import threading
from collections import Counter

from monitor.newsroom.faults import Fault


class SiteTraffic:
    """Request counters and fault injection, shared by the site and its handler threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, tuple[Fault, int | None]] = {}
        self._in_flight = 0
        self._peak_in_flight = 0
        self._counts: Counter[str] = Counter()
        self._connections: set[socket.socket] = set()
        self.connections_opened = 0  # TCP connections accepted: shows whether clients keep them

    def override(
        self,
        path: str,
        body: bytes,
        *,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
    ) -> None:
        """Serve `body` at `path` (a feed turned error page, broken XML ...) until cleared."""
        self.inject(path, Fault(status, body, content_type))

    def clear_override(self, path: str) -> None:
        """Serve `path` normally again."""
        self.clear(path)

    def inject(self, path: str, fault: Fault, *, times: int | None = None) -> None:
        """Answer the next `times` requests for `path` (a slug or a path) with `fault`; all of
        them when `times` is None, until `clear`."""
        with self._lock:
            self._faults[self._path(path)] = (fault, times)

    def clear(self, path: str) -> None:
        """Serve `path` normally again."""
        with self._lock:
            self._faults.pop(self._path(path), None)

    def _path(self, slug_or_path: str) -> str:
        return slug_or_path if slug_or_path.startswith("/") else f"/news/{slug_or_path}"

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            entry = self._faults.get(path)
            if entry is None:
                return None
            fault, times = entry
            if times is not None:
                if times <= 1:
                    del self._faults[path]
                else:
                    self._faults[path] = (fault, times - 1)
            return fault

    @property
    def peak_in_flight(self) -> int:
        """The most requests the site was answering at the same moment."""
        with self._lock:
            return self._peak_in_flight

    def _enter(self, entering: bool) -> None:
        with self._lock:
            self._in_flight += 1 if entering else -1
            self._peak_in_flight = max(self._peak_in_flight, self._in_flight)

    def requests(self, path: str) -> int:
        """How many requests arrived for `path` (query string ignored)."""
        with self._lock:
            return self._counts[path]

    def request_counts(self) -> dict[str, int]:
        """Requests per path so far."""
        with self._lock:
            return dict(self._counts)

    def reset_counts(self) -> None:
        """Forget the request counts."""
        with self._lock:
            self._counts.clear()

    def _count(self, path: str) -> None:
        with self._lock:
            self._counts[path] += 1

    def _track(self, conn: socket.socket, *, open_: bool) -> None:
        with self._lock:
            if open_:
                self.connections_opened += 1
                self._connections.add(conn)
            else:
                self._connections.discard(conn)
