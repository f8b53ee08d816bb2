"""SQLModel tables. They stay inside `storage/`: the rest of redline sees plain records.

Every datetime is timezone-aware; SQLModel stores it as UTC on both SQLite and PostgreSQL.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class Watch(SQLModel, table=True):
    """A watched article URL and its scheduling state; the one source of truth for due work."""

    __tablename__ = "watch"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True, index=True)  # canonical form: the identity of the article
    # Canonical URL the first check was redirected to, when not `url`: the article's other name.
    final_url: str | None = Field(default=None, index=True)
    display_url: str  # what the user typed, for showing back
    label: str | None = None
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    every_seconds: int | None = None  # a fixed cadence chosen by the user, else the policy decides
    pinned: bool = False  # never retire by age
    state: str = Field(default="active", index=True)  # active | error | retired
    created_at: datetime
    first_seen_at: datetime | None = None
    published_at: datetime | None = None  # from the page's metadata, drives the cadence
    last_checked_at: datetime | None = None
    last_changed_at: datetime | None = None
    next_check_at: datetime = Field(index=True)
    last_outcome: str | None = None
    last_error: str | None = None
    consecutive_unchanged: int = 0
    consecutive_errors: int = 0
    etag: str | None = None
    last_modified: str | None = None
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
    # The followed source that found the article (see storage.sources); None when added by hand.
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    ignore_robots: bool = False
    allow_private: bool = False  # see monitor.fetching.addresses
    site_slot: int = 0  # storage.dictionaries.site_slot(url): which fetching process takes it
    # The article's state (monitor.watching.events): live | removed | redirected | collapsed.
    presence: str = "live"
    presence_since: datetime | None = None
    # The version readers saw last; after a flip-flop an older one. No foreign key, so a
    # watch's versions can be deleted before the watch.
    current_version_id: int | None = None
    page_digest: str | None = None  # hash of the last page that showed the current version
    page_modified_at: datetime | None = None  # the page's own dateModified, as last seen


class Version(SQLModel, table=True):
    """One distinct reader-visible state of an article, with the raw page it came from."""

    __tablename__ = "version"
    __table_args__ = (UniqueConstraint("watch_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int = Field(foreign_key="watch.id", index=True)
    number: int  # 1, 2, 3 ... per watch, in the order seen
    fingerprint: str = Field(index=True)
    fetched_at: datetime
    url: str  # the final URL the page was served from
    headline: str
    byline: str
    paragraphs: list[str] = Field(sa_column=Column(JSON, nullable=False))
    published_at: datetime | None = None
    modified_at: datetime | None = None
    raw_page: bytes | None = Field(default=None, sa_column=Column(LargeBinary))  # storage.pages
    # The extractor version that read raw_page (monitor.extraction.EXTRACTOR_VERSION); None
    # for versions stored before extractors recorded themselves.
    extractor: str | None = None
    language: str = ""  # the article's language code ("de"); "" when unknown


class Check(SQLModel, table=True):
    """Every check, successful or not: the audit log of what redline did.

    `version_id` is the version the page showed: the one this check stored, or an earlier one
    it saw again, so the checks of a version count how often readers were shown it.
    """

    __tablename__ = "check"
    __table_args__ = (Index("ix_check_watch_started", "watch_id", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int = Field(foreign_key="watch.id")
    started_at: datetime
    duration: float
    status: int | None = None
    size: int = 0
    outcome: (
        str  # first | unchanged | not_modified | changed | error kinds (timeout, http_error...)
    )
    error: str | None = None
    final_url: str | None = None
    version_id: int | None = Field(default=None, foreign_key="version.id")


class Change(SQLModel, table=True):
    """What one check found: an edit (a word diff and flags between the version readers saw
    and a new one) or an event such as a removal, with the last good version as `from`.

    Each check makes at most one change (`check_id` is unique), so replaying a batch after a
    crash cannot store a change twice.
    """

    __tablename__ = "change"
    __table_args__ = (Index("ix_change_check_id", "check_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int = Field(foreign_key="watch.id", index=True)
    check_id: int = Field(foreign_key="check.id")
    kind: str = Field(default="edit", index=True)  # edit | an event kind (monitor.watching.events)
    from_version_id: int = Field(foreign_key="version.id")
    to_version_id: int | None = Field(default=None, foreign_key="version.id")  # None: no article
    detected_at: datetime = Field(index=True)
    diff: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    flag_count: int = 0
    event: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class FlagRow(SQLModel, table=True):
    """One flag of a change, kept as a row so changes can be filtered by kind."""

    __tablename__ = "flag"
    __table_args__ = (Index("ix_flag_change_kind", "change_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    change_id: int = Field(foreign_key="change.id", index=True)
    position: int  # reading order within the change
    kind: str = Field(index=True)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class SiteDictionary(SQLModel, table=True):
    """A site's first stored page, which its later pages are compressed against (storage.pages).

    Immutable and never deleted: a version of any watch on the site may need it, so purging a
    watch leaves it. Two processes may each store one for a site; the lowest id is used.
    """

    __tablename__ = "site_dictionary"

    id: int | None = Field(default=None, primary_key=True)
    site: str = Field(index=True)  # the host of the page's final URL
    page: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # a plain zstd frame
    created_at: datetime
