"""A cheaper answer to the question httpcore's connection pool asks most often, and one
certificate store per process.

Before it places each request, the pool asks every connection it holds whether it has expired,
and an idle connection answers by asking its stream whether the socket is readable (the server
closed it). httpcore's asyncio stream answers through anyio's typed attributes, which build a
table of lookups on every call: in a cycle of 304s that was a tenth of the service's CPU
(bench/bench_peers.py). These streams keep the socket they were opened on and poll it
directly; everything else goes to httpcore's own stream unchanged, TLS included.

Each httpx client loads the trusted certificates again (about 45 ms); the clients of one
process share `tls_context` instead.
"""

import functools
import os
import select
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

# What httpcore passes to set on a new socket (its own alias is not published).
_SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


def tls_context() -> ssl.SSLContext:
    """The certificates this process trusts, as httpx would load them (SSL_CERT_FILE or
    SSL_CERT_DIR when set, else certifi's), loaded once per setting."""
    return _tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@functools.cache
def _tls_context(_cert_file: str | None, _cert_dir: str | None) -> ssl.SSLContext:
    return httpx.create_ssl_context()


def cheap_idle_checks(client: object) -> None:
    """Give an httpx client's own connection pool streams that poll their socket themselves.

    The transport, its pool and the pool's backend are attributes httpx and httpcore do not
    publish; where one is missing (other versions) the client is left as it is, which only
    costs the CPU this saves. Proxy transports are left as they are.
    """
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.AsyncNetworkBackend):
        pool._network_backend = _Backend(backend)  # type: ignore[union-attr]


class _Backend(httpcore.AsyncNetworkBackend):
    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _Stream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _Stream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket: socket.socket | None = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return _readable(self._socket)
        return self._inner.get_extra_info(info)


def _readable(sock: socket.socket | None) -> bool:
    """True when reading the socket would not block: data, or the server's close, is waiting.
    A socket that is gone counts as readable, so the pool drops its connection."""
    descriptor = -1 if sock is None else sock.fileno()
    if descriptor < 0:
        return True
    poller = select.poll()
    poller.register(descriptor, select.POLLIN)
    return bool(poller.poll(0))
