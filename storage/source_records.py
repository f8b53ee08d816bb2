"""Plain records of followed sources that cross the storage boundary."""

from dataclasses import dataclass
from datetime import datetime

from monitor.watching.listings import Item, Kind

# Defaults of the per-source caps: enough for a busy section, small enough that a sitemap of
# ten years of archives cannot flood the watch list.
DEFAULT_MAX_PER_DAY = 200
DEFAULT_MAX_ACTIVE = 1000


@dataclass(frozen=True)
class SourceSpec:
    """What a user asks to follow (from `redline follow` or a [[source]] table)."""

    url: str  # canonical
    display_url: str
    label: str | None = None
    tags: tuple[str, ...] = ()
    kind: Kind | None = None  # None: detected from the first response
    match: str | None = None  # regular expressions over an article's URL and title
    exclude: str | None = None
    every_seconds: int | None = None  # poll interval; None: the default
    max_per_day: int = DEFAULT_MAX_PER_DAY
    max_active: int = DEFAULT_MAX_ACTIVE


@dataclass(frozen=True)
class SourceInfo:
    """A source as `redline sources` shows it."""

    id: int
    url: str
    display_url: str
    label: str | None
    title: str | None  # the feed's or page's own title
    tags: tuple[str, ...]
    kind: Kind | None
    match: str | None
    exclude: str | None
    every_seconds: int | None
    max_per_day: int
    max_active: int
    created_at: datetime
    last_polled_at: datetime | None
    next_poll_at: datetime
    last_outcome: str | None
    last_error: str | None
    notice: str | None  # a cap that stopped additions, or XML read despite errors
    listed: int  # articles the last read listed (after --match/--exclude)
    articles: int  # watches this source added that are still in the database
    active: int  # ... of which not retired
    added_last_day: int


@dataclass(frozen=True)
class DueSource:
    """A claimed source: everything a poll needs."""

    id: int
    url: str
    label: str | None
    tags: tuple[str, ...]
    kind: Kind | None
    match: str | None
    exclude: str | None
    every_seconds: int | None
    etag: str | None
    last_modified: str | None
    consecutive_errors: int


@dataclass(frozen=True)
class PollRecord:
    """The result of one poll, written with the watches it adds in one transaction."""

    source_id: int
    started_at: datetime
    duration: float
    outcome: str  # listed | not_modified | an error kind (http_error, wrong_kind, bad_xml ...)
    next_poll_at: datetime
    status: int | None = None
    error: str | None = None
    notice: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    kind: Kind | None = None
    title: str | None = None
    items: tuple[Item, ...] = ()
    watch_tags: tuple[str, ...] = ()  # what every article the source finds is tagged with
    add_after: datetime | None = None  # items dated before this are too old to start watching


@dataclass(frozen=True)
class PollResult:
    """What recording a poll did to the watch list."""

    added: tuple[str, ...] = ()  # URLs of the new watches
    hinted: int = 0  # known articles made due because the source says they were updated
    capped: str | None = None  # why some new articles were not added
