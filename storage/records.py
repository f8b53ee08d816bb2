"""Plain records that cross the storage boundary; SQLModel tables never leave `storage/`."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from monitor.article import Article


@dataclass(frozen=True)
class WatchSpec:
    """What a user asks to watch (from the CLI or a watch list file)."""

    url: str  # canonical
    display_url: str
    label: str | None = None
    tags: tuple[str, ...] = ()
    every_seconds: int | None = None


@dataclass(frozen=True)
class WatchInfo:
    """A watch as `redline list` shows it."""

    id: int
    url: str
    display_url: str
    label: str | None
    tags: tuple[str, ...]
    state: str
    every_seconds: int | None
    created_at: datetime
    last_checked_at: datetime | None
    next_check_at: datetime
    last_outcome: str | None
    last_error: str | None
    versions: int
    changes: int


@dataclass(frozen=True)
class StoredVersion:
    """A stored version with its article, as review commands and the checker need it."""

    id: int
    watch_id: int
    number: int
    fingerprint: str
    fetched_at: datetime
    url: str
    article: Article


@dataclass(frozen=True)
class DueWatch:
    """A claimed watch: everything a check needs, read in the claiming transaction."""

    id: int
    url: str
    etag: str | None
    last_modified: str | None
    every_seconds: int | None
    pinned: bool
    created_at: datetime
    published_at: datetime | None
    last_changed_at: datetime | None
    consecutive_unchanged: int
    consecutive_errors: int
    latest: StoredVersion | None


@dataclass(frozen=True)
class NewVersion:
    """A version to store: the extracted article and the page it came from."""

    article: Article
    url: str
    raw_page: str


@dataclass(frozen=True)
class CheckRecord:
    """The result of one check, written with the next check time in one transaction."""

    watch_id: int
    started_at: datetime
    duration: float
    outcome: str
    next_check_at: datetime
    status: int | None = None
    size: int = 0
    error: str | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    published_at: datetime | None = None
    version: NewVersion | None = None
    diff: dict[str, Any] | None = None  # against the previous version, when there is one
    flags: tuple[dict[str, Any], ...] = ()
    retire: bool = False  # the article aged out: stop checking it


@dataclass(frozen=True)
class ChangeInfo:
    """A change as the `redline changes` list shows it."""

    id: int
    watch_id: int
    url: str
    label: str | None
    headline: str
    detected_at: datetime
    from_number: int
    to_number: int
    flag_count: int
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class ChangeDetail:
    """A change with both versions, its diff and its flags, for `redline show`."""

    info: ChangeInfo
    old: StoredVersion
    new: StoredVersion
    diff: dict[str, Any]
    flags: tuple[dict[str, Any], ...] = field(default=())


@dataclass(frozen=True)
class RuleSpec:
    """A notification rule to add: one watch (by id) or a tag ("*" for every watch)."""

    channel: str  # webhook | apprise
    target: str
    watch_id: int | None = None
    tag: str | None = None
    secret: str | None = None
    flagged_only: bool = False


@dataclass(frozen=True)
class RuleInfo:
    """A rule as `redline notify list` shows it, with how its deliveries went."""

    id: int
    watch_id: int | None
    watch_url: str | None
    tag: str | None
    channel: str
    target: str
    flagged_only: bool
    created_at: datetime
    sent: int
    pending: int
    failed: int
    last_error: str | None


@dataclass(frozen=True)
class DueDelivery:
    """A claimed delivery with everything needed to send it."""

    id: int
    key: str
    channel: str
    target: str
    secret: str | None
    event: dict[str, Any]
    attempts: int
