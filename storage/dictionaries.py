"""Site dictionaries in the database: which one a claimed watch's pages are packed with, which
one a stored page needs to be read, and a site's first stored page kept as its dictionary.

A site gets its dictionary once, from the first page of it stored as a plain frame, and keeps
it: it is not re-trained. A site whose template changes compresses less well against it but
stays readable; see README.md (How pages are stored).
"""

import zlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from storage.pages import PageDictionary, can_be_dictionary, needed_dictionary, pack, unpack
from storage.records import CheckRecord
from storage.tables import SiteDictionary

# Dictionaries a store keeps once read (a few tens of KB each): they never change.
_KEPT = 256


def site_of(url: str) -> str:
    """The site a page belongs to, for its dictionary: the host of its URL."""
    return (urlsplit(url).hostname or "").lower()


def site_slot(url: str) -> int:
    """A stable number (31 bits) for the site of `url`. Processes sharing the checks split the
    sites by it (`storage.records.Shard`), so each site is fetched by one process, within its
    politeness limits."""
    return zlib.crc32(site_of(url).encode()) & 0x7FFF_FFFF


class Dictionaries:
    """The site dictionaries of one database, read once each."""

    def __init__(self) -> None:
        self._read: OrderedDict[int, PageDictionary] = OrderedDict()

    def for_sites(self, session: Session, sites: Iterable[str]) -> dict[str, PageDictionary]:
        """The dictionary of each of `sites` that has one (the first stored, if two were)."""
        found: dict[str, PageDictionary] = {}
        for site, dictionary_id in session.exec(
            select(SiteDictionary.site, SiteDictionary.id)
            .where(col(SiteDictionary.site).in_(set(sites)))
            .order_by(col(SiteDictionary.id).desc())  # the lowest id is kept
        ):
            dictionary = self.by_id(session, dictionary_id) if dictionary_id is not None else None
            if dictionary is not None:
                found[site] = dictionary
        return found

    def by_id(self, session: Session, dictionary_id: int) -> PageDictionary | None:
        """The dictionary `dictionary_id`, None when the database has no such dictionary."""
        found = self._read.get(dictionary_id)
        if found is None:
            row = session.get(SiteDictionary, dictionary_id)
            if row is None:
                return None
            found = self._remember(PageDictionary(dictionary_id, row.page))
        return found

    def keep(self, session: Session, site: str, page: bytes, fetched: datetime) -> PageDictionary:
        """Make `page` (a plain stored page that `can_be_dictionary`) the dictionary of `site`."""
        row = SiteDictionary(site=site, page=page, created_at=fetched)
        session.add(row)
        session.flush()  # its id goes into the header of every page packed against it
        assert row.id is not None
        return self._remember(PageDictionary(row.id, page))

    def _remember(self, dictionary: PageDictionary) -> PageDictionary:
        self._read[dictionary.id] = dictionary
        if len(self._read) > _KEPT:
            self._read.popitem(last=False)
        return dictionary

    def read(self, session: Session, stored: bytes) -> str:
        """The text of a stored page, with the dictionary it needs (if any)."""
        needed = needed_dictionary(stored)
        return unpack(stored, None if needed is None else self.by_id(session, needed))


def with_site_dictionaries(
    session: Session, records: Sequence[CheckRecord], dictionaries: Dictionaries
) -> list[CheckRecord]:
    """`records`, each page stored plain packed against its site's dictionary instead.

    A worker packs a page plain when its check was claimed before the site had a dictionary:
    in a site's first cycle, most of its pages. The site's dictionary is the one it has, or
    else its first plain page here, kept as it is (nothing compressed again); the site's
    other pages are packed against it, so a first cycle is stored as small as later ones.
    """
    plain = {
        i: site_of(record.version.url)
        for i, record in enumerate(records)
        if record.version is not None and can_be_dictionary(record.version.raw_page)
    }
    if not any(plain.values()):
        return list(records)
    known = dictionaries.for_sites(session, set(plain.values()) - {""})
    packed = []
    for i, record in enumerate(records):
        version, site = record.version, plain.get(i)
        if version is None or not site:
            packed.append(record)
        elif (dictionary := known.get(site)) is None:
            known[site] = dictionaries.keep(session, site, version.raw_page, record.started_at)
            packed.append(record)  # stays plain: it is the dictionary
        else:
            page = pack(unpack(version.raw_page), dictionary)
            packed.append(replace(record, version=replace(version, raw_page=page)))
    return packed
