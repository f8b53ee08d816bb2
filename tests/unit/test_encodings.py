"""Content-Encoding undone layer by layer, with the size cap counted at every layer."""

import gzip
import zlib

import pytest

from monitor.errors import FetchError, TooLarge
from monitor.fetching.encodings import CappedDecoder
from monitor.newsroom import faults

PAGE = b"<html><body><article><p>" + b"The council met on Tuesday. " * 400 + b"</p></article>"


def decode(body: bytes, encoding: str | None, limit: int = 10_000_000, chunk: int = 997) -> bytes:
    decoder = CappedDecoder(encoding, limit, "the limit")
    pieces = [decoder.feed(body[i : i + chunk]) for i in range(0, len(body), chunk)]
    return b"".join(b"".join(piece) for piece in pieces)


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (PAGE, None),
        (PAGE, "identity"),
        (gzip.compress(PAGE), "gzip"),
        (gzip.compress(PAGE), "X-Gzip"),
        (zlib.compress(PAGE), "deflate"),
        (zlib.compress(PAGE)[2:-4], "deflate"),  # raw deflate, as some servers send it
        (gzip.compress(gzip.compress(PAGE)), "gzip, gzip"),
        (gzip.compress(zlib.compress(PAGE)), "deflate, gzip"),
    ],
)
def test_every_layer_is_undone_in_reverse_order(body: bytes, encoding: str | None) -> None:
    assert decode(body, encoding) == PAGE


def test_a_layered_bomb_stops_at_the_cap_without_inflating_a_layer_whole() -> None:
    bomb = faults.compression_bomb(256 * 1024 * 1024, layers=2).body
    decoder = CappedDecoder("gzip, gzip", 1024 * 1024, "1 MB")
    sizes: list[int] = []

    def inflate() -> None:
        sizes.extend(len(piece) for piece in decoder.feed(bomb))

    with pytest.raises(TooLarge, match="inflates past the 1 MB limit"):
        inflate()
    assert 0 < max(sizes) <= 64 * 1024


def test_an_encoding_redline_did_not_ask_for_is_refused() -> None:
    with pytest.raises(FetchError) as caught:
        CappedDecoder("br", 1000, "the limit")
    assert caught.value.outcome == "not_html"


def test_a_broken_gzip_body_is_a_connection_fault_not_a_crash() -> None:
    with pytest.raises(FetchError) as caught:
        decode(b"\x1f\x8b\x08\x00garbage-not-deflate", "gzip")
    assert caught.value.outcome == "connection"
