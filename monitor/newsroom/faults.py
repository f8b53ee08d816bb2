"""Faults the local news site can be told to answer with, for tests of redline's resilience.

`LocalNewsSite.inject(path, fault, times=n)` makes the next `n` requests for `path` (or all of
them) get the fault instead of the page: an error status, a Retry-After, a redirect, a
paywall or consent page in place of the article, an empty body, a connection reset, or the
hostile web's tricks (a layered compression bomb, an absurd Retry-After, a redirect to
`javascript:`).
"""

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html import escape


@dataclass(frozen=True)
class Fault:
    """What to answer instead of the page. `reset` drops the connection without an answer;
    `delay` holds the answer back that many seconds (a slow server)."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    reset: bool = False
    delay: float = 0.0


def status(code: int, *, retry_after: str | None = None) -> Fault:
    """An error page with this status (and a Retry-After header if given)."""
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    return Fault(code, _page(f"Error {code}", f"The server answered {code}."), headers=headers)


def redirect(location: str, code: int = 301) -> Fault:
    """A redirect to `location` (a path on the same site or a full URL)."""
    return Fault(code, headers=(("Location", location),))


def page(
    html: str | bytes, content_type: str = "text/html; charset=utf-8", *, delay: float = 0.0
) -> Fault:
    """Any page in place of the article, served with status 200."""
    body = html.encode("utf-8") if isinstance(html, str) else html
    return Fault(200, body, content_type, delay=delay)


def compressed(html: bytes, encodings: Iterable[str] = ("gzip",)) -> Fault:
    """A page sent with Content-Encoding, applying `encodings` in order (the header's order)."""
    names = tuple(encodings)
    body = html
    for name in names:
        body = _compress([body], name)
    return Fault(200, body, headers=(("Content-Encoding", ", ".join(names)),))


def compression_bomb(inflated: int, layers: int = 2) -> Fault:
    """`inflated` zero bytes, gzipped `layers` times: a few KB on the wire."""
    body = _zeros_gzipped(inflated)
    for _ in range(layers - 1):
        body = _compress([body], "gzip")
    return Fault(200, body, headers=(("Content-Encoding", ", ".join(["gzip"] * layers)),))


@cache
def _zeros_gzipped(size: int) -> bytes:
    block = bytes(1 << 20)
    pieces = (block[: min(len(block), size - start)] for start in range(0, size, len(block)))
    return _compress(pieces, "gzip", zlib.Z_RLE)  # RLE: the fast way to squeeze zeros


def _compress(
    pieces: Iterable[bytes], encoding: str, strategy: int = zlib.Z_DEFAULT_STRATEGY
) -> bytes:
    wbits = zlib.MAX_WBITS | 16 if encoding == "gzip" else zlib.MAX_WBITS
    squeeze = zlib.compressobj(9, zlib.DEFLATED, wbits, 9, strategy)
    return b"".join([*(squeeze.compress(piece) for piece in pieces), squeeze.flush()])


def reset() -> Fault:
    """Close the connection with a TCP reset before answering."""
    return Fault(reset=True)


def paywall(headline: str, teaser: str) -> Fault:
    """The article's headline and first lines, then a subscription offer."""
    return page(
        _page(
            headline,
            teaser,
            "Subscribe to continue reading. Already a subscriber? Sign in.",
        )
    )


def consent_wall() -> Fault:
    """A cookie consent page in place of the article."""
    return page(
        _page(
            "Your privacy choices",
            "We and our partners use cookies to personalise content.",
            "Accept all or manage your consent settings to continue.",
        )
    )


def _page(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title></head><body><article>"
        f"<h1>{escape(title)}</h1>{body}</article></body></html>"
    ).encode()
