"""One final response read into a `FetchResult`: status, validators, and a body within limits."""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from monitor.errors import FetchError, TooLarge
from monitor.fetching.decoding import decode_html, is_page_type
from monitor.fetching.failures import reason
from monitor.fetching.politeness import parse_retry_after

_DRAIN_LIMIT = 64 * 1024


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


@dataclass(frozen=True)
class Visit:
    """How the response was reached: the URL asked for, the redirects on the way, whether the
    request was conditional, and when it started (`time.perf_counter()`)."""

    url: str
    redirects: tuple[str, ...]
    conditional: bool
    started: float


async def read_page(response: httpx.Response, visit: Visit, max_bytes: int) -> FetchResult:
    """The result for a final (non-redirect) response; raises `FetchError` for 3xx-5xx, a
    binary content type or a body over `max_bytes`."""
    status = response.status_code
    content_type = response.headers.get("content-type")
    not_modified = status == 304 and visit.conditional
    if not_modified:
        await response.aread()  # a 304 has no body; reading it returns the connection
    elif status >= 300:
        await drain(response)
        retry_after = None
        if status in (429, 503):
            retry_after = parse_retry_after(response.headers.get("retry-after"), datetime.now(UTC))
        raise FetchError(
            f"server answered {status} {reason(response)}".rstrip(),
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
        body = await read_capped(response, max_bytes)
        size = len(body)
        text = decode_html(body, content_type)
    request_headers = response.request.headers
    return FetchResult(
        url=visit.url,
        final_url=str(response.url),
        redirects=visit.redirects,
        status=status,
        not_modified=not_modified,
        text=text,
        size=size,
        # A 304 need not repeat the validators; the ones we sent are still current.
        etag=response.headers.get("etag") or request_headers.get("if-none-match"),
        last_modified=response.headers.get("last-modified")
        or request_headers.get("if-modified-since"),
        content_type=content_type,
        elapsed=time.perf_counter() - visit.started,
    )


async def read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    """Read the (decompressed) body, stopping as soon as it passes `max_bytes`."""
    limit = describe_size(max_bytes)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(
            f"page is {describe_size(int(declared))}, over the {limit} limit; not downloaded"
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(f"page is larger than the {limit} limit; stopped reading")
        chunks.append(chunk)
    return b"".join(chunks)


async def drain(response: httpx.Response) -> None:
    """Read a small redirect or error body, so its connection goes back to the pool."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) <= _DRAIN_LIMIT:
        await response.aread()


def describe_size(n: int) -> str:
    """A byte count for a message: `10 MB`, `64 KB`, `12 bytes`."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    if n >= 1024:
        return f"{n / 1024:.3g} KB"
    return f"{n} bytes"
