"""The watch list: adding, updating, removing, listing and pinning watches."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
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

    def upsert_watch(self, spec: WatchSpec, now: datetime) -> bool:
        """Add a watch or update its label, tags and cadence; True when it was new."""
        with self._write() as session:
            watch = session.exec(select(Watch).where(Watch.url == spec.url)).first()
            if watch is None:
                session.add(_new_watch(spec, now))
                return True
            watch.label = spec.label
            watch.tags = list(spec.tags)
            watch.every_seconds = spec.every_seconds
            watch.ignore_robots = spec.ignore_robots
            if spec.pinned != watch.pinned:
                _pin(watch, spec.pinned, now)
            return False

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

    def list_watches(self, ids: Sequence[int] | None = None) -> list[WatchInfo]:
        """Every watch (or those with `ids`) with its version and change counts, oldest first."""
        with self._read() as session:
            versions = select(Version.watch_id, func.count()).group_by(col(Version.watch_id))
            changes = select(Change.watch_id, func.count()).group_by(col(Change.watch_id))
            watches = select(Watch).order_by(col(Watch.id))
            if ids is not None:
                versions = versions.where(col(Version.watch_id).in_(ids))
                changes = changes.where(col(Change.watch_id).in_(ids))
                watches = watches.where(col(Watch.id).in_(ids))
            counts = dict(session.exec(versions).all()), dict(session.exec(changes).all())
            return [
                watch_info(w, counts[0].get(require_id(w), 0), counts[1].get(require_id(w), 0))
                for w in session.exec(watches)
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
        created_at=now,
        next_check_at=now,
    )


def _pin(watch: Watch, pinned: bool, now: datetime) -> None:
    watch.pinned = pinned
    if pinned and watch.state == "retired":
        watch.state = "active"
        watch.next_check_at = now
