"""Stored raw pages, compressed so a version's page costs little to write and keep.

Pages of one site share most of their bytes (templates, scripts, navigation), so once a site
has a page stored, that page becomes the site's dictionary (storage.dictionaries) and the
site's later pages are compressed against it: a frame of ours, `_DICT_MAGIC` and the
dictionary's id, then a zstd frame with a checksum, so a page never decodes to garbage.

Three kinds of row are read, told apart by their first bytes: zlib streams (before zstd; they
start with 0x78), plain zstd frames (the zstd magic number), and dictionary frames.
"""

import hashlib
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import zstandard

from monitor.errors import StorageError

# Level 3 makes pages as small as zlib's level 6 did, at a sixth of the CPU (bench/bench_peers.py).
_LEVEL = 3
# Against a dictionary, level 4 finds enough more of the site's page to bring real pages under
# a third of zlib -6's bytes, at a third of its CPU (bench/bench_pages.py).
_DICT_LEVEL = 4
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# 'R' cannot start a zlib stream (its low nibble would have to be 8) nor a zstd frame.
_DICT_MAGIC = b"RLd1"
_HEADER = len(_DICT_MAGIC) + 4
# A dictionary is a whole page; a bigger page is not taken (a worker keeps a few in memory).
MAX_DICTIONARY = 1 << 20
MIN_DICTIONARY = 1 << 10
# Dictionaries kept ready per process: a worker meets a few sites' pages at a time.
_CACHED = 16

T = TypeVar("T")


class MissingDictionary(StorageError):
    """A stored page needs a site dictionary that is not at hand."""


@dataclass(frozen=True)
class PageDictionary:
    """A site's dictionary: one of its pages as stored (a plain zstd frame), by its id.

    `key` names the content, so a process serving several databases (whose ids overlap)
    never compresses against another database's dictionary of the same id.
    """

    id: int
    packed: bytes
    key: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", hashlib.blake2b(self.packed, digest_size=16).digest())


def pack(page: str, dictionary: PageDictionary | None = None) -> bytes:
    """A page's text, compressed for the version table (against `dictionary` when given)."""
    raw = page.encode("utf-8", "surrogatepass")
    if dictionary is None:
        return zstandard.ZstdCompressor(level=_LEVEL).compress(raw)
    header = _DICT_MAGIC + dictionary.id.to_bytes(4, "big")
    return header + _compressors.get(dictionary).compress(raw)


def needed_dictionary(stored: bytes) -> int | None:
    """The id of the dictionary a stored page needs to be read; None when it needs none."""
    if stored.startswith(_DICT_MAGIC):
        return int.from_bytes(stored[len(_DICT_MAGIC) : _HEADER], "big")
    return None


def unpack(stored: bytes, dictionary: PageDictionary | None = None) -> str:
    """The text of a stored page, whichever way it was compressed.

    A page stored against a dictionary needs that dictionary; without it (or given another)
    this raises `MissingDictionary` rather than guess.
    """
    needed = needed_dictionary(stored)
    if needed is not None:
        if dictionary is None or dictionary.id != needed:
            raise MissingDictionary(
                f"this page was stored against site dictionary {needed}, which is not in the "
                "database; restore it from a backup (migrate-db copies dictionaries)"
            )
        try:
            raw = _decompressors.get(dictionary).decompress(stored[_HEADER:])
        except zstandard.ZstdError as exc:
            raise MissingDictionary(f"site dictionary {needed} does not fit: {exc}") from exc
    elif stored.startswith(_ZSTD_MAGIC):
        raw = zstandard.ZstdDecompressor().decompress(stored)
    else:
        raw = zlib.decompress(stored)
    return raw.decode("utf-8", "surrogatepass")


def can_be_dictionary(stored: bytes) -> bool:
    """True for a plain zstd page of a size worth (and safe) to serve as a site's dictionary."""
    if not stored.startswith(_ZSTD_MAGIC):
        return False
    size = zstandard.frame_content_size(stored)
    return MIN_DICTIONARY <= size <= MAX_DICTIONARY


def _content(dictionary: PageDictionary) -> zstandard.ZstdCompressionDict:
    page = zstandard.ZstdDecompressor().decompress(dictionary.packed)
    return zstandard.ZstdCompressionDict(page, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


class _Ready(Generic[T]):
    """Compressors (or decompressors) per dictionary, built once: digesting a dictionary
    costs more than compressing a page with it. The oldest goes when too many are held."""

    def __init__(self, build: Callable[[zstandard.ZstdCompressionDict], T]) -> None:
        self._build = build
        self._held: OrderedDict[bytes, T] = OrderedDict()

    def get(self, dictionary: PageDictionary) -> T:
        ready = self._held.get(dictionary.key)
        if ready is None:
            ready = self._build(_content(dictionary))
            self._held[dictionary.key] = ready
            if len(self._held) > _CACHED:
                self._held.popitem(last=False)
        return ready


_compressors = _Ready(
    lambda content: zstandard.ZstdCompressor(
        level=_DICT_LEVEL, dict_data=content, write_checksum=True, write_dict_id=False
    )
)
_decompressors = _Ready(lambda content: zstandard.ZstdDecompressor(dict_data=content))
