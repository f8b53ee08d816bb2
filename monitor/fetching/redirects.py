"""Following redirects by hand, so every hop is checked (scheme, loops, count) and recorded."""

import time
from collections.abc import Awaitable, Callable

import httpx

from monitor.errors import FetchError
from monitor.fetching.addresses import refused
from monitor.fetching.responses import FetchResult, Visit, drain
from monitor.fetching.urls import fetch_problem

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
    allow_private: bool,
) -> FetchResult:
    """GET `start` (`url` as given) through at most `max_redirects` redirects; `read` turns the
    final answer into the result. A redirect to another host on a private address is refused
    unless `allow_private` (see monitor.fetching.addresses)."""
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
            if not allow_private and (reason := await refused(target, start)):
                raise FetchError(
                    f"server redirected to {target}: {reason}", outcome="private_address"
                )
            visited.add(without_fragment(target))
            current = target
        finally:
            await response.aclose()


def parse_url(url: str) -> httpx.URL:
    """`url` as httpx reads it; `FetchError(invalid_url)` unless it is http(s) with a host."""
    problem = fetch_problem(url)
    if problem is not None:
        raise FetchError(f"not a fetchable URL: {url[:200]!r} ({problem})", outcome="invalid_url")
    return httpx.URL(url)


def redirect_target(base: httpx.URL, location: str) -> httpx.URL:
    """Where a Location header points, resolved against the URL that sent it."""
    try:
        target = base.join(location)
    except httpx.InvalidURL as exc:
        problem: str | None = str(exc)
    else:
        problem = fetch_problem(str(target))
    if problem is not None:
        raise FetchError(
            f"server redirected to {location[:200]!r}, which cannot be fetched: {problem}",
            outcome="invalid_url",
        )
    return target


def origin(url: httpx.URL) -> str:
    """scheme://host[:port], the key robots.txt and politeness are kept under (an IPv6 host
    keeps its brackets)."""
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


def without_fragment(url: httpx.URL) -> str:
    """The URL as a server sees it, for spotting a redirect back to a page already visited."""
    return str(url.copy_with(fragment=None))
