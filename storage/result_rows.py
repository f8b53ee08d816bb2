"""The rows one batch of check results writes: versions and checks in one statement each,
changes and their flags, and each watch's new state.

Versions and checks go in as plain parameters, not ORM objects: a page's version is the largest
row a check writes, and a cycle of first checks writes one per page.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col

from storage.records import ACTIVE, ERROR, RETIRED, STOPPED_STATES, CheckRecord
from storage.rows import require_id
from storage.tables import Change, Check, FlagRow, Version, Watch

# Consecutive failed checks after which `redline list` shows a watch in the error state.
ERROR_STATE_AFTER = 3


def insert_versions(
    session: Session, results: Sequence[tuple[CheckRecord, Watch]]
) -> list[int | None]:
    """Insert the results' new versions in one statement; returns, per result, its new
    version's id (None for a result without one)."""
    rows = [
        _version_row(require_id(watch), record)
        for record, watch in results
        if record.version is not None
    ]
    if not rows:
        return [None] * len(results)
    inserted = iter(
        session.execute(
            insert(Version).returning(col(Version.id), sort_by_parameter_order=True), rows
        ).scalars()
    )
    return [next(inserted) if record.version is not None else None for record, _ in results]


def _version_row(watch_id: int, record: CheckRecord) -> dict[str, Any]:
    assert record.version is not None
    article = record.version.article
    return {
        "watch_id": watch_id,
        "number": record.version.number,
        "fingerprint": record.version.fingerprint,
        "fetched_at": record.started_at,
        "url": record.version.url,
        "headline": article.headline,
        "byline": article.byline,
        "paragraphs": list(article.paragraphs),
        "published_at": article.published,
        "modified_at": article.modified,
        "raw_page": record.version.raw_page,
        "extractor": record.version.extractor,
        "language": article.language,
    }


def insert_checks(
    session: Session,
    results: Sequence[tuple[CheckRecord, Watch]],
    version_ids: Sequence[int | None],
) -> list[tuple[int, int | None]]:
    """Insert the results' check rows in one statement; returns, per result, (check id,
    version id), the version being the one it stored or the one the page showed again."""
    if not results:
        return []
    pairs = zip(results, version_ids, strict=True)
    shown = [record.seen_version_id if stored is None else stored for (record, _), stored in pairs]
    rows = [
        {
            "watch_id": record.watch_id,
            "started_at": record.started_at,
            "duration": record.duration,
            "status": record.status,
            "size": record.size,
            "outcome": record.outcome,
            "error": record.error,
            "final_url": record.final_url,
            "version_id": version_id,
        }
        for (record, _), version_id in zip(results, shown, strict=True)
    ]
    inserted = session.execute(
        insert(Check).returning(col(Check.id), sort_by_parameter_order=True), rows
    )
    return list(zip(inserted.scalars(), shown, strict=True))


def store_change(
    session: Session, watch: Watch, record: CheckRecord, check_id: int, version_id: int | None
) -> int | None:
    """Insert the change the check found (an edit or an event), from the version readers saw."""
    if record.diff is None and record.event is None:
        return None
    if watch.current_version_id is None:  # nothing to change from: the first version
        return None
    change = Change(
        watch_id=require_id(watch),
        check_id=check_id,
        kind=record.event.kind if record.event is not None else "edit",
        from_version_id=watch.current_version_id,
        to_version_id=version_id,
        detected_at=record.started_at,
        diff=record.diff or {},
        flag_count=len(record.flags),
        event=record.event.data if record.event is not None else None,
    )
    session.add(change)
    session.flush()
    assert change.id is not None
    for position, flag in enumerate(record.flags):
        session.add(
            FlagRow(change_id=change.id, position=position, kind=str(flag["kind"]), data=flag)
        )
    return change.id


def update_watch(watch: Watch, record: CheckRecord, version_id: int | None) -> None:
    failed = record.error is not None
    watch.last_checked_at = record.started_at
    watch.last_outcome = record.outcome
    watch.last_error = record.error
    watch.next_check_at = record.next_check_at
    watch.consecutive_unchanged = record.unchanged_streak
    watch.consecutive_errors = watch.consecutive_errors + 1 if failed else 0
    if watch.state not in STOPPED_STATES:  # a pause or archive outlasts a check under way
        if failed and watch.consecutive_errors >= ERROR_STATE_AFTER:
            watch.state = ERROR
        elif not failed:
            watch.state = RETIRED if record.retire else ACTIVE
    if failed:
        return
    if record.etag is not None or record.last_modified is not None or record.status == 200:
        watch.etag = record.etag
        watch.last_modified = record.last_modified
    if record.published_at is not None:
        watch.published_at = record.published_at
    if record.page_modified is not None:
        watch.page_modified_at = record.page_modified
    if watch.first_seen_at is None:
        watch.first_seen_at = record.started_at
    if record.presence is not None:
        if record.presence != watch.presence:
            watch.presence_since = record.started_at
        watch.presence = record.presence
        watch.page_digest = record.page_digest
    if version_id is not None:
        watch.current_version_id = version_id
    if record.diff is not None or record.event is not None:
        watch.last_changed_at = record.started_at
