"""Change lists a page at a time: the filters of `redline changes` and the web view, neighbours.

Each list is built in a fixed number of queries however long the page is (changes with their
watches, then the versions and flag kinds they name), so a page of fifty stays fast on a
database of a hundred thousand changes.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, String, and_, cast, func, or_
from sqlmodel import Session, col, select

from storage.records import ChangeInfo
from storage.tables import Change, FlagRow, Version, Watch

SPARSE_KIND = 2_000  # fewer flags of the asked kinds than this are looked up directly


@dataclass(frozen=True)
class ChangeFilter:
    """Which changes a list shows, newest first, and where its page starts."""

    tag: str | None = None
    source_id: int | None = None  # the followed source that found the article
    watch_id: int | None = None
    watch_ids: tuple[int, ...] | None = None  # only these watches (None: any)
    kinds: tuple[str, ...] = ()  # flag kinds (figure_changed, ...) or change kinds (removed, ...)
    flagged: bool = False
    since: datetime | None = None
    until: datetime | None = None
    before: int | None = None  # a change id: the page starts with the change listed after it
    limit: int = 50


@dataclass(frozen=True)
class Neighbours:
    """The previous and next change of the same article, by time, for links between them."""

    previous: int | None
    next: int | None


def list_changes(session: Session, wanted: ChangeFilter) -> list[ChangeInfo]:
    """One page of changes, newest first; ask for `limit + 1` to learn if more follow."""
    query = (
        select(Change, Watch)
        .join(Watch, col(Watch.id) == Change.watch_id)
        .where(*_conditions(session, wanted))
        .order_by(col(Change.detected_at).desc(), col(Change.id).desc())
        .limit(wanted.limit)
    )
    return change_infos(session, session.exec(query).all())


def neighbours(session: Session, change_id: int) -> Neighbours:
    """The changes of the same article just before and just after `change_id`."""
    change = session.get(Change, change_id)
    if change is None:
        return Neighbours(None, None)
    same = Change.watch_id == change.watch_id
    previous = session.exec(
        select(Change.id)
        .where(same, _older(change.detected_at, change_id))
        .order_by(col(Change.detected_at).desc(), col(Change.id).desc())
    ).first()
    following = session.exec(
        select(Change.id)
        .where(same, _newer(change.detected_at, change_id))
        .order_by(col(Change.detected_at), col(Change.id))
    ).first()
    return Neighbours(previous, following)


def watch_page(session: Session, tag: str | None, offset: int, limit: int) -> tuple[list[int], int]:
    """The ids of one page of watches (oldest first, those with `tag` if given), and how many
    there are in all."""
    condition = [tag_condition(tag)] if tag else []
    ids = session.exec(
        select(Watch.id).where(*condition).order_by(col(Watch.id)).offset(offset).limit(limit)
    ).all()
    total = session.exec(select(func.count()).select_from(Watch).where(*condition)).one()
    return [i for i in ids if i is not None], total


def change_infos(session: Session, rows: Sequence[tuple[Change, Watch]]) -> list[ChangeInfo]:
    """`ChangeInfo` records for rows of changes and their watches, in three queries."""
    version_ids = {c.from_version_id for c, _ in rows} | {
        c.to_version_id for c, _ in rows if c.to_version_id is not None
    }
    versions = {
        version_id: (number, headline)
        for version_id, number, headline in session.exec(
            select(Version.id, Version.number, Version.headline).where(
                col(Version.id).in_(version_ids)
            )
        )
    }
    kinds: dict[int, list[str]] = {}
    for change_id, kind in session.exec(
        select(FlagRow.change_id, FlagRow.kind)
        .where(col(FlagRow.change_id).in_([c.id for c, _ in rows]))
        .order_by(col(FlagRow.change_id), col(FlagRow.position))
    ):
        kinds.setdefault(change_id, []).append(kind)
    infos = []
    for change, watch in rows:
        assert change.id is not None
        old_number, old_headline = versions[change.from_version_id]
        new = versions.get(change.to_version_id) if change.to_version_id is not None else None
        infos.append(
            ChangeInfo(
                id=change.id,
                watch_id=change.watch_id,
                url=watch.display_url,
                label=watch.label,
                headline=new[1] if new is not None else old_headline,
                detected_at=change.detected_at,
                from_version=old_number,
                to_version=new[0] if new is not None else None,
                flag_count=change.flag_count,
                kinds=tuple(dict.fromkeys(kinds.get(change.id, ()))),
                kind=change.kind,
                event=change.event,
            )
        )
    return infos


def tag_condition(tag: str) -> ColumnElement[bool]:
    """Watches with `tag`: a match on the stored JSON list, the same on SQLite and PostgreSQL.

    Tags are stored as a JSON array of strings; the tag's own JSON encoding (quotes included)
    can only match a whole element, never part of another tag.
    """
    encoded = json.dumps(tag)
    pattern = "%" + encoded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return cast(Watch.tags, String).like(pattern, escape="\\")


def _conditions(session: Session, wanted: ChangeFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if wanted.tag:
        conditions.append(tag_condition(wanted.tag))
    if wanted.source_id is not None:
        conditions.append(col(Watch.source_id) == wanted.source_id)
    if wanted.watch_id is not None:
        conditions.append(col(Change.watch_id) == wanted.watch_id)
    if wanted.watch_ids is not None:
        conditions.append(col(Change.watch_id).in_(wanted.watch_ids))
    if wanted.flagged:
        conditions.append(col(Change.flag_count) > 0)
    if wanted.kinds:
        conditions.append(_of_kind(session, wanted.kinds))
    if wanted.since is not None:
        conditions.append(col(Change.detected_at) >= wanted.since)
    if wanted.until is not None:
        conditions.append(col(Change.detected_at) < wanted.until)
    if wanted.before is not None:
        start = session.get(Change, wanted.before)
        if start is not None:
            conditions.append(_older(start.detected_at, wanted.before))
    return conditions


def _of_kind(session: Session, kinds: tuple[str, ...]) -> ColumnElement[bool]:
    """Changes with a flag of one of `kinds`, or that are such an event.

    A kind with many flags is probed per change, newest first, through the (change_id, kind)
    index: a page stops after a few hundred changes. A rare kind is looked up the other way,
    from its few flags, instead of probing every change for none.
    """
    flags = select(FlagRow.change_id).where(col(FlagRow.kind).in_(kinds))
    counted = select(func.count()).select_from(flags.limit(SPARSE_KIND).subquery())
    if session.exec(counted).one() < SPARSE_KIND:
        flagged_so: ColumnElement[bool] = col(Change.id).in_(flags)
    else:
        flagged_so = flags.where(col(FlagRow.change_id) == Change.id).exists()
    return or_(flagged_so, col(Change.kind).in_(kinds))


def _older(detected_at: datetime, change_id: int) -> ColumnElement[bool]:
    """Listed after the change (`detected_at`, `change_id`) in newest-first order."""
    return or_(
        col(Change.detected_at) < detected_at,
        and_(col(Change.detected_at) == detected_at, col(Change.id) < change_id),
    )


def _newer(detected_at: datetime, change_id: int) -> ColumnElement[bool]:
    return or_(
        col(Change.detected_at) > detected_at,
        and_(col(Change.detected_at) == detected_at, col(Change.id) > change_id),
    )
