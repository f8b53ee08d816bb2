"""Site dictionaries in the database: which one a claimed watch's pages are packed with, which
one a stored page needs to be read, and a site's first stored page kept as its dictionary.

A site gets its dictionary once, from the first page of it stored as a plain frame, and keeps
it: it is not re-trained. A site whose template changes compresses less well against it but
stays readable; see README.md (How pages are stored).
"""

import zlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import datetime
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from storage.pages import PageDictionary, needed_dictionary, unpack
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
            found = self._read[dictionary_id] = PageDictionary(dictionary_id, row.page)
            if len(self._read) > _KEPT:
                self._read.popitem(last=False)
        return found

    def read(self, session: Session, stored: bytes) -> str:
        """The text of a stored page, with the dictionary it needs (if any)."""
        needed = needed_dictionary(stored)
        return unpack(stored, None if needed is None else self.by_id(session, needed))


def learn(session: Session, pages: Mapping[str, tuple[bytes, datetime]]) -> None:
    """Keep, for each site of `pages` (site -> a plain page that `can_be_dictionary`, and when
    it was fetched) that has no dictionary yet, that page as its dictionary. The page is
    stored as it is: nothing is compressed again."""
    sites = [site for site in pages if site]
    if not sites:
        return
    known = set(
        session.exec(select(SiteDictionary.site).where(col(SiteDictionary.site).in_(sites))).all()
    )
    for site in sites:
        if site not in known:
            page, fetched = pages[site]
            session.add(SiteDictionary(site=site, page=page, created_at=fetched))
