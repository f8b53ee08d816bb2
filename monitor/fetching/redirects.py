"""Following redirects by hand, so every hop is checked (scheme, loops, count) and recorded."""

import time
from collections.abc import Awaitable, Callable

import httpx

from monitor.errors import FetchError
from monitor.fetching.responses import FetchResult, Visit, drain

_REDIRECTS = frozenset({301, 302, 303, 307, 308})

ReadPage = Callable[[httpx.Response, Visit], Awaitable[FetchResult]]


async def follow(
    client: httpx.AsyncClient,
    url: str,
    start: httpx.URL,
    headers: dict[str, str],
    *,
    max_redirects: int,
    read: ReadPage,
) -> FetchResult:
    """GET `start` (`url` as given) through at most `max_redirects` redirects; `read` turns the
    final answer into the result."""
    started = time.perf_counter()
    current = start
    visited = {without_fragment(current)}
    redirects: list[str] = []
    while True:
        request = client.build_request("GET", current, headers=headers)
        response = await client.send(request, stream=True)
        try:
            location = response.headers.get("location")
            if response.status_code not in _REDIRECTS or not location:
                visit = Visit(url, tuple(redirects), bool(headers), started)
                return await read(response, visit)
            target = redirect_target(response.url, location)
            await drain(response)
            redirects.append(str(current))
            if without_fragment(target) in visited:
                raise FetchError(
                    f"redirect loop: {current} leads back to {target}",
                    outcome="redirect_loop",
                )
            if len(redirects) > max_redirects:
                raise FetchError(
                    f"gave up after {max_redirects} redirects (last to {target})",
                    outcome="redirect_loop",
                )
            visited.add(without_fragment(target))
            current = target
        finally:
            await response.aclose()


def parse_url(url: str) -> httpx.URL:
    """`url` as httpx reads it; `FetchError(invalid_url)` unless it is http(s) with a host."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise FetchError(f"not a fetchable URL: {url!r}", outcome="invalid_url") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        message = f"not a fetchable URL: {url!r} (only http and https)"
        raise FetchError(message, outcome="invalid_url")
    return parsed


def redirect_target(base: httpx.URL, location: str) -> httpx.URL:
    """Where a Location header points, resolved against the URL that sent it."""
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


def origin(url: httpx.URL) -> str:
    """scheme://host[:port], the key robots.txt and politeness are kept under."""
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def without_fragment(url: httpx.URL) -> str:
    """The URL as a server sees it, for spotting a redirect back to a page already visited."""
    return str(url.copy_with(fragment=None))
