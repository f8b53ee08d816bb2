"""The local news site's HTTP handler: routing, conditional answers and the fault paths."""

import contextlib
import hashlib
import http
import socket
import struct
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from monitor.newsroom.faults import Fault
from monitor.newsroom.feeds import (
    ATOM_TYPE,
    RSS_TYPE,
    SITEMAP_TYPE,
    Listing,
    render_atom,
    render_news_sitemap,
    render_rss,
)
from monitor.newsroom.pages import SITE_NAME, RenderedRevision

if TYPE_CHECKING:
    from monitor.newsroom.site import LocalNewsSite

BIG_SIZE = 40 * 1024 * 1024
_BIG_CHUNK = (b"<p>" + b"All work and no play makes a very large page. " * 20 + b"</p>\n") * 64
_TRICKLE_INTERVAL = 0.05
_TRICKLE_LIMIT = 120.0  # seconds; a client that never hangs up does not pin a thread forever
_HTML = "text/html; charset=utf-8"
LATIN1_TEXT = (
    "Caf\u00e9 owners say the \u20ac2 parking fee is \u201ca tax on coffee\u201d \u2014 "
    "the council\u2019s na\u00efve plan, they argue, will empty Quay Square."
)


class NewsServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default of 5 drops connections at concurrency 50

    def __init__(self, site: "LocalNewsSite") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        if site._tls is not None:
            self.socket = site._tls.wrap_socket(self.socket, server_side=True)


class _Responses(BaseHTTPRequestHandler):
    """How the site answers: whole bodies, streamed bodies and the fault paths."""

    protocol_version = "HTTP/1.1"  # keep-alive, so benchmarks measure pooling, not handshakes
    server: NewsServer

    def _fault(self, fault: Fault) -> None:
        if fault.delay and self.server.site._stopping.wait(fault.delay):
            return
        if fault.reset:
            # SO_LINGER with a zero timeout: closing sends a TCP reset, not a clean FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.rfile.close()  # the socket closes only when its file objects are closed too
            self.connection.close()
            return
        self._send(fault.status, fault.body, content_type=fault.content_type, headers=fault.headers)

    def _status(self, status: int) -> None:
        try:
            phrase = http.HTTPStatus(status).phrase
        except ValueError:
            phrase = "Unknown"
        self._send(status, b"" if status in (204, 304) else _message_page(f"{status} {phrase}"))

    def _redirect(self, count: int) -> None:
        if count == 0:
            self._send(200, _message_page("You have arrived"))
        else:
            self._send(302, b"", headers=(("Location", f"/redirect/{count - 1}"),))

    def _slow(self) -> None:
        self._stream_headers(None)
        stopping = self.server.site._stopping
        self.wfile.write(b"<!doctype html><title>Slow</title><p>")
        deadline = time.monotonic() + _TRICKLE_LIMIT
        while time.monotonic() < deadline and not stopping.wait(_TRICKLE_INTERVAL):
            self.wfile.write(b".")

    def _big(self, *, declared: bool) -> None:
        self._stream_headers(BIG_SIZE if declared else None)
        stopping = self.server.site._stopping
        sent = 0
        while sent < BIG_SIZE and not stopping.is_set():
            chunk = _BIG_CHUNK[: BIG_SIZE - sent]
            self.wfile.write(chunk)
            sent += len(chunk)

    def _send(
        self,
        status: int,
        body: bytes,
        *,
        content_type: str = _HTML,
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _stream_headers(self, length: int | None) -> None:
        """Start a body that ends when the connection closes (or at a declared length)."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", _HTML)
        self.send_header("Connection", "close")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()


class _Handler(_Responses):
    server_version = "MillbrookLedger/1.0"
    disable_nagle_algorithm = True
    timeout = 30  # idle keep-alive connections are closed after this many seconds

    def setup(self) -> None:
        super().setup()
        self.server.site._track(self.connection, open_=True)

    def finish(self) -> None:
        self.server.site._track(self.connection, open_=False)
        super().finish()

    def handle(self) -> None:
        # The client hung up or the site stopped; there is nothing to report.
        with contextlib.suppress(ConnectionError, TimeoutError):
            super().handle()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: tests and benchmarks read their own output."""

    def do_GET(self) -> None:
        """Route one request."""
        site = self.server.site
        path = self.path.partition("?")[0]
        site._count(path)
        site._enter(True)
        try:
            fault = site._take_fault(path)
            if fault is not None:
                self._fault(fault)
            else:
                self._route()
        finally:
            site._enter(False)

    def _route(self) -> None:
        path, _, query = self.path.partition("?")
        if self._listing(path):
            return
        match path.strip("/").split("/"):
            case [""]:
                self._send(200, self.server.site._index())
            case ["news", slug]:
                self._article(slug)
            case ["status", code] if code.isdigit() and 200 <= int(code) <= 599:
                self._status(int(code))
            case ["redirect", count] if count.isdigit():
                self._redirect(int(count))
            case ["loop"]:
                self._send(302, b"", headers=(("Location", "/loop"),))
            case ["binary"]:
                self._send(200, _PNG, content_type="image/png")
            case ["latin1"]:
                self._send(200, _LATIN1_PAGE)
            case ["slow"]:
                self._slow()
            case ["big"]:
                self._big(declared="declared=1" in query.split("&"))
            case ["robots.txt"] if self.server.site.robots_txt is not None:
                robots = self.server.site.robots_txt.encode()
                self._send(200, robots, content_type="text/plain; charset=utf-8")
            case _:
                self._send(404, _message_page("404 Not Found"))

    # --- routes -----------------------------------------------------------------------------

    def _listing(self, path: str) -> bool:
        """Serve a feed or a section front; False when `path` is neither."""
        site = self.server.site
        if path in _FEEDS:
            self._feed(*_FEEDS[path])
        elif path.startswith("/section/") and (page := site._section(path[9:])) is not None:
            self._send(200, page)
        else:
            return False
        return True

    def _article(self, slug: str) -> None:
        site = self.server.site
        try:
            snapshot = site._snapshot(slug)
        except KeyError:
            self._send(404, _message_page("404 Not Found"))
            return
        rendered = snapshot.rendered
        validators = (
            ("ETag", rendered.etag),
            ("Last-Modified", rendered.last_modified_header),
            ("Cache-Control", "no-cache"),
        )
        if site.conditional and self._not_modified(rendered):
            self.send_response(304)
            for name, value in validators:
                self.send_header(name, value)
            self.end_headers()
            return
        self._send(200, site._page(rendered), headers=validators)

    def _feed(
        self, render: Callable[[str, str, Sequence[Listing]], bytes], content_type: str
    ) -> None:
        site = self.server.site
        body = render(site.base_url, SITE_NAME, site._listings())
        etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
        if site.conditional and _matches(self.headers.get("If-None-Match"), etag):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self._send(200, body, content_type=content_type, headers=(("ETag", etag),))

    # --- helpers ----------------------------------------------------------------------------

    def _not_modified(self, rendered: RenderedRevision) -> bool:
        """RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return _matches(if_none_match, rendered.etag)
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is None:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            return False
        return rendered.last_modified.replace(microsecond=0) <= since


_FEEDS: dict[str, tuple[Callable[[str, str, Sequence[Listing]], bytes], str]] = {
    "/feeds/rss.xml": (render_rss, RSS_TYPE),
    "/feeds/atom.xml": (render_atom, ATOM_TYPE),
    "/sitemap-news.xml": (render_news_sitemap, SITEMAP_TYPE),
}


def _matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (or any, with *)."""
    if if_none_match is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def _message_page(message: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>{message}</title></head>"
        f"<body><h1>{message}</h1></body></html>"
    ).encode()


_LATIN1_PAGE = (
    '<!doctype html><html><head><meta charset="utf-8"><title>Parking</title></head>'
    f"<body><article><h1>Parking fee row</h1><p>{LATIN1_TEXT}</p></article></body></html>"
).encode("cp1252")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# A valid 1x1 transparent PNG.
_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00"))
    + _png_chunk(b"IEND", b"")
)
