"""What a followed source lists, as plain values: items (one article each) and a discovery.

Shared by the three readers of sources (feeds and sitemaps in `discovery`, section pages in
`section_pages`): how a link becomes a canonical item and how titles are cleaned.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import urljoin

from monitor.analysis.text import strip_controls
from monitor.errors import InvalidURL
from monitor.fetching.urls import canonical_url

_TITLE_CHARS = 300
Kind = Literal["feed", "sitemap", "page"]
KINDS: tuple[Kind, ...] = ("feed", "sitemap", "page")


@dataclass(frozen=True)
class Item:
    """One article a source lists; `url` is canonical."""

    url: str
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None  # a feed's <updated> or a sitemap's <lastmod>

    @property
    def latest(self) -> datetime | None:
        """The newest date the source gives for the article."""
        dates = [d for d in (self.published, self.updated) if d is not None]
        return max(dates, default=None)


@dataclass(frozen=True)
class Discovery:
    """What one response of a source held; `warning` says what was wrong but survivable."""

    kind: Kind
    items: tuple[Item, ...]
    title: str | None = None
    warning: str | None = None
    children: tuple[str, ...] = ()  # a sitemap index's sitemaps, newest first


def item_at(
    link: object,
    base: str,
    *,
    title: object = None,
    published: datetime | None = None,
    updated: datetime | None = None,
) -> Item | None:
    if not isinstance(link, str) or not link.strip():
        return None
    link = link.strip()
    url = canonical_or_none(
        link if link.startswith(("http://", "https://")) else urljoin(base, link)
    )
    if url is None:
        return None
    return Item(url, clean_title(title), published, updated)


def canonical_or_none(url: str) -> str | None:
    try:
        return canonical_url(url)
    except InvalidURL:  # javascript:, mailto:, tel: and broken links
        return None


def unique(items: Iterable[Item | None]) -> tuple[Item, ...]:
    """Items in source order, the first of each URL (tracking variants are one URL)."""
    found: dict[str, Item] = {}
    for item in items:
        if item is not None and item.url not in found:
            found[item.url] = item
    return tuple(found.values())


def clean_title(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    return " ".join(strip_controls(text).split())[:_TITLE_CHARS] or None
