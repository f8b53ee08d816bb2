"""What the review commands read: changes, their detail, versions, raw pages and sightings."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from monitor.errors import NotFound
from storage.browse import (
    ChangeFilter,
    Neighbours,
    change_infos,
    list_changes,
    neighbours,
    watch_page,
)
from storage.dictionaries import Dictionaries
from storage.engine import Database
from storage.records import ChangeDetail, ChangeInfo, StoredVersion
from storage.rows import find_watch_row, require_id, stored_version
from storage.tables import Change, Check, FlagRow, Version, Watch


class ReviewQueries(Database):
    """Read-only queries behind `changes`, `show`, `history`, `diff` and `timeline`."""

    def changes(
        self,
        *,
        since: datetime | None = None,
        url: str | None = None,
        flagged: bool = False,
        kinds: Sequence[str] = (),
        limit: int = 200,
        watch_ids: Sequence[int] | None = None,
    ) -> list[ChangeInfo]:
        """Changes, newest first, filtered as `redline changes` asks (None: any watch)."""
        with self._read() as session:
            watch_id = require_id(find_watch_row(session, url)) if url is not None else None
            wanted = ChangeFilter(
                since=since,
                watch_id=watch_id,
                watch_ids=tuple(watch_ids) if watch_ids is not None else None,
                flagged=flagged,
                kinds=tuple(kinds),
                limit=limit,
            )
            return list_changes(session, wanted)

    def browse(self, wanted: ChangeFilter) -> list[ChangeInfo]:
        """A page of changes as the web view filters them (tag, source, dates, paging)."""
        with self._read() as session:
            return list_changes(session, wanted)

    def watch_page(self, *, tag: str | None, offset: int, limit: int) -> tuple[list[int], int]:
        """One page of watch ids for the web view's list, and the number of watches in all."""
        with self._read() as session:
            return watch_page(session, tag, offset, limit)

    def neighbours(self, change_id: int) -> Neighbours:
        """The previous and next change of the same article."""
        with self._read() as session:
            return neighbours(session, change_id)

    def change_detail(self, change_id: int) -> ChangeDetail:
        """One change with both versions, diff and flags."""
        with self._read() as session:
            change = session.get(Change, change_id)
            if change is None:
                raise NotFound(f"no change with id {change_id}; see `redline changes`")
            watch = session.get(Watch, change.watch_id)
            old = session.get(Version, change.from_version_id)
            new = _to_version(session, change)
            assert watch is not None
            assert old is not None
            flags = session.exec(
                select(FlagRow.data)
                .where(FlagRow.change_id == change_id)
                .order_by(col(FlagRow.position))
            ).all()
            return ChangeDetail(
                info=change_infos(session, [(change, watch)])[0],
                old=stored_version(old),
                new=stored_version(new) if new is not None else None,
                diff=change.diff,
                flags=tuple(dict(flag) for flag in flags),
            )

    def versions(self, url_or_id: str) -> list[StoredVersion]:
        """Every version of one watch, oldest first."""
        with self._read() as session:
            watch_id = require_id(find_watch_row(session, url_or_id))
            rows = session.exec(
                select(Version).where(Version.watch_id == watch_id).order_by(col(Version.number))
            )
            return [stored_version(v) for v in rows]

    def raw_page(self, version_id: int) -> str | None:
        """The page a version was extracted from, for re-deriving it with a better extractor."""
        with self._read() as session:
            version = session.get(Version, version_id)
            if version is None or version.raw_page is None:
                return None
            return Dictionaries().read(session, version.raw_page)

    def sightings(self, url_or_id: str) -> dict[int, tuple[int, datetime]]:
        """Per version number: how many checks saw it, and when one last did."""
        with self._read() as session:
            watch_id = require_id(find_watch_row(session, url_or_id))
            rows = session.exec(
                select(Version.number, func.count(), func.max(Check.started_at))
                .join(Check, col(Check.version_id) == Version.id)
                .where(Version.watch_id == watch_id)
                .group_by(col(Version.number))
            ).all()
            return {number: (count, last) for number, count, last in rows}

    def check_count(self, watch_id: int) -> int:
        """How many checks a watch has had (for tests and summaries)."""
        with self._read() as session:
            return session.exec(
                select(func.count()).select_from(Check).where(Check.watch_id == watch_id)
            ).one()


def _to_version(session: Session, change: Change) -> Version | None:
    if change.to_version_id is None:
        return None
    return session.get(Version, change.to_version_id)
