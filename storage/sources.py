"""Followed sources (feeds, sitemaps, section pages): their table and every read and write.

Recording a poll is one transaction: the new watches, the early checks the source hints at
and the source's next poll time land together, and the caps are counted inside it, so two
services polling different sources never overshoot a cap between a count and an insert.
"""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Column, Engine, case, func, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import JSON
from sqlmodel import Field, Session, SQLModel, col, select

from monitor.errors import NotFound, UsageError
from monitor.watching.listings import Item, Kind
from storage.aliases import watches_by_any_url
from storage.dictionaries import site_slot
from storage.engine import reading, writing
from storage.leases import release_orphaned
from storage.records import CHECKED_STATES
from storage.source_records import (
    DueSource,
    PollRecord,
    PollResult,
    SourceInfo,
    SourceSpec,
)
from storage.tables import Watch

_DAY = timedelta(days=1)
_IN_CHUNK = 500  # URLs per IN (...) query; SQLite builds before 3.32 allow 999 parameters


class Source(SQLModel, table=True):
    """A feed, sitemap or section page whose new articles become watches."""

    __tablename__ = "source"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True, index=True)  # canonical
    display_url: str
    label: str | None = None
    title: str | None = None  # from the feed or page itself
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    kind: str | None = None  # feed | sitemap | page; None until the first response says
    match: str | None = None
    exclude: str | None = None
    every_seconds: int | None = None
    allow_private: bool = False  # see monitor.fetching.addresses
    max_per_day: int
    max_active: int
    created_at: datetime
    last_polled_at: datetime | None = None
    next_poll_at: datetime = Field(index=True)
    last_outcome: str | None = None
    last_error: str | None = None
    notice: str | None = None
    listed: int = 0  # articles the last read listed (after --match/--exclude)
    consecutive_errors: int = 0
    etag: str | None = None
    last_modified: str | None = None
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None


class SourceStore:
    """The sources part of the database; reach it as `Store.sources`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def follow(self, spec: SourceSpec, now: datetime) -> int:
        """Add a source, due at once; a URL already followed is a UsageError."""
        try:
            with writing(self.engine) as session:
                source = _new_source(spec, now)
                session.add(source)
                session.flush()
                return _require_id(source)
        except IntegrityError as exc:
            raise UsageError(f"already following {spec.display_url}") from exc

    def upsert(self, spec: SourceSpec, now: datetime) -> str:
        """Follow a source or set its settings to `spec`: added, updated or unchanged."""
        with writing(self.engine) as session:
            source = session.exec(select(Source).where(Source.url == spec.url)).first()
            if source is None:
                session.add(_new_source(spec, now))
                return "added"
            before = source.model_dump()
            _apply(source, spec)
            return "unchanged" if source.model_dump() == before else "updated"

    def unfollow(self, url_or_id: str) -> tuple[str, int]:
        """Stop following; the articles it found stay watched. Returns its URL and their count."""
        with writing(self.engine) as session:
            source = _find(session, url_or_id)
            found = session.exec(select(Watch).where(Watch.source_id == source.id)).all()
            for watch in found:
                watch.source_id = None
            session.flush()
            session.delete(source)
            return source.display_url, len(found)

    def list_sources(self, now: datetime) -> list[SourceInfo]:
        """Every source with the number of articles it found, oldest first."""
        with reading(self.engine) as session:
            counts = _article_counts(session, now)
            return [
                _info(source, *counts.get(_require_id(source), (0, 0, 0)))
                for source in session.exec(select(Source).order_by(col(Source.id)))
            ]

    # -- the poll cycle --------------------------------------------------------------------

    def claim_due(
        self, now: datetime, *, owner: str, lease: timedelta, limit: int
    ) -> list[DueSource]:
        """Claim up to `limit` due sources until the lease expires (as `Store.claim_due`)."""
        with writing(self.engine) as session:
            query = (
                select(Source)
                .where(Source.next_poll_at <= now)
                .where(
                    or_(
                        col(Source.lease_expires_at).is_(None),
                        col(Source.lease_expires_at) <= now,
                    )
                )
                .order_by(col(Source.next_poll_at))
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            claimed = list(session.exec(query))
            for source in claimed:
                source.lease_owner = owner
                source.lease_expires_at = now + lease
            return [_due(source) for source in claimed]

    def release_leases(self, is_orphaned: Callable[[str], bool]) -> int:
        """Release the claims of owners `is_orphaned` says are gone; returns how many."""
        with writing(self.engine) as session:
            held = session.exec(select(Source).where(col(Source.lease_owner).is_not(None)))
            return release_orphaned(held, is_orphaned)

    def record_poll(self, record: PollRecord, *, owner: str) -> PollResult:
        """Write a poll: add its new articles as watches within the caps, make the known ones
        it says were updated due now, and set the source's next poll; one transaction."""
        with writing(self.engine) as session:
            source = session.get(Source, record.source_id)
            if source is None:  # unfollowed while it was being polled
                return PollResult()
            result = _admit(session, source, record) if record.items else PollResult()
            _update_source(source, record, result)
            if source.lease_owner == owner:
                source.lease_owner = source.lease_expires_at = None
            return result


def _new_source(spec: SourceSpec, now: datetime) -> Source:
    source = Source(
        url=spec.url,
        display_url=spec.display_url,
        max_per_day=spec.max_per_day,
        max_active=spec.max_active,
        created_at=now,
        next_poll_at=now,
    )
    _apply(source, spec)
    return source


def _apply(source: Source, spec: SourceSpec) -> None:
    source.display_url = spec.display_url
    source.label = spec.label
    source.tags = list(spec.tags)
    if spec.kind is not None or source.kind is None:
        source.kind = spec.kind
    source.match = spec.match
    source.exclude = spec.exclude
    source.every_seconds = spec.every_seconds
    source.max_per_day = spec.max_per_day
    source.max_active = spec.max_active
    source.allow_private = spec.allow_private


def _find(session: Session, url_or_id: str) -> Source:
    if url_or_id.isdigit():
        source = session.get(Source, int(url_or_id))
    else:
        source = session.exec(select(Source).where(Source.url == url_or_id)).first()
    if source is None:
        raise NotFound(f"not following {url_or_id}; see `redline sources`")
    return source


def _require_id(source: Source) -> int:
    assert source.id is not None
    return source.id


def _article_counts(session: Session, now: datetime) -> dict[int, tuple[int, int, int]]:
    """Per source: watches it found, how many are still checked, how many in the last day."""
    rows = session.exec(
        select(
            Watch.source_id,
            func.count(),
            func.sum(case((col(Watch.state).in_(CHECKED_STATES), 1), else_=0)),
            func.sum(case((col(Watch.created_at) > now - _DAY, 1), else_=0)),
        )
        .where(col(Watch.source_id).is_not(None))
        .group_by(col(Watch.source_id))
    ).all()
    return {
        source_id: (total, live, recent)
        for source_id, total, live, recent in rows
        if source_id is not None
    }


def _info(source: Source, articles: int, active: int, added_last_day: int) -> SourceInfo:
    return SourceInfo(
        id=_require_id(source),
        url=source.url,
        display_url=source.display_url,
        label=source.label,
        title=source.title,
        tags=tuple(source.tags),
        kind=cast(Kind | None, source.kind),
        match=source.match,
        exclude=source.exclude,
        every_seconds=source.every_seconds,
        max_per_day=source.max_per_day,
        max_active=source.max_active,
        created_at=source.created_at,
        last_polled_at=source.last_polled_at,
        next_poll_at=source.next_poll_at,
        last_outcome=source.last_outcome,
        last_error=source.last_error,
        notice=source.notice,
        listed=source.listed,
        articles=articles,
        active=active,
        added_last_day=added_last_day,
    )


def _due(source: Source) -> DueSource:
    return DueSource(
        id=_require_id(source),
        url=source.url,
        label=source.label,
        tags=tuple(source.tags),
        kind=cast(Kind | None, source.kind),
        match=source.match,
        exclude=source.exclude,
        every_seconds=source.every_seconds,
        etag=source.etag,
        last_modified=source.last_modified,
        consecutive_errors=source.consecutive_errors,
        allow_private=source.allow_private,
    )


def _watches_by_url(session: Session, urls: Sequence[str]) -> dict[str, Watch]:
    found: dict[str, Watch] = {}
    for start in range(0, len(urls), _IN_CHUNK):
        found |= watches_by_any_url(session, urls[start : start + _IN_CHUNK])
    return found


def _admit(session: Session, source: Source, record: PollRecord) -> PollResult:
    """Hint at the known articles, then add the new ones, newest first, up to the caps."""
    now = record.started_at
    # An item last dated before `add_after` is neither added nor a hint (its update predates
    # any check of a watch that has not retired), so a sitemap of ten years costs no lookups.
    recent = [
        item
        for item in record.items
        if record.add_after is None or item.latest is None or item.latest >= record.add_after
    ]
    known = _watches_by_url(session, [item.url for item in recent])
    hinted = sum(_hint(known[item.url], item, record) for item in recent if item.url in known)
    fresh = [item for item in recent if item.url not in known]
    # Undated items (section pages) are what the source shows now: treat them as newest.
    fresh.sort(key=lambda item: item.latest or now, reverse=True)
    source_id = _require_id(source)
    mine = select(func.count()).select_from(Watch).where(Watch.source_id == source_id)
    added_last_day = session.exec(mine.where(Watch.created_at > now - _DAY)).one()
    active = session.exec(mine.where(col(Watch.state).in_(CHECKED_STATES))).one()
    room_day = max(source.max_per_day - added_last_day, 0)
    room_active = max(source.max_active - active, 0)
    admitted, skipped = fresh[: min(room_day, room_active)], fresh[min(room_day, room_active) :]
    for item in admitted:
        session.add(_new_watch(item, source, record))
    capped = None
    if skipped and room_active < room_day:
        capped = (
            f"active cap reached: {active + len(admitted)} of max {source.max_active} "
            f"articles from this source are watched; {len(skipped)} new not added "
            "until older ones retire"
        )
    elif skipped:
        capped = (
            f"daily cap reached: {added_last_day + len(admitted)} articles added in 24 h "
            f"(max {source.max_per_day}); {len(skipped)} new not added yet"
        )
    return PollResult(tuple(item.url for item in admitted), hinted, capped)


def _hint(watch: Watch, item: Item, record: PollRecord) -> bool:
    """Tag a known article with the source; make it due if the source says it was updated."""
    missing = [tag for tag in record.watch_tags if tag not in watch.tags]
    if missing:
        watch.tags = [*watch.tags, *missing]
    updated = (
        item.updated is not None
        and watch.state in CHECKED_STATES
        and watch.last_checked_at is not None
        and item.updated > watch.last_checked_at
        and watch.next_check_at > record.started_at
    )
    if updated:
        watch.next_check_at = record.started_at
    return updated


def _new_watch(item: Item, source: Source, record: PollRecord) -> Watch:
    # First sighting is the watch's birth; the source's publication date, when it gives one,
    # drives the cadence until the page's own metadata replaces it at the first check.
    return Watch(
        url=item.url,
        display_url=item.url,
        tags=list(record.watch_tags),
        created_at=record.started_at,
        published_at=item.published,
        next_check_at=record.started_at,
        source_id=source.id,
        allow_private=source.allow_private,  # a source allowed to lead there, its links too
        site_slot=site_slot(item.url),
    )


def _update_source(source: Source, record: PollRecord, result: PollResult) -> None:
    source.last_polled_at = record.started_at
    source.last_outcome = record.outcome
    source.last_error = record.error
    source.next_poll_at = record.next_poll_at
    if record.error is not None:
        source.consecutive_errors += 1
        return
    source.consecutive_errors = 0
    if record.outcome == "not_modified":
        return  # nothing was read, so the last notice still stands
    source.etag, source.last_modified = record.etag, record.last_modified
    if result.capped is not None:
        # Forget the validators: the articles left out must be seen again once there is room.
        source.etag = source.last_modified = None
    source.kind = source.kind or record.kind
    source.title = record.title or source.title
    source.listed = len(record.items)
    source.notice = "; ".join(n for n in (record.notice, result.capped) if n) or None
