"""Stored raw pages read back exactly, rows written with zlib before zstd included."""

import zlib

from hypothesis import given
from hypothesis import strategies as st

from storage.pages import pack, unpack


@given(st.text())
def test_a_packed_page_unpacks_to_the_same_text(page: str) -> None:
    assert unpack(pack(page)) == page


def test_pages_stored_with_zlib_before_zstd_stay_readable() -> None:
    page = "<html><body><p>Caf\u00e9 \u2019quoted\u2019</p></body></html>"
    assert unpack(zlib.compress(page.encode("utf-8"), 6)) == page
