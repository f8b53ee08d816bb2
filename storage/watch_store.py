"""The watch list: adding, updating, removing, listing and pinning watches."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from monitor.errors import UsageError
from storage.alert_tables import Delivery, NotifyRule
from storage.engine import Database
from storage.records import WatchInfo, WatchSpec
from storage.rows import find_watch_row, require_id, watch_info
from storage.tables import Change, Check, FlagRow, Version, Watch


class WatchStore(Database):
    """Reads and writes of the watch list."""

    def add_watch(self, spec: WatchSpec, now: datetime) -> int:
        """Add a watch, due at once; a URL already watched is a UsageError."""
        try:
            with self._write() as session:
                watch = _new_watch(spec, now)
                session.add(watch)
                session.flush()
                assert watch.id is not None
                return watch.id
        except IntegrityError as exc:
            raise UsageError(f"already watching {spec.display_url}") from exc

    def upsert_watches(self, specs: Sequence[WatchSpec], now: datetime) -> int:
        """Add watches or update their label, tags and cadence, all in one transaction (a
        failure half-way writes none); returns how many were new."""
        added = 0
        with self._write() as session:
            for spec in specs:
                watch = session.exec(select(Watch).where(Watch.url == spec.url)).first()
                if watch is None:
                    session.add(_new_watch(spec, now))
                    session.flush()  # the same URL twice in one list updates the first
                    added += 1
                    continue
                watch.label = spec.label
                watch.tags = list(spec.tags)
                watch.every_seconds = spec.every_seconds
                watch.ignore_robots = spec.ignore_robots
                watch.allow_private = spec.allow_private
                if spec.pinned != watch.pinned:
                    _pin(watch, spec.pinned, now)
        return added

    def remove_watch(self, url_or_id: str) -> str:
        """Delete a watch with its history; returns the URL it had."""
        with self._write() as session:
            watch = find_watch_row(session, url_or_id)
            assert watch.id is not None
            change_ids = select(Change.id).where(Change.watch_id == watch.id)
            rule_ids = select(NotifyRule.id).where(NotifyRule.watch_id == watch.id)
            for table, condition in (
                (Delivery, col(Delivery.rule_id).in_(rule_ids)),
                (NotifyRule, NotifyRule.watch_id == watch.id),
                (FlagRow, col(FlagRow.change_id).in_(change_ids)),
                (Change, Change.watch_id == watch.id),
                (Check, Check.watch_id == watch.id),
                (Version, Version.watch_id == watch.id),
            ):
                for row in session.exec(select(table).where(condition)):
                    session.delete(row)
                session.flush()
            session.delete(watch)
            return watch.display_url

    def list_watches(self) -> list[WatchInfo]:
        """Every watch with its version and change counts, oldest first."""
        with self._read() as session:
            versions = dict(
                session.exec(
                    select(Version.watch_id, func.count()).group_by(col(Version.watch_id))
                ).all()
            )
            changes = dict(
                session.exec(
                    select(Change.watch_id, func.count()).group_by(col(Change.watch_id))
                ).all()
            )
            languages = dict(
                session.exec(
                    select(Watch.id, Version.language).join(
                        Version, col(Version.id) == col(Watch.current_version_id)
                    )
                ).all()
            )
            # Plain rows, not ORM objects: building 10,000 of those took most of `list`'s time.
            rows = session.connection().execute(
                sql_select(Watch.__table__).order_by(Watch.__table__.c.id)  # type: ignore[attr-defined]
            )
            return [
                watch_info(
                    row,
                    versions.get(row.id, 0),
                    changes.get(row.id, 0),
                    languages.get(row.id) or "",
                )
                for row in rows
            ]

    def find_watch(self, url_or_id: str) -> WatchInfo:
        """One watch by canonical URL or id."""
        with self._read() as session:
            watch = find_watch_row(session, url_or_id)
            return watch_info(watch, 0, 0)

    def watch_ids(self, urls: Sequence[str]) -> list[int]:
        """Ids for canonical URLs, in order; an unknown URL is NotFound."""
        with self._read() as session:
            return [require_id(find_watch_row(session, url)) for url in urls]

    def pin(self, url_or_id: str, pinned: bool, now: datetime) -> WatchInfo:
        """Pin a watch (never retire it; a retired one is checked again now) or unpin it."""
        with self._write() as session:
            watch = find_watch_row(session, url_or_id)
            _pin(watch, pinned, now)
            return watch_info(watch, 0, 0)

    def make_due(self, watch_ids: Sequence[int], now: datetime) -> None:
        """Schedule watches for an immediate check (used by `redline check URL`)."""
        with self._write() as session:
            for watch in session.exec(select(Watch).where(col(Watch.id).in_(watch_ids))):
                watch.next_check_at = now


def _new_watch(spec: WatchSpec, now: datetime) -> Watch:
    """A watch for `spec`, due at once."""
    return Watch(
        url=spec.url,
        display_url=spec.display_url,
        label=spec.label,
        tags=list(spec.tags),
        every_seconds=spec.every_seconds,
        pinned=spec.pinned,
        ignore_robots=spec.ignore_robots,
        allow_private=spec.allow_private,
        created_at=now,
        next_check_at=now,
    )


def _pin(watch: Watch, pinned: bool, now: datetime) -> None:
    watch.pinned = pinned
    if pinned and watch.state == "retired":
        watch.state = "active"
        watch.next_check_at = now
