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
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Self

from monitor.fetching.politeness import Politeness
from monitor.newsroom.catalogue import StoryCatalogue
from monitor.newsroom.feeds import Listing
from monitor.newsroom.handler import BIG_SIZE, LATIN1_TEXT, NewsServer
from monitor.newsroom.pages import (
    Chrome,
    RenderedRevision,
    build_chrome,
    render_index,
    render_page,
    slugify,
)
from monitor.newsroom.stories import DEMO_STORIES, Story
from monitor.newsroom.synthetic import bench_stories

# Manners for a site on this machine (the demo, tests, benchmarks): no gap between requests and
# quick retries; the per-host limit and robots.txt stay as they are.
LOCAL_POLITENESS = Politeness(min_gap=0.0, retry_base=0.01)

__all__ = ["BIG_SIZE", "LATIN1_TEXT", "LOCAL_POLITENESS", "LocalNewsSite", "make_bench_site"]


class LocalNewsSite(StoryCatalogue):
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
        super().__init__(stories, revise_every=revise_every, clock=clock)
        self.conditional = conditional
        self.address = address  # "::1" serves over IPv6
        self.robots_txt: str | None = None
        self._tls = tls
        self._chrome: Chrome = build_chrome(nav_links=nav_links, footer_links=footer_links)
        self._rng = random.Random(seed)
        self._server: NewsServer | None = None
        self._thread: threading.Thread | None = None
        # Set when the site stops, so streaming handlers (/slow, /big) end promptly.
        self._stopping = threading.Event()

    def start(self) -> Self:
        """Bind a free port and serve from a daemon thread; returns self for chaining."""
        if self._server is not None:
            return self
        self._stopping = threading.Event()
        self._server = NewsServer(self)
        self._serving = True
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
        self._serving = False

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


def make_bench_site(
    n: int,
    *,
    seed: int = 0,
    conditional: bool = True,
    nav_links: int = 400,
    footer_links: int = 150,
    address: str = "127.0.0.1",
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
        address=address,
    )
