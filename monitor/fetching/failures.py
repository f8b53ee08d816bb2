"""Transport failures as one line a user understands, with the outcome for the check log."""

import http
import re
import socket
import ssl
from collections.abc import Iterator

import httpx

from monitor.errors import FetchError


def reason(response: httpx.Response) -> str:
    """The status line's reason phrase, or the standard one when the server sent none."""
    if response.reason_phrase:
        return response.reason_phrase
    try:
        return http.HTTPStatus(response.status_code).phrase
    except ValueError:
        return ""


def failed_url(exc: httpx.HTTPError, default: httpx.URL) -> httpx.URL:
    """The URL the failed request was for, or `default` when httpx attached none."""
    try:
        return exc.request.url
    except RuntimeError:  # raised outside a request, so no URL attached
        return default


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


# Low-level causes worth naming, most specific first; `{host}` and `{where}` (host:port) are
# filled in. TLS failures reach us as httpx.ConnectError, so the cause decides the outcome.
_CAUSES: tuple[tuple[type[BaseException], str, str], ...] = (
    (ssl.SSLCertVerificationError, "tls", "TLS certificate for {host} is not valid: {detail}"),
    (ssl.SSLError, "tls", "TLS handshake with {host} failed: {detail}"),
    (socket.gaierror, "connection", "could not resolve host {host}"),
    (ConnectionRefusedError, "connection", "{where} refused the connection"),
    (ConnectionResetError, "connection", "{where} reset the connection"),
)


def network_error(exc: httpx.HTTPError, url: httpx.URL) -> FetchError:
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
