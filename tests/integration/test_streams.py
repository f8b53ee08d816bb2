"""The fetcher's pooled connections over real sockets: an idle connection the server closed is
never reused, and pages come over TLS through the same streams.

The fetcher's streams answer the pool's "has the server closed this idle connection?" by
polling the socket themselves (monitor.fetching.streams).
"""

import asyncio
import socket
import ssl
from dataclasses import replace
from pathlib import Path

import pytest
import trustme

from monitor.fetching.fetch import Fetcher, FetchResult
from monitor.fetching.streams import _readable
from monitor.newsroom import LOCAL_POLITENESS, LocalNewsSite

BRIDGE = "harbour-street-bridge"
PAGE = b"<html><body><p>" + b"A paragraph of the story. " * 40 + b"</p></body></html>"


def test_a_socket_is_readable_when_data_or_the_peer_s_close_is_waiting() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert _readable(ours) is False
        theirs.sendall(b"x")
        assert _readable(ours) is True
        ours.recv(1)
        theirs.close()
        assert _readable(ours) is True  # the end of the stream waits to be read
    assert _readable(None) is True
    assert _readable(ours) is True  # closed: its connection must be dropped


class ClosingServer:
    """An HTTP/1.1 server that keeps no connection: it answers one request on each, without
    saying `Connection: close`, and closes it right after. Counts connections."""

    def __init__(self) -> None:
        self.connections = 0
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> str:
        self._server = await asyncio.start_server(self._answer, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/story"

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        await reader.readuntil(b"\r\n\r\n")
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        writer.write(head + b"Content-Length: %d\r\n\r\n" % len(PAGE) + PAGE)
        await writer.drain()
        writer.close()


def test_an_idle_connection_the_server_closed_is_not_reused() -> None:
    server = ClosingServer()
    # No retry (a dead connection would be an error) and no robots.txt (one connection a page).
    no_retries = replace(LOCAL_POLITENESS, retries=0, robots=False)

    async def run() -> list[FetchResult]:
        async with server as url, Fetcher(politeness=no_retries) as fetcher:
            results = []
            for _ in range(3):
                results.append(await fetcher.fetch(url))
                await asyncio.sleep(0.05)  # the close reaches us while the connection idles
            return results

    results = asyncio.run(run())

    assert [r.status for r in results] == [200, 200, 200]
    assert server.connections == 3


def test_pages_come_over_tls_through_the_fetcher_s_own_streams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    authority = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server)
    authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))  # the default client trusts it

    async def run(url: str) -> list[FetchResult]:
        async with Fetcher(politeness=LOCAL_POLITENESS) as fetcher:
            return [await fetcher.fetch(url) for _ in range(2)]

    with LocalNewsSite(tls=server) as secure:
        url = secure.url(BRIDGE)
        first, again = asyncio.run(run(url))

    assert url.startswith("https://")
    assert (first.status, again.status) == (200, 200)
    assert "Harbour Street" in (first.text or "")
