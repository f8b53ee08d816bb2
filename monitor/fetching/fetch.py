"""Fetch one page over HTTP: conditional GET, redirects, limits and charset decoding.

This is the network edge of the pipeline. `Fetcher.fetch` is the single seam: per-host
politeness, robots.txt, Retry-After and retries of transient faults (see
monitor.fetching.politeness)
happen inside it, for every caller. Everything that can go wrong comes back as a `FetchError`
whose `outcome` names the kind for the check log:

    outcome         when                                                   extra
    timeout         no complete answer within the total deadline
    connection      refused, reset, DNS failure, broken response
    tls             certificate or handshake failure
    http_error      the server answered 4xx/5xx (or a 3xx we cannot use)   status is set
    too_large       the body passed `max_bytes` (a `TooLarge`)
    redirect_loop   a redirect back to a URL already visited, or too many
    not_html        an image, PDF or other binary content type
    invalid_url     a URL (given or redirected to) that is not http(s)
    rate_limited    the host asked us to wait (Retry-After) longer than one check waits
    robots_disallowed   the site's robots.txt does not allow redline to fetch the page
    robots_unreachable  the site's robots.txt answered 5xx or not at all
"""

import asyncio
import codecs
import http
import logging
import random
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

import httpx

from monitor import __version__
from monitor.errors import FetchError, TooLarge
from monitor.fetching.politeness import (
    HostGate,
    Politeness,
    RobotsAnswer,
    RobotsCache,
    parse_retry_after,
    retry_delay,
)

log = logging.getLogger("redline.fetch")

USER_AGENT = (
    f"redline/{__version__} (+https://github.com/redline-news/redline; news change monitor)"
)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# httpcore 1.0 closes idle connections whenever the pool holds more than the keep-alive limit,
# so the two limits must leave room for the concurrency we run at. Its pool also scans every
# connection per request, so CPU per page grows with pool size: see bench/bench_fetch.py.
_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=50, keepalive_expiry=30.0)
# A host that does not accept a connection within this is down, whatever the total budget.
_CONNECT_TIMEOUT = 10.0
_DRAIN_LIMIT = 64 * 1024
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class FetchResult:
    """What one successful fetch saw. `redirects` lists every URL that answered with a redirect,
    starting with `url` itself, so it is empty exactly when there was no redirect."""

    url: str
    final_url: str
    redirects: tuple[str, ...]
    status: int
    not_modified: bool
    text: str | None
    size: int
    etag: str | None
    last_modified: str | None
    content_type: str | None
    elapsed: float


class Fetcher:
    """Fetches pages through one pooled `httpx.AsyncClient`; close it with `aclose()`.

        `transport` replaces the network (tests pass `httpx.MockTransport`). `timeout` is the
        total budget in seconds for one attempt, redirects and body included, so a server that
        trickles bytes forever is cut off. `concurrency` caps requests in flight over all hosts;
        `politeness` sets what each host gets (see
    monitor.fetching.politeness). A request waits for its
        host's turn before it takes one of the `concurrency` slots, so a busy host never holds
        slots that other hosts could use.
    """

    def __init__(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 20.0,
        max_bytes: int = 10 * 1024 * 1024,
        max_redirects: int = 10,
        user_agent: str | None = None,
        concurrency: int = 10,
        politeness: Politeness | None = None,
        spread: Callable[[], float] = random.random,
    ) -> None:
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._politeness = politeness or Politeness()
        self._spread = spread
        self._slots = asyncio.Semaphore(concurrency)
        self._gate = HostGate(self._politeness)
        self._robots = RobotsCache(self._politeness, self._read_robots)
        self._client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, _CONNECT_TIMEOUT)),
            limits=_LIMITS,
            follow_redirects=False,  # followed by hand so each hop is checked and recorded
            headers={"User-Agent": user_agent or USER_AGENT, "Accept": _ACCEPT},
        )

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
    ) -> FetchResult:
        """GET `url`, conditionally when validators from the last fetch are given.

        Returns a result with `not_modified=True` and no text on a 304; raises `FetchError`
        once the retries for transient faults are used up.
        """
        start = _parse_url(url)
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if self._politeness.robots and not ignore_robots:
            crawl_delay = await self._robots.check(_origin(start), str(start))
            if crawl_delay is not None:
                self._gate.slow_down(start.host, crawl_delay)
        return await self._retrying(url, start, headers)

    async def _retrying(self, url: str, start: httpx.URL, headers: dict[str, str]) -> FetchResult:
        """Attempt a fetch, retrying transient faults with backoff and jitter."""
        attempt = 0
        while True:
            try:
                return await self._attempt(url, start, headers)
            except FetchError as exc:
                if exc.retry_after is not None:
                    self._gate.hold_off(start.host, exc.retry_after)
                delay = retry_delay(exc, attempt, self._politeness, self._spread())
                if delay is None:
                    raise
                log.info("retrying %s in %.1f s after: %s", url, delay, exc)
                await asyncio.sleep(delay)
                attempt += 1

    async def _attempt(self, url: str, start: httpx.URL, headers: dict[str, str]) -> FetchResult:
        """One try: wait for the host's turn and a free slot, then follow redirects."""
        async with self._gate.turn(start.host), self._slots:
            return await self._timed(url, start, headers)

    async def _read_robots(self, origin: str) -> RobotsAnswer:
        """The site's robots.txt as RobotsCache wants it; raises only for an unreachable site."""
        url = f"{origin}/robots.txt"
        try:
            result = await self._retrying(url, httpx.URL(url), {})
        except FetchError as exc:
            if exc.status is not None:
                return RobotsAnswer(exc.status)
            if exc.outcome in ("connection", "timeout", "tls", "rate_limited"):
                raise
            return RobotsAnswer(200)  # a robots.txt we cannot use (binary, huge): no rules
        return RobotsAnswer(result.status, result.text or "")

    async def _timed(self, url: str, start: httpx.URL, headers: dict[str, str]) -> FetchResult:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self._timeout):
                return await self._follow(url, start, headers, started)
        except httpx.ConnectTimeout:
            connect = min(self._timeout, _CONNECT_TIMEOUT)
            message = f"could not connect to {start.host} within {connect:g} s"
            raise FetchError(message, outcome="timeout") from None
        except (TimeoutError, httpx.TimeoutException):
            raise FetchError(f"timed out after {self._timeout:g} s", outcome="timeout") from None
        except httpx.HTTPError as exc:
            raise _network_error(exc, _failed_url(exc, start)) from exc

    async def _follow(
        self, url: str, start: httpx.URL, headers: dict[str, str], started: float
    ) -> FetchResult:
        current = start
        visited = {_without_fragment(start)}
        redirects: list[str] = []
        while True:
            request = self._client.build_request("GET", current, headers=headers)
            response = await self._client.send(request, stream=True)
            try:
                location = response.headers.get("location")
                if response.status_code not in _REDIRECTS or not location:
                    return await self._result(url, response, redirects, bool(headers), started)
                target = _redirect_target(response.url, location)
                await _drain(response)
                redirects.append(str(current))
                if _without_fragment(target) in visited:
                    raise FetchError(
                        f"redirect loop: {current} leads back to {target}",
                        outcome="redirect_loop",
                    )
                if len(redirects) > self._max_redirects:
                    raise FetchError(
                        f"gave up after {self._max_redirects} redirects (last to {target})",
                        outcome="redirect_loop",
                    )
                visited.add(_without_fragment(target))
                current = target
            finally:
                await response.aclose()

    async def _result(
        self,
        url: str,
        response: httpx.Response,
        redirects: list[str],
        conditional: bool,
        started: float,
    ) -> FetchResult:
        status = response.status_code
        content_type = response.headers.get("content-type")
        not_modified = status == 304 and conditional
        if not_modified:
            await response.aread()  # a 304 has no body; reading it returns the connection
        elif status >= 300:
            await _drain(response)
            retry_after = None
            if status in (429, 503):
                retry_after = parse_retry_after(
                    response.headers.get("retry-after"), datetime.now(UTC)
                )
            raise FetchError(
                f"server answered {status} {_reason(response)}".rstrip(),
                outcome="http_error",
                status=status,
                retry_after=retry_after,
            )
        text: str | None = None
        size = 0
        if not not_modified:
            if not is_page_type(content_type):
                media = (content_type or "").split(";", 1)[0].strip()
                raise FetchError(f"not a web page: the server sent {media}", outcome="not_html")
            body = await self._read_capped(response)
            size = len(body)
            text = decode_html(body, content_type)
        request_headers = response.request.headers
        return FetchResult(
            url=url,
            final_url=str(response.url),
            redirects=tuple(redirects),
            status=status,
            not_modified=not_modified,
            text=text,
            size=size,
            # A 304 need not repeat the validators; the ones we sent are still current.
            etag=response.headers.get("etag") or request_headers.get("if-none-match"),
            last_modified=response.headers.get("last-modified")
            or request_headers.get("if-modified-since"),
            content_type=content_type,
            elapsed=time.perf_counter() - started,
        )

    async def _read_capped(self, response: httpx.Response) -> bytes:
        """Read the (decompressed) body, stopping as soon as it passes `max_bytes`."""
        limit = _describe_size(self._max_bytes)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise TooLarge(
                f"page is {_describe_size(int(declared))}, over the {limit} limit; not downloaded"
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self._max_bytes:
                raise TooLarge(f"page is larger than the {limit} limit; stopped reading")
            chunks.append(chunk)
        return b"".join(chunks)


async def _drain(response: httpx.Response) -> None:
    """Read a small redirect or error body, so its connection goes back to the pool."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) <= _DRAIN_LIMIT:
        await response.aread()


def is_page_type(content_type: str | None) -> bool:
    """True for content types that can hold an article: HTML, XHTML, other text, or none."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if not media or media.startswith("text/"):
        return True
    return media.startswith("application/") and (media.endswith("+xml") or media.endswith("/xml"))


def _parse_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise FetchError(f"not a fetchable URL: {url!r}", outcome="invalid_url") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        message = f"not a fetchable URL: {url!r} (only http and https)"
        raise FetchError(message, outcome="invalid_url")
    return parsed


def _redirect_target(base: httpx.URL, location: str) -> httpx.URL:
    try:
        target = base.join(location)
    except httpx.InvalidURL:
        target = None
    if target is None or target.scheme not in ("http", "https") or not target.host:
        raise FetchError(
            f"server redirected to {location!r}, which is not an http(s) URL",
            outcome="invalid_url",
        )
    return target


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def _without_fragment(url: httpx.URL) -> str:
    return str(url.copy_with(fragment=None))


def _reason(response: httpx.Response) -> str:
    if response.reason_phrase:
        return response.reason_phrase
    try:
        return http.HTTPStatus(response.status_code).phrase
    except ValueError:
        return ""


def _describe_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    if n >= 1024:
        return f"{n / 1024:.3g} KB"
    return f"{n} bytes"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it was raised from, nearest first."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        if current.__cause__ is not None:
            pending.append(current.__cause__)
        elif current.__context__ is not None:
            pending.append(current.__context__)


def _failed_url(exc: httpx.HTTPError, default: httpx.URL) -> httpx.URL:
    try:
        return exc.request.url
    except RuntimeError:  # raised outside a request, so no URL attached
        return default


# Low-level causes worth naming, most specific first; `{host}` and `{where}` (host:port) are
# filled in. TLS failures reach us as httpx.ConnectError, so the cause decides the outcome.
_CAUSES: tuple[tuple[type[BaseException], str, str], ...] = (
    (ssl.SSLCertVerificationError, "tls", "TLS certificate for {host} is not valid: {detail}"),
    (ssl.SSLError, "tls", "TLS handshake with {host} failed: {detail}"),
    (socket.gaierror, "connection", "could not resolve host {host}"),
    (ConnectionRefusedError, "connection", "{where} refused the connection"),
    (ConnectionResetError, "connection", "{where} reset the connection"),
)


def _network_error(exc: httpx.HTTPError, url: httpx.URL) -> FetchError:
    """One line a user understands for a transport failure, with its outcome."""
    host = url.host
    where = f"{host}:{url.port}" if url.port else host
    causes = list(_causes(exc))
    for kind, outcome, template in _CAUSES:
        for cause in causes:
            if isinstance(cause, kind):
                detail = _ssl_detail(cause) if isinstance(cause, ssl.SSLError) else ""
                message = template.format(host=host, where=where, detail=detail)
                return FetchError(message, outcome=outcome)
    detail = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return FetchError(f"could not connect to {where}: {detail}", outcome="connection")
    return FetchError(f"connection to {where} failed: {detail}", outcome="connection")


_SSL_SOURCE = re.compile(r"\s*\(_ssl\.c:\d+\)")


def _ssl_detail(error: ssl.SSLError) -> str:
    # The ssl module sets verify_message and reason on real failures; other code may not.
    for detail in (getattr(error, "verify_message", None), error.strerror, str(error)):
        if isinstance(detail, str) and detail.strip():
            return _SSL_SOURCE.sub("", detail).strip()
    return "unknown error"


# --- charset decoding -------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The HTML standard prescans 1,024 bytes; real pages sometimes declare a little later.
_PRESCAN = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9._:-]+)""", re.IGNORECASE)
# WHATWG's windows-1252: Python's cp1252 leaves five bytes undefined; browsers map them to the
# C1 controls of the same number, so every byte decodes.
_WINDOWS_1252 = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
# Labels that browsers all read as windows-1252.
_WINDOWS_1252_ALIASES = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252"})
_FALLBACK_ERRORS = "redline-windows-1252-bytes"


def _windows_1252(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _WINDOWS_1252)[0]


def _windows_1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: read bytes that are not UTF-8 as windows-1252.

    Pages declared UTF-8 often carry windows-1252 text pasted from an editor, either the
    whole body or one paragraph; this keeps the valid UTF-8 and rescues the rest.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return _windows_1252(error.object[error.start : error.end]), error.end


codecs.register_error(_FALLBACK_ERRORS, _windows_1252_bytes)


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode a page the way a browser would, never raising on bad bytes.

    Order: a byte-order mark (the HTML standard lets it override any declaration), the
    charset in the Content-Type header, a <meta> charset near the top, then UTF-8. A page that
    claims or appears to be UTF-8 but is not valid UTF-8 keeps its valid UTF-8 sequences and
    reads the other bytes as windows-1252, the usual culprit.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    declared = _header_charset(content_type) or _meta_charset(body[:_PRESCAN])
    if declared == "windows-1252":
        return _windows_1252(body)
    if declared is not None and declared != "utf-8":
        try:
            return body.decode(declared, errors="replace")
        except LookupError:  # a codec name that is not a text encoding, such as "base64"
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("utf-8", errors=_FALLBACK_ERRORS)


def _header_charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return _codec_name(value.strip().strip("\"'"), from_meta=False)
    return None


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    return _codec_name(match.group(1).decode("ascii"), from_meta=True)


def _codec_name(label: str, *, from_meta: bool) -> str | None:
    """Python's codec for a charset label, with the browser's readings; None if unknown."""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _WINDOWS_1252_ALIASES:
        return "windows-1252"
    if from_meta and name.startswith("utf-16"):
        # A <meta> that could be read as ASCII cannot be UTF-16; browsers take it as UTF-8.
        return "utf-8"
    return name
