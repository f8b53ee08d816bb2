"""Content-Encoding undone step by step, so no layer can inflate past the size limit.

httpx decodes each received chunk in one call per layer, so `Content-Encoding: gzip, gzip`
can turn 7 KB into gigabytes before any cap is looked at. Here every layer inflates at most
`_PIECE` bytes at a time and counts what it produced against the limit, so memory and CPU
stay bounded by the limit whatever the ratio. Pure: bytes in, bytes out.
"""

import zlib
from collections.abc import Iterator

from monitor.errors import FetchError, TooLarge

ACCEPT_ENCODING = "gzip, deflate"
_PIECE = 64 * 1024
_IDENTITY = frozenset({"", "identity"})
_KNOWN = frozenset({"gzip", "x-gzip", "deflate"})


class _Inflater:
    """One layer: gzip or deflate (zlib-wrapped or raw, as servers send both)."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._produced = 0
        self._started = False
        wbits = zlib.MAX_WBITS | 16 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(wbits)

    def feed(self, data: bytes, limit: int, limit_text: str) -> Iterator[bytes]:
        """Inflate `data` in pieces; TooLarge once this layer has produced over `limit`."""
        if not self._started and self._encoding == "deflate" and data:
            self._started = True
            try:  # RFC 9110 deflate is zlib-wrapped; some servers send raw deflate
                zlib.decompressobj(zlib.MAX_WBITS).decompress(data[:2])
            except zlib.error:
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
        while not self._inflate.eof:
            try:
                piece = self._inflate.decompress(data, _PIECE)
            except zlib.error as exc:
                message = f"the page's {self._encoding} encoding is broken: {exc}"
                raise FetchError(message, outcome="connection") from None
            data = self._inflate.unconsumed_tail
            self._produced += len(piece)
            if self._produced > limit:
                raise TooLarge(f"page inflates past the {limit_text} limit; stopped decoding")
            if piece:
                yield piece
            if not data and len(piece) < _PIECE:  # a full piece may leave output pending
                return


class CappedDecoder:
    """Undoes a Content-Encoding header's layers (last applied, first undone) with a cap."""

    def __init__(self, content_encoding: str | None, limit: int, limit_text: str) -> None:
        names = [name.strip().lower() for name in (content_encoding or "").split(",")]
        unknown = [name for name in names if name not in _IDENTITY and name not in _KNOWN]
        if unknown:
            raise FetchError(
                f"the server sent an encoding redline did not ask for ({unknown[0][:40]!r})",
                outcome="not_html",
            )
        self._layers = [_Inflater(name) for name in reversed(names) if name not in _IDENTITY]
        self._limit = limit
        self._limit_text = limit_text

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded bytes of one received chunk, in pieces of bounded size."""
        return self._through(chunk, 0)

    def _through(self, data: bytes, depth: int) -> Iterator[bytes]:
        if depth == len(self._layers):
            yield data
            return
        for piece in self._layers[depth].feed(data, self._limit, self._limit_text):
            yield from self._through(piece, depth + 1)
