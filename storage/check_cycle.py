"""The check cycle's storage: claiming due watches under leases and recording their results.

Writes run on SQLite as BEGIN IMMEDIATE (see storage.engine), so a check's version, change,
flags, check row and next check time land together or not at all.
"""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import ColumnElement, Row, func, or_, update
from sqlalchemy import select as sql_select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from monitor.errors import StorageError
from storage.aliases import learn_final_url
from storage.dictionaries import Dictionaries, site_of, with_site_dictionaries
from storage.engine import Database
from storage.leases import release_orphaned
from storage.outbox import queue_notifications
from storage.pages import PageDictionary
from storage.records import (
    ALL_SITES,
    CHECKED_STATES,
    CheckRecord,
    DueWatch,
    Shard,
    VersionRef,
)
from storage.result_rows import insert_checks, insert_versions, store_change, update_watch
from storage.rows import require_id, stored_version
from storage.tables import Change, Version, Watch

# What a claim reads of each watch: plain rows, not ORM objects to be updated one by one.
_CLAIMED = tuple(
    col(column)
    for column in (
        Watch.id,
        Watch.url,
        Watch.final_url,
        Watch.etag,
        Watch.last_modified,
        Watch.every_seconds,
        Watch.pinned,
        Watch.created_at,
        Watch.published_at,
        Watch.last_changed_at,
        Watch.consecutive_unchanged,
        Watch.consecutive_errors,
        Watch.ignore_robots,
        Watch.allow_private,
        Watch.presence,
        Watch.page_digest,
        Watch.page_modified_at,
        Watch.last_checked_at,
        Watch.current_version_id,
    )
)


class CheckCycle(Database):
    """What one pass of checks reads and writes."""

    @cached_property
    def dictionaries(self) -> Dictionaries:
        """The site dictionaries read so far (they never change, so they are read once)."""
        return Dictionaries()

    def claim_due(
        self,
        now: datetime,
        *,
        owner: str,
        lease: timedelta,
        limit: int,
        only: Sequence[int] | None = None,
        extractor: str | None = None,
        shard: Shard = ALL_SITES,
    ) -> list[DueWatch]:
        """Claim up to `limit` due watches (or due ones among `only`) of `shard`'s sites until
        the lease expires.

        A claimed watch is invisible to other claimers until its result is recorded or the
        lease runs out, so a crashed process's work is picked up again after `lease`. Given
        the `extractor` version in use, a watch whose last version another extractor read
        comes with that version's raw page, to be read again.
        """
        with self._write() as session:
            query = (
                sql_select(*_CLAIMED)
                .where(col(Watch.next_check_at) <= now)
                .where(
                    or_(
                        col(Watch.lease_expires_at).is_(None),
                        col(Watch.lease_expires_at) <= now,
                    )
                )
                .order_by(col(Watch.next_check_at))
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            if only is None:
                query = query.where(col(Watch.state).in_(CHECKED_STATES))
            else:  # asked for by name: checked even when retired or stopped
                query = query.where(col(Watch.id).in_(only))
            if shard.count > 1:
                query = query.where((col(Watch.site_slot) % shard.count).in_(shard.slots))
            watches = list(session.execute(query))
            if watches:  # one statement, not one per row
                session.execute(
                    update(Watch)
                    .where(col(Watch.id).in_([w.id for w in watches]))
                    .values(lease_owner=owner, lease_expires_at=now + lease)
                    .execution_options(synchronize_session=False)
                )
            return _due_watches(session, watches, extractor, self.dictionaries)

    def release_leases(self, is_orphaned: Callable[[str], bool]) -> int:
        """Release the leases whose owner `is_orphaned` says is gone; returns how many.

        A restarted service calls this so the work a killed process had claimed is checked
        at once instead of after the lease runs out.
        """
        with self._write() as session:
            held = session.exec(select(Watch).where(col(Watch.lease_owner).is_not(None)))
            return release_orphaned(held, is_orphaned)

    def extend_leases(self, *, owner: str, until: datetime) -> int:
        """Move the expiry of every lease `owner` holds to `until`; returns how many it holds.

        A service calls this while its checks run, so slow ones keep their watches.
        """
        try:
            with self._write() as session:
                held = list(session.exec(_locked(col(Watch.lease_owner) == owner)))
                for watch in held:
                    watch.lease_expires_at = until
                return len(held)
        except OperationalError as exc:
            raise StorageError(f"cannot extend leases: {exc.orig}") from exc

    def record_checks(
        self,
        records: Sequence[CheckRecord],
        *,
        owner: str,
        claimed: Sequence[DueWatch] = (),
    ) -> list[int | None]:
        """Write checks' outcomes, new versions, changes and next times; release the leases.

        One transaction for the batch: each watch's result and its next check time land
        together. Given the `claimed` watches the records are for, a result is dropped when
        another process has claimed its watch since, or has recorded a check of it since (a
        process that outlived its lease). The watches' rows stay locked until the batch
        commits, so a result and a takeover's result never both land: the same state is
        never stored twice. Returns, per record, the new change's id when the check found one.
        """
        with self._write() as session:
            ids = [r.watch_id for r in records]
            watches = {w.id: w for w in session.exec(_locked(col(Watch.id).in_(ids)))}
            as_claimed = {due.id: due.last_checked_at for due in claimed}
            accepted: list[tuple[CheckRecord, Watch] | None] = []
            for record in records:
                watch = watches.get(record.watch_id)
                if watch is None or _superseded(watch, owner, as_claimed):
                    accepted.append(None)  # removed meanwhile, or a stale result
                    continue
                watch.last_checked_at = record.started_at  # a later result for it is stale
                if watch.lease_owner == owner:
                    watch.lease_owner = None
                    watch.lease_expires_at = None
                accepted.append((record, watch))
            packed = iter(
                with_site_dictionaries(
                    session, [pair[0] for pair in accepted if pair], self.dictionaries
                )
            )
            accepted = [None if pair is None else (next(packed), pair[1]) for pair in accepted]
            kept = [pair for pair in accepted if pair is not None]
            stored = iter(insert_checks(session, kept, insert_versions(session, kept)))
            change_ids: list[int | None] = []
            for pair in accepted:
                if pair is None:
                    change_ids.append(None)
                    continue
                record, watch = pair
                check_id, version_id = next(stored)
                if record.confirmed_by is not None and record.seen_version_id is not None:
                    seen = session.get(Version, record.seen_version_id)
                    if seen is not None:  # the same reading: only its label moves
                        seen.extractor = record.confirmed_by
                change_id = store_change(session, watch, record, check_id, version_id)
                if change_id is not None:  # in this transaction: no change without its alerts
                    queue_notifications(session, change_id, record.flags, record.started_at)
                update_watch(watch, record, version_id)
                if record.outcome == "first":
                    learn_final_url(session, watch, record.final_url)
                change_ids.append(change_id)
            return change_ids

    def next_due_at(self) -> datetime | None:
        """When the earliest active watch is due, for a service deciding how long to sleep."""
        with self._read() as session:
            return session.exec(
                select(func.min(Watch.next_check_at)).where(col(Watch.state).in_(CHECKED_STATES))
            ).one()


def _locked(*conditions: ColumnElement[bool]) -> SelectOfScalar[Watch]:
    """Watches matching `conditions`, locked for this transaction in id order.

    A fixed order means two processes locking overlapping sets wait for each other instead
    of deadlocking; SQLite ignores the lock (its writers are serialised anyway).
    """
    return select(Watch).where(*conditions).order_by(col(Watch.id)).with_for_update()


def _superseded(watch: Watch, owner: str, as_claimed: dict[int, datetime | None]) -> bool:
    """True when another process claimed the watch, or recorded a check of it, since its claim."""
    if watch.lease_owner is not None and watch.lease_owner != owner:
        return True
    watch_id = require_id(watch)
    return watch_id in as_claimed and watch.last_checked_at != as_claimed[watch_id]


def _due_watches(
    session: Session,
    watches: Sequence[Row[Any]],
    extractor: str | None,
    dictionaries: Dictionaries,
) -> list[DueWatch]:
    """What the checks of claimed watches need, in a few queries however many there are."""
    ids = [w.id for w in watches]
    sites = {w.id: site_of(w.final_url or w.url) for w in watches}
    by_site = dictionaries.for_sites(session, sites.values())
    current_ids = [w.current_version_id for w in watches if w.current_version_id is not None]
    # The raw page stays in the database unless a watch's page must be read again.
    page_later = defer(Version.raw_page)  # type: ignore[arg-type]  # sqlmodel types it Mapped
    query = select(Version).where(col(Version.id).in_(current_ids)).options(page_later)
    current = {v.id: v for v in session.exec(query)}
    known: dict[int, dict[str, VersionRef]] = {}
    for watch_id, fingerprint, version_id, number in session.exec(
        select(Version.watch_id, Version.fingerprint, Version.id, Version.number).where(
            col(Version.watch_id).in_(ids)
        )
    ):
        assert version_id is not None
        known.setdefault(watch_id, {})[fingerprint] = VersionRef(version_id, number)
    pairs: dict[int, set[frozenset[int]]] = {}
    for watch_id, a, b in session.exec(
        select(Change.watch_id, Change.from_version_id, Change.to_version_id)
        .where(col(Change.watch_id).in_(ids))
        .where(Change.kind == "variant")
    ):
        if b is not None:
            pairs.setdefault(watch_id, set()).add(frozenset((a, b)))
    due = []
    for w in watches:
        latest = current.get(w.current_version_id) if w.current_version_id is not None else None
        stale_page = None
        if extractor is not None and latest is not None and latest.extractor != extractor:
            stale_page = dictionaries.read(session, latest.raw_page) if latest.raw_page else None
        due.append(
            _due(
                w,
                latest,
                known=known.get(w.id, {}),
                reported_pairs=frozenset(pairs.get(w.id, ())),
                dictionary=by_site.get(sites[w.id]),
                stale_page=stale_page,
            )
        )
    return due


def _due(
    watch: Row[Any],
    latest: Version | None,
    *,
    known: dict[str, VersionRef],
    reported_pairs: frozenset[frozenset[int]],
    dictionary: PageDictionary | None,
    stale_page: str | None,
) -> DueWatch:
    return DueWatch(
        id=watch.id,
        url=watch.url,
        etag=watch.etag,
        last_modified=watch.last_modified,
        every_seconds=watch.every_seconds,
        pinned=watch.pinned,
        created_at=watch.created_at,
        published_at=watch.published_at,
        last_changed_at=watch.last_changed_at,
        consecutive_unchanged=watch.consecutive_unchanged,
        consecutive_errors=watch.consecutive_errors,
        latest=stored_version(latest) if latest is not None else None,
        ignore_robots=watch.ignore_robots,
        allow_private=watch.allow_private,
        presence=watch.presence,
        page_digest=watch.page_digest,
        page_modified=watch.page_modified_at,
        known=known,
        reported_pairs=reported_pairs,
        last_checked_at=watch.last_checked_at,
        latest_page=stale_page,
        dictionary=dictionary,
    )
