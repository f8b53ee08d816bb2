"""Stored raw pages: zstd-compressed, so a version's page costs little to write and keep.

Pages stored before zstd were zlib streams; `unpack` tells the two apart by the zstd frame's
magic number (a zlib stream starts with 0x78), so old rows stay readable without a migration.
"""

import zlib

import zstandard

# Level 3 makes pages as small as zlib's level 6 did, at a sixth of the CPU (bench/bench_peers.py).
_LEVEL = 3
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def pack(page: str) -> bytes:
    """A page's text, compressed for the version table."""
    return zstandard.ZstdCompressor(level=_LEVEL).compress(page.encode("utf-8", "surrogatepass"))


def unpack(stored: bytes) -> str:
    """The text of a stored page, whichever way it was compressed."""
    if stored.startswith(_ZSTD_MAGIC):
        raw = zstandard.ZstdDecompressor().decompress(stored)
    else:
        raw = zlib.decompress(stored)
    return raw.decode("utf-8", "surrogatepass")
