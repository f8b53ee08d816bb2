"""Stored raw pages read back exactly: rows written with zlib before zstd, plain zstd rows, and
rows packed against a site's dictionary, which say which dictionary they need."""

import pickle
import zlib

import pytest
import zstandard
from hypothesis import given
from hypothesis import strategies as st

from storage.pages import (
    MAX_DICTIONARY,
    MissingDictionary,
    PageDictionary,
    can_be_dictionary,
    needed_dictionary,
    pack,
    unpack,
)


def site_page(story: str) -> str:
    """A page of one site: the same long chrome around a different story."""
    nav = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(300))
    return (
        f"<html><head><title>{story}</title></head><body><ul>{nav}</ul><p>{story}</p></body></html>"
    )


FIRST = site_page("The council met on Tuesday and agreed the budget.")
DICTIONARY = PageDictionary(7, pack(FIRST))


@given(st.text())
def test_a_packed_page_unpacks_to_the_same_text(page: str) -> None:
    assert unpack(pack(page)) == page


@given(st.text())
def test_a_page_packed_against_a_dictionary_unpacks_to_the_same_text(page: str) -> None:
    assert unpack(pack(page, DICTIONARY), DICTIONARY) == page


def test_pages_stored_with_zlib_before_zstd_stay_readable() -> None:
    page = "<html><body><p>Caf\u00e9 \u2019quoted\u2019</p></body></html>"
    assert unpack(zlib.compress(page.encode("utf-8"), 6)) == page


def test_plain_zstd_rows_need_no_dictionary() -> None:
    plain = zstandard.ZstdCompressor(level=3).compress(FIRST.encode("utf-8"))
    assert needed_dictionary(plain) is None
    assert unpack(plain) == FIRST


def test_a_page_of_the_same_site_costs_a_fraction_against_its_dictionary() -> None:
    later = site_page("The mayor resigned on Wednesday after the vote.")
    against = pack(later, DICTIONARY)
    assert needed_dictionary(against) == 7
    assert len(against) * 3 < len(pack(later))


def test_a_page_whose_dictionary_is_missing_says_which_instead_of_decoding_garbage() -> None:
    stored = pack(site_page("A later story."), DICTIONARY)
    with pytest.raises(MissingDictionary, match="site dictionary 7, which is not in the database"):
        unpack(stored)
    with pytest.raises(MissingDictionary, match="site dictionary 7"):
        unpack(stored, PageDictionary(8, DICTIONARY.packed))


def test_another_dictionary_under_the_same_id_is_refused_not_decoded() -> None:
    # Two databases may both have a dictionary 7; a page of one never decodes with the other's.
    stored = pack(site_page("A later story."), DICTIONARY)
    other = PageDictionary(7, pack(site_page("Another site's page entirely, other chrome.")))
    with pytest.raises(MissingDictionary, match="does not fit"):
        unpack(stored, other)
    assert unpack(pack("<p>x</p>", other), other) == "<p>x</p>"


def test_a_dictionary_crosses_to_a_worker_with_its_content_key() -> None:
    again = pickle.loads(pickle.dumps(DICTIONARY))
    assert again == DICTIONARY
    assert again.key == DICTIONARY.key
    assert unpack(pack(FIRST, again), DICTIONARY) == FIRST


@pytest.mark.parametrize(
    ("stored", "fit"),
    [
        (pack(FIRST), True),
        (pack("<p>too short to help</p>"), False),
        (pack("x" * (MAX_DICTIONARY + 1)), False),
        (pack(FIRST, DICTIONARY), False),  # needs a dictionary itself
        (zlib.compress(FIRST.encode("utf-8")), False),
    ],
)
def test_which_stored_pages_can_serve_as_a_dictionary(stored: bytes, fit: bool) -> None:
    assert can_be_dictionary(stored) is fit
