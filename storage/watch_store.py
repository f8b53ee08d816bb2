"""The watch list: adding, updating, removing, listing and pinning watches."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from monitor.errors import UsageError
from storage.aliases import watches_by_any_url
from storage.dictionaries import site_slot
from storage.engine import Database
from storage.records import CHECKED_STATES, Upserted, WatchInfo, WatchSpec
from storage.rows import find_watch_row, require_id, watch_info
from storage.tables import Change, Version, Watch
from storage.watch_lifecycle import pin_row

# The columns of a watch that `watch_info` reads.
LISTED_COLUMNS = (
    "id",
    "url",
    "display_url",
    "label",
    "tags",
    "state",
    "every_seconds",
    "created_at",
    "last_checked_at",
    "next_check_at",
    "last_outcome",
    "last_error",
    "pinned",
    "ignore_robots",
    "presence",
    "presence_since",
    "source_id",
)


class WatchStore(Database):
    """Reads and writes of the watch list."""

    def add_watch(self, spec: WatchSpec, now: datetime) -> int:
        """Add a watch, due at once; a URL already watched is a UsageError."""
        try:
            with self._write() as session:
                known = watches_by_any_url(session, [spec.url]).get(spec.url)
                if known is not None:
                    raise UsageError(f"already watching {spec.display_url} as #{known.id}")
                watch = _new_watch(spec, now)
                session.add(watch)
                session.flush()
                assert watch.id is not None
                return watch.id
        except IntegrityError as exc:
            raise UsageError(f"already watching {spec.display_url}") from exc

    def upsert_watches(
        self, specs: Sequence[WatchSpec], now: datetime, *, replace: bool = False
    ) -> list[Upserted]:
        """Add watches, or update the settings each spec gives, in one transaction (a failure
        half-way writes none); says, per spec, what it did and which settings changed.

        By default tags are added (tags set by `add`, `edit` or a source stay, so notification
        rules that match them keep working) and settings a spec leaves out are kept.
        `replace` makes each spec the whole truth: its tags only, and defaults for the rest.
        """
        with self._write() as session:
            return [_upsert(session, spec, now, replace) for spec in specs]

    def list_watches(self, ids: Sequence[int] | None = None) -> list[WatchInfo]:
        """Every watch (or those with `ids`) with its version and change counts and current
        headline, oldest first."""
        with self._read() as session:
            versions = select(Version.watch_id, func.count()).group_by(col(Version.watch_id))
            changes = select(Change.watch_id, func.count()).group_by(col(Change.watch_id))
            current = select(Watch.id, Version.language, Version.headline).join(
                Version, col(Version.id) == col(Watch.current_version_id)
            )
            table = Watch.__table__  # type: ignore[attr-defined]
            # Plain rows, not ORM objects: building 10,000 of those took most of `list`'s time;
            # and only the columns shown, each datetime read is a string parsed.
            watches = sql_select(*(table.c[name] for name in LISTED_COLUMNS)).order_by(table.c.id)
            if ids is not None:
                versions = versions.where(col(Version.watch_id).in_(ids))
                changes = changes.where(col(Change.watch_id).in_(ids))
                current = current.where(col(Watch.id).in_(ids))
                watches = watches.where(table.c.id.in_(ids))
            counted = dict(session.exec(versions).all()), dict(session.exec(changes).all())
            languages, headlines = {}, {}
            for watch_id, language, headline in session.exec(current):
                languages[watch_id], headlines[watch_id] = language, headline
            return [
                watch_info(
                    row,
                    counted[0].get(row.id, 0),
                    counted[1].get(row.id, 0),
                    language=languages.get(row.id) or "",
                    headline=headlines.get(row.id),
                )
                for row in session.connection().execute(watches)
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
            pin_row(watch, pinned, now)
            return watch_info(watch, 0, 0)

    def count_due(self, now: datetime) -> int:
        """How many active watches are due at `now`: the size of the next cycle."""
        with self._read() as session:
            return session.exec(
                select(func.count())
                .select_from(Watch)
                .where(col(Watch.state).in_(CHECKED_STATES))
                .where(Watch.next_check_at <= now)
            ).one()

    def make_due(self, watch_ids: Sequence[int] | None, now: datetime) -> None:
        """Schedule watches for an immediate check: those of `watch_ids` (`redline check URL`),
        or, given None, every active one (`redline check --all`)."""
        chosen = (
            col(Watch.id).in_(watch_ids)
            if watch_ids is not None
            else col(Watch.state).in_(CHECKED_STATES)
        )
        with self._write() as session:
            session.execute(sql_update(Watch).where(chosen).values(next_check_at=now))


def _upsert(session: Session, spec: WatchSpec, now: datetime, replace: bool) -> Upserted:
    watch = session.exec(select(Watch).where(Watch.url == spec.url)).first()
    if watch is None:
        session.add(_new_watch(spec, now))
        session.flush()  # the same URL twice in one list updates the first
        return Upserted("added")
    before = _settings(watch)
    if replace or "label" in spec.given:
        watch.label = spec.label
    watch.tags = list(spec.tags if replace else dict.fromkeys([*watch.tags, *spec.tags]))
    if replace or "every" in spec.given:
        watch.every_seconds = spec.every_seconds
    if replace or "ignore_robots" in spec.given:
        watch.ignore_robots = spec.ignore_robots
    if replace or "allow_private" in spec.given:
        watch.allow_private = spec.allow_private
    if (replace or "pin" in spec.given) and spec.pinned != watch.pinned:
        pin_row(watch, spec.pinned, now)
    after = _settings(watch)
    changed = tuple(key for key in before if before[key] != after[key])
    return Upserted("updated" if changed else "unchanged", changed)


def _settings(watch: Watch) -> dict[str, object]:
    """The settings an import may change, by the names a watch list file uses."""
    return {
        "label": watch.label,
        "tags": list(watch.tags),
        "every": watch.every_seconds,
        "pin": watch.pinned,
        "ignore_robots": watch.ignore_robots,
        "allow_private": watch.allow_private,
    }


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
        site_slot=site_slot(spec.url),
        created_at=now,
        next_check_at=now,
    )
