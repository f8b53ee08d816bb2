"""The fetcher against a real HTTP server on 127.0.0.1 (the local news site).

httpx.MockTransport stands in only where no local server can help: TLS failures and a server
that omits validators on a 304.
"""

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from monitor.errors import FetchError, TooLarge
from monitor.fetching.fetch import USER_AGENT, Fetcher, FetchResult
from monitor.newsroom import BIG_SIZE, LATIN1_TEXT, LOCAL_POLITENESS, LocalNewsSite

BRIDGE = "harbour-street-bridge"


@pytest.fixture(scope="module")
def site() -> Iterator[LocalNewsSite]:
    """A news site whose revisions the tests in this module do not change."""
    with LocalNewsSite() as running:
        yield running


@pytest.fixture
def fresh_site() -> Iterator[LocalNewsSite]:
    """A news site of our own, for tests that publish revisions or count requests."""
    with LocalNewsSite() as running:
        yield running


def fetch(
    url: str, *, etag: str | None = None, last_modified: str | None = None, **options: Any
) -> FetchResult:
    """Fetch one URL with a fresh Fetcher built with `options`."""

    options.setdefault("politeness", LOCAL_POLITENESS)

    async def run() -> FetchResult:
        async with Fetcher(**options) as fetcher:
            return await fetcher.fetch(url, etag=etag, last_modified=last_modified)

    return asyncio.run(run())


def fetch_error(url: str, **options: Any) -> FetchError:
    """The FetchError a fetch of `url` raises."""
    with pytest.raises(FetchError) as caught:
        fetch(url, **options)
    return caught.value


def test_article_page_is_fetched_and_decoded(site: LocalNewsSite) -> None:
    result = fetch(site.url(BRIDGE))

    assert result.status == 200
    assert not result.not_modified
    assert result.text is not None
    assert "Council approves $119 million plan to rebuild Harbour Street Bridge" in result.text
    assert "\u201cTonight we finally stop pretending.\u201d" in result.text
    assert result.final_url == result.url == site.url(BRIDGE)
    assert result.redirects == ()
    assert result.size == len(result.text.encode("utf-8"))
    assert result.etag is not None
    assert result.last_modified == "Tue, 04 Mar 2025 23:40:00 GMT"
    assert result.content_type == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    "validator",
    ["etag", "last_modified"],
)
def test_unchanged_article_answers_304_to_a_conditional_request(
    fresh_site: LocalNewsSite, validator: str
) -> None:
    first = fetch(fresh_site.url(BRIDGE))
    kwargs = {validator: getattr(first, validator)}

    again = fetch(fresh_site.url(BRIDGE), **kwargs)

    assert again.status == 304
    assert again.not_modified
    assert again.text is None
    assert again.size == 0
    assert (again.etag, again.last_modified) == (first.etag, first.last_modified)
    assert fresh_site.requests(f"/news/{BRIDGE}") == 2


def test_revised_article_answers_200_to_the_old_validators(fresh_site: LocalNewsSite) -> None:
    first = fetch(fresh_site.url(BRIDGE))
    fresh_site.publish_next(BRIDGE)

    again = fetch(fresh_site.url(BRIDGE), etag=first.etag, last_modified=first.last_modified)

    assert again.status == 200
    assert again.text is not None
    assert "$138 million" in again.text
    assert again.etag != first.etag


def test_redirect_chain_is_followed_and_each_hop_recorded(site: LocalNewsSite) -> None:
    result = fetch(site.url("/redirect/3"))

    assert result.status == 200
    assert result.final_url == site.url("/redirect/0")
    assert result.redirects == (
        site.url("/redirect/3"),
        site.url("/redirect/2"),
        site.url("/redirect/1"),
    )
    assert result.text is not None
    assert "You have arrived" in result.text


def test_redirect_loop_is_reported_as_a_loop(fresh_site: LocalNewsSite) -> None:
    error = fetch_error(fresh_site.url("/loop"))

    assert error.outcome == "redirect_loop"
    loop = fresh_site.url("/loop")
    assert str(error) == f"redirect loop: {loop} leads back to {loop}"
    assert fresh_site.requests("/loop") == 1


def test_more_redirects_than_allowed_is_refused(site: LocalNewsSite) -> None:
    error = fetch_error(site.url("/redirect/3"), max_redirects=2)

    assert error.outcome == "redirect_loop"
    assert str(error).startswith("gave up after 2 redirects")


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "server answered 404 Not Found"),
        (410, "server answered 410 Gone"),
        (500, "server answered 500 Internal Server Error"),
        (503, "server answered 503 Service Unavailable"),
    ],
)
def test_error_status_raises_http_error_with_the_status(
    site: LocalNewsSite, status: int, message: str
) -> None:
    error = fetch_error(site.url(f"/status/{status}"))

    assert (error.outcome, error.status, str(error)) == ("http_error", status, message)


def test_unknown_article_is_a_404(site: LocalNewsSite) -> None:
    error = fetch_error(site.url("no-such-story"))

    assert (error.outcome, error.status) == ("http_error", 404)


class _CountingStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, owner: "CountingTransport") -> None:
        self.inner = inner
        self.owner = owner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            self.owner.body_bytes += len(chunk)
            yield chunk

    async def aclose(self) -> None:
        await self.inner.aclose()


class CountingTransport(httpx.AsyncBaseTransport):
    """The real network transport, counting the page body bytes it hands to the client.

    robots.txt is not counted: the politeness layer reads it before the first page.
    """

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.body_bytes = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path == "/robots.txt":
            return response
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_CountingStream(response.stream, self),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_huge_page_raises_too_large_after_reading_little_more_than_the_cap(
    site: LocalNewsSite,
) -> None:
    transport = CountingTransport()
    cap = 1024 * 1024

    with pytest.raises(TooLarge) as caught:
        fetch(site.url("/big"), transport=transport, max_bytes=cap)

    assert caught.value.outcome == "too_large"
    assert str(caught.value) == "page is larger than the 1 MB limit; stopped reading"
    assert cap < transport.body_bytes <= cap + 256 * 1024
    assert transport.body_bytes < BIG_SIZE // 20


def test_huge_declared_length_is_refused_before_reading_the_body(site: LocalNewsSite) -> None:
    transport = CountingTransport()

    with pytest.raises(TooLarge) as caught:
        fetch(site.url("/big?declared=1"), transport=transport)

    assert str(caught.value) == "page is 40 MB, over the 10 MB limit; not downloaded"
    assert transport.body_bytes == 0


def test_server_that_trickles_bytes_is_cut_off_by_the_total_timeout(site: LocalNewsSite) -> None:
    error = fetch_error(site.url("/slow"), timeout=0.5)

    assert (error.outcome, str(error)) == ("timeout", "timed out after 0.5 s")


def test_image_is_refused_as_not_html(site: LocalNewsSite) -> None:
    error = fetch_error(site.url("/binary"))

    assert (error.outcome, str(error)) == ("not_html", "not a web page: the server sent image/png")


def test_windows_1252_page_declared_utf8_decodes_without_replacement_characters(
    site: LocalNewsSite,
) -> None:
    result = fetch(site.url("/latin1"))

    assert result.text is not None
    assert LATIN1_TEXT in result.text
    assert "\ufffd" not in result.text


def test_closed_port_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    error = fetch_error(f"http://127.0.0.1:{port}/news/x")

    assert (error.outcome, str(error)) == ("connection", f"127.0.0.1:{port} refused the connection")


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/story", "example.com/story", "http:///story", "not a url", ""],
)
def test_url_that_is_not_http_is_refused_before_any_request(url: str) -> None:
    error = fetch_error(url)

    assert error.outcome == "invalid_url"


def test_requests_identify_redline_and_send_validators() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(304)

    fetch(
        "https://news.example/story",
        etag='"abc"',
        last_modified="Tue, 04 Mar 2025 23:40:00 GMT",
        transport=httpx.MockTransport(handler),
    )

    robots, request = seen  # robots.txt is read before the site's first page
    assert robots.url.path == "/robots.txt"
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("redline/0.1.0 (+https://")
    assert request.headers["If-None-Match"] == '"abc"'
    assert request.headers["If-Modified-Since"] == "Tue, 04 Mar 2025 23:40:00 GMT"


def test_304_without_validators_keeps_the_ones_sent() -> None:
    result = fetch(
        "https://news.example/story",
        etag='"abc"',
        transport=httpx.MockTransport(lambda _: httpx.Response(304)),
    )

    assert result.not_modified
    assert (result.etag, result.last_modified) == ('"abc"', None)


def test_304_to_an_unconditional_request_is_an_http_error() -> None:
    error = fetch_error(
        "https://news.example/story",
        transport=httpx.MockTransport(lambda _: httpx.Response(304)),
    )

    assert (error.outcome, error.status) == ("http_error", 304)


def test_page_without_content_type_is_accepted() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content="<p>caf\u00e9</p>".encode())

    result = fetch("https://news.example/story", transport=httpx.MockTransport(handler))

    assert (result.content_type, result.text) == (None, "<p>caf\u00e9</p>")


def _raise_tls(exc: ssl.SSLError) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        # httpx reports TLS failures as ConnectError raised from the ssl module's error.
        raise httpx.ConnectError(str(exc), request=request) from exc

    return httpx.MockTransport(handler)


def _expired() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED]")
    error.verify_message = "certificate has expired"  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (_expired(), "TLS certificate for news.example is not valid: certificate has expired"),
        (
            ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number"),
            "TLS handshake with news.example failed: "
            "[SSL: WRONG_VERSION_NUMBER] wrong version number",
        ),
    ],
)
def test_tls_failures_are_reported_as_tls(error: ssl.SSLError, message: str) -> None:
    failure = fetch_error("https://news.example/story", transport=_raise_tls(error))

    assert (failure.outcome, str(failure)) == ("tls", message)


def test_host_that_never_accepts_the_connection_times_out_on_connect() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    error = fetch_error("https://news.example/story", transport=httpx.MockTransport(handler))

    assert (error.outcome, str(error)) == (
        "timeout",
        "could not connect to news.example within 10 s",
    )


@pytest.mark.parametrize("path", ["304", "/status/404", "/status/500"])
def test_answers_without_an_article_keep_the_connection_for_the_next_request(
    fresh_site: LocalNewsSite, path: str
) -> None:
    article = fresh_site.url(fresh_site.slugs[0])

    async def run() -> None:
        async with Fetcher(politeness=LOCAL_POLITENESS) as fetcher:
            first = await fetcher.fetch(article)
            for _ in range(3):
                if path == "304":
                    result = await fetcher.fetch(article, etag=first.etag)
                    assert result.not_modified
                else:
                    with pytest.raises(FetchError):
                        await fetcher.fetch(fresh_site.base_url + path)

    asyncio.run(run())
    assert fresh_site.connections_opened == 1
