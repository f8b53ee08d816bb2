"""Stopping and restarting watches, and editing them: history is kept unless asked otherwise.

A monitor's purpose is proof, so stopping a watch (`pause`, `archive`) keeps every version and
change; only `purge` deletes them, and it returns what it deleted so the user is told.
"""

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.alert_tables import Delivery, NotifyRule
from storage.engine import Database
from storage.records import (
    ACTIVE,
    ARCHIVED,
    PAUSED,
    RETIRED,
    STOPPED_STATES,
    Purged,
    WatchEdit,
    WatchInfo,
)
from storage.rows import find_watch_row, require_id, watch_info
from storage.tables import Change, Check, FlagRow, Version, Watch


class WatchLifecycle(Database):
    """Pause, resume, archive, purge and edit one watch (by canonical URL or id)."""

    def pause(self, url_or_id: str) -> WatchInfo:
        """Stop checking a watch; it stays listed with its history."""
        return self._set_state(url_or_id, PAUSED)

    def archive(self, url_or_id: str) -> WatchInfo:
        """Stop checking a watch and leave it out of `list`; its changes stay reviewable.

        The row stays, so a followed source that still lists the article does not add it again.
        """
        return self._set_state(url_or_id, ARCHIVED)

    def resume(self, url_or_id: str, now: datetime) -> WatchInfo:
        """Check a paused or archived watch again, at once (a watch not stopped is unchanged)."""
        with self._write() as session:
            watch = find_watch_row(session, url_or_id)
            if watch.state in STOPPED_STATES:
                watch.state = ACTIVE
                watch.next_check_at = now
            return watch_info(watch, 0, 0)

    def purge(self, url_or_id: str) -> Purged:
        """Delete a watch with every version, change, check and notification rule of its own."""
        with self._write() as session:
            watch = find_watch_row(session, url_or_id)
            watch_id = require_id(watch)
            change_ids = select(Change.id).where(Change.watch_id == watch_id)
            rule_ids = select(NotifyRule.id).where(NotifyRule.watch_id == watch_id)
            deleted: dict[str, int] = {}
            for table, condition in (
                (Delivery, col(Delivery.rule_id).in_(rule_ids)),
                (NotifyRule, NotifyRule.watch_id == watch_id),
                (FlagRow, col(FlagRow.change_id).in_(change_ids)),
                (Change, Change.watch_id == watch_id),
                (Check, Check.watch_id == watch_id),
                (Version, Version.watch_id == watch_id),
            ):
                rows = list(session.exec(select(table).where(condition)))
                deleted[table.__tablename__] = len(rows)
                for row in rows:
                    session.delete(row)
                session.flush()
            session.delete(watch)
            return Purged(
                display_url=watch.display_url,
                versions=deleted[Version.__tablename__],
                changes=deleted[Change.__tablename__],
                checks=deleted[Check.__tablename__],
                rules=deleted[NotifyRule.__tablename__],
                source_id=watch.source_id,
            )

    def edit(self, url_or_id: str, edit: WatchEdit, now: datetime) -> WatchInfo:
        """Change a watch's label, tags, cadence or pin; a new cadence takes effect now."""
        with self._write() as session:
            watch = find_watch_row(session, url_or_id)
            if edit.label is not None:
                watch.label = edit.label.strip() or None
            if edit.add_tags or edit.remove_tags:
                kept = [t for t in watch.tags if t not in edit.remove_tags]
                watch.tags = list(dict.fromkeys([*kept, *edit.add_tags]))
            if edit.every_seconds is not None:
                watch.every_seconds = edit.every_seconds or None
                watch.next_check_at = min(watch.next_check_at, now)
            if edit.pinned is not None:
                pin_row(watch, edit.pinned, now)
            return watch_info(watch, *_counts(session, require_id(watch)))

    def _set_state(self, url_or_id: str, state: str) -> WatchInfo:
        with self._write() as session:
            watch = find_watch_row(session, url_or_id)
            watch.state = state  # a check under way records its result but not its state
            return watch_info(watch, *_counts(session, require_id(watch)))


def pin_row(watch: Watch, pinned: bool, now: datetime) -> None:
    """Pin (a retired watch is checked again now) or unpin; a stopped watch stays stopped."""
    watch.pinned = pinned
    if pinned and watch.state == RETIRED:
        watch.state = ACTIVE
        watch.next_check_at = now


def _counts(session: Session, watch_id: int) -> tuple[int, int]:
    """How many versions and changes a watch has, for the line that says what was kept."""
    versions = session.exec(
        select(func.count()).select_from(Version).where(Version.watch_id == watch_id)
    ).one()
    changes = session.exec(
        select(func.count()).select_from(Change).where(Change.watch_id == watch_id)
    ).one()
    return versions, changes
