"""Reports and feeds as files: the I/O edge around the pure renderers.

A file is written whole or not at all (a temporary file renamed over the old one), so a feed
reader polling `changes.atom` while `redline serve` rewrites it never reads half a feed.
"""

import asyncio
import logging
import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from monitor.errors import UsageError
from monitor.review.feed import render_feed
from monitor.review.query import ChangeQuery, find_changes
from storage.records import ChangeDetail
from storage.repository import Store

log = logging.getLogger("redline.publish")


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
