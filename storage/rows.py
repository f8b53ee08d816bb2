"""Table rows -> the plain records the rest of redline reads, shared by the repository's parts."""

from sqlmodel import Session, select

from monitor.article import Article
from monitor.errors import NotFound
from storage.records import StoredVersion, WatchInfo
from storage.tables import Version, Watch


def find_watch_row(session: Session, url_or_id: str) -> Watch:
    """A watch by canonical URL or id; NotFound names the command that lists them."""
    if url_or_id.isdigit():
        watch = session.get(Watch, int(url_or_id))
    else:
        watch = session.exec(select(Watch).where(Watch.url == url_or_id)).first()
    if watch is None:
        raise NotFound(f"not watching {url_or_id}; see `redline list`")
    return watch


def require_id(watch: Watch) -> int:
    """The id of a stored watch (a flushed row always has one)."""
    assert watch.id is not None
    return watch.id


def watch_info(watch: Watch, versions: int, changes: int, headline: str | None = None) -> WatchInfo:
    """What `redline list` and `show` know of a watch; `headline` is its current one."""
    return WatchInfo(
        id=require_id(watch),
        url=watch.url,
        display_url=watch.display_url,
        label=watch.label,
        tags=tuple(watch.tags),
        state=watch.state,
        every_seconds=watch.every_seconds,
        created_at=watch.created_at,
        last_checked_at=watch.last_checked_at,
        next_check_at=watch.next_check_at,
        last_outcome=watch.last_outcome,
        last_error=watch.last_error,
        versions=versions,
        changes=changes,
        pinned=watch.pinned,
        ignore_robots=watch.ignore_robots,
        presence=watch.presence,
        presence_since=watch.presence_since,
        headline=headline,
        source_id=watch.source_id,
    )


def stored_version(version: Version) -> StoredVersion:
    """A stored version as the Article it was extracted as."""
    assert version.id is not None
    return StoredVersion(
        id=version.id,
        watch_id=version.watch_id,
        number=version.number,
        fingerprint=version.fingerprint,
        fetched_at=version.fetched_at,
        url=version.url,
        article=Article(
            headline=version.headline,
            byline=version.byline,
            paragraphs=tuple(version.paragraphs),
            published=version.published_at,
            modified=version.modified_at,
        ),
        extractor=version.extractor,
    )
