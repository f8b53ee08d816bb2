"""A small news site on 127.0.0.1 for the demo, integration tests and benchmarks.

It serves each story's current revision inside chrome that changes on every request, answers
conditional requests for the article revision, counts requests per path, and offers the fault
paths a fetcher must survive:

    /news/<slug>      an article (404 for an unknown slug)
    /status/<code>    that status with a short HTML body
    /slow             headers, then one byte every 50 ms until the client gives up
    /big              40 MB of HTML, streamed without Content-Length (?declared=1 adds it)
    /redirect/<n>     n redirects (relative Location) ending at a 200 page
    /loop             redirects to itself
    /binary           a PNG image
    /latin1           a windows-1252 page that declares utf-8
    /section/<slug>   a section front: links to that section's stories inside the chrome
    /feeds/rss.xml    RSS 2.0, /feeds/atom.xml Atom 1.0, /sitemap-news.xml a news sitemap:
                      every story, newest first, with conditional-request validators
    /robots.txt       `robots_txt` when set, else 404

Stories added with `add_story` appear on the front page, their section and every feed at
once. Any path can be told to answer with a fault instead (`inject`, see newsroom.faults;
`override` serves fixed bytes, for feeds that break). With an `ssl.SSLContext` the site
serves HTTPS.
"""

import contextlib
import hashlib
import http
import random
import socket
import ssl
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self

from monitor.fetching.politeness import Politeness
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
from monitor.newsroom.pages import (
    SITE_NAME,
    Chrome,
    RenderedRevision,
    build_chrome,
    render_index,
    render_page,
    render_revision,
    slugify,
)
from monitor.newsroom.stories import DEMO_STORIES, Revision, Story
from monitor.newsroom.synthetic import bench_stories, synthetic_edit

# Manners for a site on this machine (the demo, tests, benchmarks): no gap between requests and
# quick retries; the per-host limit and robots.txt stay as they are.
LOCAL_POLITENESS = Politeness(min_gap=0.0, retry_base=0.01)
BIG_SIZE = 40 * 1024 * 1024
_BIG_CHUNK = (b"<p>" + b"All work and no play makes a very large page. " * 20 + b"</p>\n") * 64
_TRICKLE_INTERVAL = 0.05
_TRICKLE_LIMIT = 120.0  # seconds; a client that never hangs up does not pin a thread forever
_HTML = "text/html; charset=utf-8"
LATIN1_TEXT = (
    "Caf\u00e9 owners say the \u20ac2 parking fee is \u201ca tax on coffee\u201d \u2014 "
    "the council\u2019s na\u00efve plan, they argue, will empty Quay Square."
)


@dataclass
class _Entry:
    """Mutable per-story state; only touched under the site's lock."""

    story: Story
    revisions: list[Revision]
    rendered: list[RenderedRevision]
    current: int = 0


@dataclass(frozen=True)
class _Snapshot:
    revision: Revision
    rendered: RenderedRevision


class LocalNewsSite:
    """A news site on a free port of 127.0.0.1, served from a background thread.

    Revisions advance when told (`publish_next`, `set_revision`, `revise_fraction`) or every
    `revise_every` seconds by `clock`. With `conditional=False` the site ignores
    If-None-Match and If-Modified-Since and always sends the full page.
    """

    def __init__(
        self,
        stories: Iterable[Story] = DEMO_STORIES,
        *,
        revise_every: float | None = None,
        conditional: bool = True,
        nav_links: int = 24,
        footer_links: int = 12,
        clock: Callable[[], float] = time.time,
        seed: int | None = None,
        tls: ssl.SSLContext | None = None,
        address: str = "127.0.0.1",
    ) -> None:
        self.conditional = conditional
        self.address = address  # "::1" serves over IPv6
        self.robots_txt: str | None = None
        self._tls = tls
        self._faults: dict[str, tuple[Fault, int | None]] = {}
        self._in_flight = 0
        self._peak_in_flight = 0
        self._revise_every = revise_every
        self._clock = clock
        self._chrome: Chrome = build_chrome(nav_links=nav_links, footer_links=footer_links)
        self._entries: dict[str, _Entry] = {}
        for item in stories:
            self._entries[item.slug] = _new_entry(item)
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._counts: Counter[str] = Counter()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._next_tick = 0.0
        # Set when the site stops, so streaming handlers (/slow, /big) end promptly.
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self.connections_opened = 0  # TCP connections accepted: shows whether clients keep them

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind a free port and serve from a daemon thread; returns self for chaining."""
        if self._server is not None:
            return self
        self._stopping = threading.Event()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"newsroom:{self._server.server_address[1]}",
            daemon=True,
        )
        if self._revise_every is not None:
            self._next_tick = self._clock() + self._revise_every
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open connections (keep-alive, /slow, /big) and free the port."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._stopping.set()
        server.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                conn.shutdown(socket.SHUT_RDWR)
        server.server_close()
        thread.join()
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>` (`http://[::1]:<port>` over IPv6), no trailing slash."""
        if self._server is None:
            raise RuntimeError("the news site is not running; call start() first")
        scheme = "https" if self._tls else "http"
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{scheme}://{host}:{self._server.server_address[1]}"

    @property
    def port(self) -> int:
        """The port the site listens on."""
        return int(self.base_url.rsplit(":", 1)[1])

    def url(self, slug: str) -> str:
        """The address of a story, or of any path starting with '/'."""
        return self.base_url + (slug if slug.startswith("/") else f"/news/{slug}")

    # --- revisions --------------------------------------------------------------------------

    @property
    def slugs(self) -> tuple[str, ...]:
        """Every story's slug, in the order given."""
        return tuple(self._entries)

    def revision(self, slug: str) -> int:
        """The index of the revision now served for `slug`."""
        with self._lock:
            self._tick()
            return self._entry(slug).current

    def current(self, slug: str) -> Revision:
        """The revision now served for `slug`."""
        return self._snapshot(slug).revision

    def revisions(self, slug: str) -> tuple[Revision, ...]:
        """Every revision of `slug`, including ones added by `revise_fraction`."""
        with self._lock:
            return tuple(self._entry(slug).revisions)

    def publish_next(self, slug: str) -> int:
        """Serve the next revision of `slug` and return its index."""
        with self._lock:
            entry = self._entry(slug)
            if entry.current + 1 >= len(entry.revisions):
                raise ValueError(f"{slug} has no revision after {entry.current}")
            entry.current += 1
            return entry.current

    def set_revision(self, slug: str, index: int) -> None:
        """Serve revision `index` of `slug`."""
        with self._lock:
            entry = self._entry(slug)
            if not 0 <= index < len(entry.revisions):
                raise ValueError(f"{slug} has revisions 0..{len(entry.revisions) - 1}")
            entry.current = index

    def add_story(self, story: Story) -> None:
        """Publish a new story: its page goes up and every listing and feed links to it."""
        with self._lock:
            if story.slug in self._entries:
                raise ValueError(f"{story.slug} is already on the site")
            self._entries[story.slug] = _new_entry(story)

    def override(
        self, path: str, body: bytes, *, content_type: str = _HTML, status: int = 200
    ) -> None:
        """Serve `body` at `path` (a feed turned error page, broken XML ...) until cleared."""
        self.inject(path, Fault(status, body, content_type))

    def clear_override(self, path: str) -> None:
        """Serve `path` normally again."""
        self.clear(path)

    def revise_fraction(self, fraction: float = 0.1, *, seed: int | None = None) -> list[str]:
        """Publish a fresh edit of a random `fraction` of the stories; return their slugs."""
        rng = random.Random(seed)
        with self._lock:
            chosen = rng.sample(sorted(self._entries), k=round(len(self._entries) * fraction))
            for slug in chosen:
                entry = self._entries[slug]
                revision = synthetic_edit(entry.revisions[-1], rng)
                entry.revisions.append(revision)
                entry.rendered.append(render_revision(entry.story, revision))
                entry.current = len(entry.revisions) - 1
        return chosen

    # --- faults -----------------------------------------------------------------------------

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

    # --- counters ---------------------------------------------------------------------------

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

    # --- used by the handler ----------------------------------------------------------------

    def _entry(self, slug: str) -> _Entry:
        try:
            return self._entries[slug]
        except KeyError:
            raise KeyError(f"no story {slug!r} on this site") from None

    def _tick(self) -> None:
        """Advance every story by the revisions its timer has published (lock held)."""
        if self._revise_every is None or self._server is None:
            return
        now = self._clock()
        if now < self._next_tick:
            return
        steps = int((now - self._next_tick) // self._revise_every) + 1
        self._next_tick += steps * self._revise_every
        for entry in self._entries.values():
            entry.current = min(entry.current + steps, len(entry.revisions) - 1)

    def _snapshot(self, slug: str) -> _Snapshot:
        with self._lock:
            self._tick()
            entry = self._entry(slug)
            return _Snapshot(entry.revisions[entry.current], entry.rendered[entry.current])

    def _count(self, path: str) -> None:
        with self._lock:
            self._counts[path] += 1

    def _page(self, rendered: RenderedRevision) -> bytes:
        now = datetime.fromtimestamp(self._clock())
        with self._lock:
            rng = random.Random(self._rng.getrandbits(64))
        return render_page(self._chrome, rendered, now=now, rng=rng)

    def _index(self) -> bytes:
        return self._front(self._listings(), "Latest news")

    def _section(self, slug: str) -> bytes | None:
        """A section front, or None when no story is in a section of that name."""
        listings = [item for item in self._listings() if slugify(item.section) == slug]
        return self._front(listings, listings[0].section) if listings else None

    def _front(self, listings: Sequence[Listing], heading: str) -> bytes:
        with self._lock:
            rng = random.Random(self._rng.getrandbits(64))
        links = [(item.path, item.headline) for item in listings]
        now = datetime.fromtimestamp(self._clock())
        return render_index(self._chrome, links, now=now, rng=rng, heading=heading)

    def _listings(self) -> list[Listing]:
        """Every story as listings show it, newest first."""
        with self._lock:
            self._tick()
            listings = [
                Listing(
                    path=f"/news/{slug}",
                    headline=entry.revisions[entry.current].headline,
                    section=entry.story.section,
                    published=entry.story.published,
                    modified=entry.revisions[entry.current].modified,
                )
                for slug, entry in self._entries.items()
            ]
        return sorted(listings, key=lambda item: item.published, reverse=True)

    def _track(self, conn: socket.socket, *, open_: bool) -> None:
        with self._lock:
            if open_:
                self.connections_opened += 1
                self._connections.add(conn)
            else:
                self._connections.discard(conn)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default of 5 drops connections at concurrency 50

    def __init__(self, site: LocalNewsSite) -> None:
        if ":" in site.address:
            self.address_family = socket.AF_INET6
        super().__init__((site.address, 0), _Handler)
        self.site = site
        if site._tls is not None:
            self.socket = site._tls.wrap_socket(self.socket, server_side=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so benchmarks measure pooling, not handshakes
    server_version = "MillbrookLedger/1.0"
    disable_nagle_algorithm = True
    timeout = 30  # idle keep-alive connections are closed after this many seconds
    server: _Server

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


_FEEDS: dict[str, tuple[Callable[[str, str, Sequence[Listing]], bytes], str]] = {
    "/feeds/rss.xml": (render_rss, RSS_TYPE),
    "/feeds/atom.xml": (render_atom, ATOM_TYPE),
    "/sitemap-news.xml": (render_news_sitemap, SITEMAP_TYPE),
}


def _new_entry(story: Story) -> _Entry:
    rendered = [render_revision(story, revision) for revision in story.revisions]
    return _Entry(story, list(story.revisions), rendered)


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


def make_bench_site(
    n: int,
    *,
    seed: int = 0,
    conditional: bool = True,
    nav_links: int = 400,
    footer_links: int = 150,
) -> LocalNewsSite:
    """A site of `n` synthetic ~50 KB pages with heavy chrome (not started).

    Revise 10% of them with `site.revise_fraction(0.1)`.
    """
    return LocalNewsSite(
        bench_stories(n, seed=seed),
        conditional=conditional,
        nav_links=nav_links,
        footer_links=footer_links,
        seed=seed,
    )
