"""Plain records that cross the storage boundary; SQLModel tables never leave `storage/`."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from monitor.article import Article
from monitor.watching.events import LIVE, ArticleEvent
from storage.pages import PageDictionary

# A watch's state (Watch.state): the service checks the first two; a user stops the last two.
ACTIVE, ERROR, RETIRED, PAUSED, ARCHIVED = "active", "error", "retired", "paused", "archived"
CHECKED_STATES = (ACTIVE, ERROR)
STOPPED_STATES = (PAUSED, ARCHIVED)


@dataclass(frozen=True)
class WatchSpec:
    """What a user asks to watch (from the CLI or a watch list file)."""

    url: str  # canonical
    display_url: str
    label: str | None = None
    tags: tuple[str, ...] = ()
    every_seconds: int | None = None
    pinned: bool = False  # never retire by age
    ignore_robots: bool = False  # the user has the site's permission or a reason of their own
    allow_private: bool = False  # redirects may lead to private addresses (fetching.addresses)
    # The settings the user wrote (a watch list entry may leave some out); an import keeps a
    # watch's other settings as they are.
    given: frozenset[str] = frozenset({"label", "every", "pin", "ignore_robots", "allow_private"})


@dataclass(frozen=True)
class Upserted:
    """What importing one entry did: added, updated (which settings) or left unchanged."""

    outcome: str  # added | updated | unchanged
    changed: tuple[str, ...] = ()  # label, tags, every, pin, ignore_robots, allow_private


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
    pinned: bool = False
    ignore_robots: bool = False
    presence: str = LIVE  # see monitor.watching.events
    presence_since: datetime | None = None
    language: str = ""  # the current version's language code; "" before the first version
    headline: str | None = None  # of the version readers saw last; None before the first check
    source_id: int | None = None  # the followed source that found it


@dataclass(frozen=True)
class WatchEdit:
    """What `redline edit` changes; None (and empty) fields stay as they are."""

    label: str | None = None  # "" removes the label: the article's headline is shown
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    every_seconds: int | None = None  # 0: back to the cadence by age
    pinned: bool | None = None


@dataclass(frozen=True)
class Purged:
    """What `redline remove --purge` deleted, so it can say so."""

    display_url: str
    versions: int
    changes: int
    checks: int
    rules: int
    source_id: int | None  # the source that found it, which may list it again


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
    extractor: str | None = None  # the extractor version that read it; None: before versions


@dataclass(frozen=True)
class VersionRef:
    """A stored version by id and by the number users see."""

    id: int
    number: int


@dataclass(frozen=True)
class Shard:
    """One of `count` processes sharing the checks: it claims the watches whose site slot is
    `index` modulo `count` (storage.dictionaries.site_slot), so no site is fetched by two;
    and those of the shards it took over from processes that stopped."""

    index: int = 0
    count: int = 1
    taken_over: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if not all(0 <= i < self.count for i in self.slots):
            raise ValueError(f"shard {sorted(self.slots)} of {self.count} does not exist")

    @property
    def slots(self) -> frozenset[int]:
        """The remainders of site slots (modulo `count`) this process claims."""
        return self.taken_over | {self.index}

    def taking_over(self, other: "Shard") -> "Shard":
        """This shard, also claiming the sites of `other` (whose process stopped)."""
        return replace(self, taken_over=self.taken_over | other.slots)


ALL_SITES = Shard()  # the one process of a cycle nobody shares


@dataclass(frozen=True)
class DueWatch:
    """A claimed watch: everything a check needs, read in the claiming transaction.

    `latest` is the version readers saw last (after a flip-flop, an older one); `known` maps
    the fingerprint of every stored version to it; `reported_pairs` holds the pairs of version
    ids whose alternation was already reported as a variant.
    """

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
    ignore_robots: bool = False
    allow_private: bool = False
    presence: str = LIVE
    page_digest: str | None = None  # of the last page that showed `latest`
    page_modified: datetime | None = None  # the page's own modified time, as last seen
    known: Mapping[str, VersionRef] = field(default_factory=dict)
    reported_pairs: frozenset[frozenset[int]] = frozenset()
    last_checked_at: datetime | None = None  # as claimed: a result is stale once this moves
    # The raw page of `latest`, given only when another extractor read it: the check re-reads
    # it with the current extractor and compares the new page against that reading.
    latest_page: str | None = None
    # The dictionary of the watch's site (storage.pages), which a new version's page is
    # compressed against; None until the site has a page stored.
    dictionary: PageDictionary | None = None


@dataclass(frozen=True)
class NewVersion:
    """A version to store: the extracted article and the page it came from.

    The check numbers it (from the versions its claim listed) and compresses the page (with
    `storage.pages.pack`, against the site's dictionary when the claim brought one), so
    storing it is an insert, done without reading anything back.
    """

    article: Article
    url: str
    raw_page: bytes
    number: int
    extractor: str | None = None  # the extractor version that read raw_page
    # Worked out where the version is made (a worker), not in the process that stores it.
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fingerprint", self.article.fingerprint())


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
    event: ArticleEvent | None = None  # removed, redirected, ...: stored as a change
    presence: str | None = None  # the article's state after this check; None: unknown
    seen_version_id: int | None = None  # an already stored version the page showed
    # Set when the current extractor, re-reading `seen_version_id`'s stored page, read the
    # same article: the version is labelled with it, so it is not re-read on every check.
    confirmed_by: str | None = None
    page_digest: str | None = None
    page_modified: datetime | None = None
    retry_after: float | None = None  # seconds the server asked us to wait
    unchanged_streak: int = 0  # quiet checks in a row, as the schedule counted them


@dataclass(frozen=True)
class ChangeInfo:
    """A change as the `redline changes` list shows it."""

    id: int
    watch_id: int
    url: str
    label: str | None
    headline: str
    detected_at: datetime
    from_version: int
    to_version: int | None  # None for an event that left no readable version
    flag_count: int
    kinds: tuple[str, ...]
    kind: str = "edit"  # or an event: removed, redirected, collapsed, restored, variant
    event: dict[str, Any] | None = None


@dataclass(frozen=True)
class ChangeDetail:
    """A change with both versions, its diff and its flags, for `redline show`."""

    info: ChangeInfo
    old: StoredVersion
    new: StoredVersion | None
    diff: dict[str, Any]
    flags: tuple[dict[str, Any], ...] = field(default=())


# The tag of a rule for every watch (`redline notify add '*'`).
EVERY_WATCH = "*"


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
