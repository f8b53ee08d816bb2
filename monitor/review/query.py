"""Which changes and watches a command asks for: the filters `changes`, `list`, `report`,
`feed` and the service's feed file share.

Light (the store is only a type here), so the command line builds a query without loading the
database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from monitor.errors import NotFound
from storage.records import ChangeInfo, WatchInfo

if TYPE_CHECKING:
    from storage.repository import Store


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
