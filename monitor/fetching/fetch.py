"""Fetch one page over HTTP: conditional GET, redirects, limits and charset decoding.

This is the network edge of the pipeline. `Fetcher.fetch` is the single seam: per-host
politeness, robots.txt, Retry-After and retries of transient faults (see
monitor.fetching.politeness) happen inside it, for every caller. Its parts live beside it:
redirects (each hop checked), responses (limits and the result), decoding (charsets) and
failures (transport errors as one line). Everything that can go wrong comes back as a
`FetchError` whose `outcome` names the kind for the check log:

    outcome         when                                                   extra
    timeout         no complete answer within the total deadline
    connection      refused, reset, DNS failure, broken response
    tls             certificate or handshake failure
    http_error      the server answered 4xx/5xx (or a 3xx we cannot use)   status is set
    too_large       the body passed `max_bytes` (a `TooLarge`)
    redirect_loop   a redirect back to a URL already visited, or too many
    not_html        an image, PDF or other binary content type
    invalid_url     a URL (given or redirected to) that is not http(s)
    private_address a redirect from the host asked for to a private address (see addresses)
    rate_limited    the host asked us to wait (Retry-After) longer than one check waits
    robots_disallowed   the site's robots.txt does not allow redline to fetch the page
    robots_unreachable  the site's robots.txt answered 5xx or not at all
"""

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self

import httpx

from monitor import __version__
from monitor.errors import FetchError
from monitor.fetching.encodings import ACCEPT_ENCODING
from monitor.fetching.failures import failed_url, network_error
from monitor.fetching.politeness import (
    HostGate,
    Politeness,
    RobotsAnswer,
    RobotsCache,
    retry_delay,
)
from monitor.fetching.redirects import follow, origin, parse_url
from monitor.fetching.responses import MAX_PAGE_BYTES, FetchResult, Visit, read_page
from monitor.fetching.streams import cheap_idle_checks, tls_context

__all__ = ["USER_AGENT", "FetchResult", "Fetcher"]

log = logging.getLogger("redline.fetch")

USER_AGENT = (
    f"redline/{__version__} (+https://github.com/redline-news/redline; news change monitor)"
)

# httpcore's pool scans every connection it holds (polling each socket) for every request it
# places, so its CPU per page grows with the pool's size (encode/httpx#3215; bench/bench_fetch.py).
# The pool is therefore sized to the requests we allow in flight, plus a robots.txt fetch per
# slot, and keeps them all alive for reuse across cycles.
_KEEPALIVE_EXPIRY = 30.0
# A host that does not accept a connection within this is down, whatever the total budget.
_CONNECT_TIMEOUT = 10.0
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


class Fetcher:
    """Fetches pages through one pooled `httpx.AsyncClient`; close it with `aclose()`.

    `transport` replaces the network (tests pass `httpx.MockTransport`). `timeout` is the
    total budget in seconds for one attempt, redirects and body included, so a server that
    trickles bytes forever is cut off. `concurrency` caps requests in flight over all hosts;
    `politeness` sets what each host gets (see monitor.fetching.politeness). A request
    waits for its host's turn before it takes one of the `concurrency` slots, so a busy
    host never holds slots that other hosts could use.
    """

    def __init__(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 20.0,
        max_bytes: int = MAX_PAGE_BYTES,
        max_redirects: int = 10,
        user_agent: str | None = None,
        concurrency: int = 10,
        politeness: Politeness | None = None,
        spread: Callable[[], float] = random.random,
        allow_private: bool = False,
    ) -> None:
        self.allow_private = allow_private  # see monitor.fetching.addresses
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._politeness = politeness or Politeness()
        self._spread = spread
        self._slots = asyncio.Semaphore(concurrency)
        self._gate = HostGate(self._politeness)
        self._robots = RobotsCache(self._politeness, self._read_robots)
        self._client = _client(transport, timeout, user_agent or USER_AGENT, concurrency)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close pooled connections."""
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        ignore_robots: bool = False,
        allow_private: bool = False,
    ) -> FetchResult:
        """GET `url`, conditionally when validators from the last fetch are given.

        Returns a result with `not_modified=True` and no text on a 304; raises `FetchError`
        once the retries for transient faults are used up. `allow_private` lets this fetch's
        redirects reach private addresses, as the fetcher's own setting does for all.
        """
        start = parse_url(url)
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if self._politeness.robots and not ignore_robots:
            crawl_delay = await self._robots.check(origin(start), str(start))
            if crawl_delay is not None:
                self._gate.slow_down(start.host, crawl_delay)
        allowed = allow_private or self.allow_private
        return await self._retrying(_Request(url, start, headers, allowed))

    async def _retrying(self, request: "_Request") -> FetchResult:
        """Attempt a fetch, retrying transient faults with backoff and jitter."""
        attempt = 0
        while True:
            try:
                return await self._attempt(request)
            except FetchError as exc:
                if exc.retry_after is not None:
                    self._gate.hold_off(request.start.host, exc.retry_after)
                delay = retry_delay(exc, attempt, self._politeness, self._spread())
                if delay is None:
                    raise
                log.info("retrying %s in %.1f s after: %s", request.url, delay, exc)
                await asyncio.sleep(delay)
                attempt += 1

    async def _attempt(self, request: "_Request") -> FetchResult:
        """One try: wait for the host's turn and a free slot, then follow redirects."""
        async with self._gate.turn(request.start.host), self._slots:
            return await self._timed(request)

    async def _read_robots(self, site: str) -> RobotsAnswer:
        """The site's robots.txt as RobotsCache wants it; raises only for an unreachable site."""
        url = f"{site}/robots.txt"
        try:
            result = await self._retrying(_Request(url, httpx.URL(url), {}, self.allow_private))
        except FetchError as exc:
            if exc.status is not None:
                return RobotsAnswer(exc.status)
            if exc.outcome in ("connection", "timeout", "tls", "rate_limited"):
                raise
            return RobotsAnswer(200)  # a robots.txt we cannot use (binary, huge): no rules
        return RobotsAnswer(result.status, result.text or "")

    async def _timed(self, request: "_Request") -> FetchResult:
        start = request.start
        try:
            async with asyncio.timeout(self._timeout):
                return await follow(
                    self._client,
                    request.url,
                    start,
                    request.headers,
                    max_redirects=self._max_redirects,
                    read=self._read_page,
                    allow_private=request.allow_private,
                )
        except httpx.ConnectTimeout:
            connect = min(self._timeout, _CONNECT_TIMEOUT)
            message = f"could not connect to {start.host} within {connect:g} s"
            raise FetchError(message, outcome="timeout") from None
        except (TimeoutError, httpx.TimeoutException):
            raise FetchError(f"timed out after {self._timeout:g} s", outcome="timeout") from None
        except httpx.HTTPError as exc:
            raise network_error(exc, failed_url(exc, start)) from exc
        except httpx.InvalidURL:
            # httpx validates a Location itself (even when not following it) and raises this
            # for a redirect to javascript:, data: and the like; our own URL passed parse_url.
            message = (
                "server redirected to a URL that is not http(s) (such as javascript: or data:)"
            )
            raise FetchError(message, outcome="invalid_url") from None

    async def _read_page(self, response: httpx.Response, visit: Visit) -> FetchResult:
        return await read_page(response, visit, self._max_bytes)


def _client(
    transport: httpx.AsyncBaseTransport | None, timeout: float, user_agent: str, concurrency: int
) -> httpx.AsyncClient:
    """The one pooled client a Fetcher sends everything through."""
    connections = 2 * concurrency
    limits = httpx.Limits(
        max_connections=connections,
        max_keepalive_connections=connections,
        keepalive_expiry=_KEEPALIVE_EXPIRY,
    )
    client = httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=min(timeout, _CONNECT_TIMEOUT)),
        limits=limits,
        follow_redirects=False,  # followed by hand so each hop is checked and recorded
        headers={"User-Agent": user_agent, "Accept": _ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
        verify=tls_context(),
    )
    if transport is None:
        cheap_idle_checks(client)
    return client


@dataclass(frozen=True)
class _Request:
    """One fetch as asked: the URL given and parsed, its headers, its address policy."""

    url: str
    start: httpx.URL
    headers: dict[str, str]
    allow_private: bool
