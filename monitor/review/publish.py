"""Reports and feeds as files: the I/O edge around the pure renderers.

A file is written whole or not at all (a temporary file renamed over the old one), so a feed
reader polling `changes.atom` while `redline serve` rewrites it never reads half a feed.
"""

import asyncio
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from monitor.errors import NotFound, UsageError
from monitor.review.feed import render_feed
from storage.records import ChangeDetail, ChangeInfo, WatchInfo
from storage.repository import Store

log = logging.getLogger("redline.publish")


@dataclass(frozen=True)
class ChangeQuery:
    """Which changes a report or feed shows; the same filters as `redline changes`."""

    since: datetime | None = None
    url: str | None = None  # canonical URL or watch id
    flagged: bool = False
    kinds: tuple[str, ...] = ()
    limit: int = 200
    tags: tuple[str, ...] = ()  # only watches with any of these tags
    sources: tuple[str, ...] = ()  # only watches found by any of these sources (id, URL, label)

    def describe(self) -> str:
        """The filters in words, for the page and feed titles."""
        what = "flagged changes" if self.flagged else "all changes"
        if self.kinds:  # in words: "a figure changed or a quote added", not figure_changed
            what += f" where {' or '.join(_kind_words(k) for k in self.kinds)}"
        if self.url:
            what += f" of {self.url}"
        if self.tags:
            what += f" tagged {' or '.join(self.tags)}"
        if self.sources:
            what += f" from source {' or '.join(self.sources)}"
        if self.since:
            what += f" since {self.since:%Y-%m-%d %H:%M} UTC"
        return f"{what}, at most {self.limit}"


def _kind_words(kind: str) -> str:
    subject, _, verb = kind.partition("_")
    if not verb:  # an article event or an edit: "removed", "edit"
        return "the article was edited" if kind == "edit" else f"the article was {kind}"
    return f"a {subject} was {verb}" if subject != "title" else f"the headline was {verb}"


def find_changes(store: Store, query: ChangeQuery) -> list[ChangeInfo]:
    """The changes a query selects, newest first."""
    return store.changes(
        since=query.since,
        url=query.url,
        flagged=query.flagged,
        kinds=query.kinds,
        limit=query.limit,
        watch_ids=select_watches(store, query.tags, query.sources),
    )


def select_watches(store: Store, tags: Sequence[str], sources: Sequence[str]) -> list[int] | None:
    """Ids of the watches a desk asked for; None when it asked for every watch.

    Read at each query, so a feed kept by the service takes in watches tagged since it started.
    """
    if not tags and not sources:
        return None
    found_by = source_ids(store, sources)
    return [w.id for w in store.list_watches() if on_desk(w, tags, found_by)]


def on_desk(watch: WatchInfo, tags: Sequence[str], found_by: Sequence[int]) -> bool:
    """True when the watch has any of `tags` (if given) and came from any source in `found_by`."""
    tagged = not tags or any(tag in watch.tags for tag in tags)
    return tagged and (not found_by or watch.source_id in found_by)


def source_ids(store: Store, sources: Sequence[str]) -> list[int]:
    """The ids of sources given by id, URL or label; one nobody follows is NotFound."""
    if not sources:
        return []
    known = store.sources.list_sources(datetime.now(UTC))
    ids = []
    for given in sources:
        match = [s.id for s in known if given in (str(s.id), s.url, s.display_url, s.label)]
        if not match:
            raise NotFound(f"no followed source {given!r}; see `redline sources`")
        ids.extend(match)
    return ids


def load_changes(store: Store, query: ChangeQuery) -> list[ChangeDetail]:
    """The changes a query selects, newest first, each with both versions and its flags."""
    return [store.change_detail(change.id) for change in find_changes(store, query)]


def write_file(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; a reader sees the old file or the new one."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report is for sharing
        os.replace(temporary, path)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(temporary)
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc


@dataclass(frozen=True)
class FeedFile:
    """A feed file to write: where, what it shows, and its stable identity."""

    path: Path
    query: ChangeQuery
    identity: str
    title: str
    self_url: str | None = None  # where readers fetch it from, when it is published
    link_base: str | None = None  # the public URL of `redline web`: entries link there

    def write(self, store: Store, now: datetime) -> int:
        """Write the feed now; returns how many entries it has."""
        changes = load_changes(store, self.query)
        data = render_feed(
            changes,
            identity=self.identity,
            title=self.title,
            generated_at=now,
            self_url=self.self_url,
            link_base=self.link_base,
        )
        write_file(self.path, data)
        return len(changes)

    async def keep(
        self, store: Store, stop: asyncio.Event, *, clock: Callable[[], datetime], tick: float
    ) -> None:
        """Rewrite the feed whenever a newer change is stored, until `stop` is set."""
        newest: int | None = -1
        while not stop.is_set():
            try:
                latest = store.changes(limit=1)
                current = latest[0].id if latest else None
                if current != newest:  # rendering runs in a thread: checks go on meanwhile
                    entries = await asyncio.to_thread(self.write, store, clock())
                    newest = current
                    log.info("wrote %s (%d entries)", self.path, entries)
            except Exception:  # a full disk must not stop the checks; try again next tick
                log.exception("could not write the feed %s", self.path)
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), tick)
