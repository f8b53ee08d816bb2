"""What a followed source lists: an RSS/Atom feed, a sitemap or a section page -> article links.

Pure: the text of a response and the URL it came from go in, items come out. The kind is
sniffed from the root element, so a feed URL that starts serving an HTML error page is reported
instead of being read as a page of links. Feeds and sitemaps are read here, section pages in
`monitor.watching.section_pages`.
"""

import io
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import feedparser
from lxml import etree

from monitor.errors import UnreadableSource
from monitor.watching.listings import (
    Discovery,
    Item,
    Kind,
    clean_title,
    item_at,
    unique,
)
from monitor.watching.section_pages import parse_section_page

_KIND_NAMES = {"feed": "an RSS or Atom feed", "sitemap": "a sitemap", "page": "an HTML page"}
_ROOT_KINDS: dict[str, Kind] = {
    "rss": "feed",
    "rdf": "feed",  # RSS 1.0
    "feed": "feed",  # Atom
    "urlset": "sitemap",
    "sitemapindex": "sitemap",
    "html": "page",
    "head": "page",
    "body": "page",
}


def discover(text: str, url: str, expected: Kind | None = None) -> Discovery:
    """Read a source's response; `expected` is the kind it had before (None: not known yet).

    Raises `UnreadableSource` when the response is not of the expected kind, not a source of
    any kind, or too broken to yield a single item.
    """
    found = sniff(text)
    if expected == "page" and found is None:
        found = "page"  # an HTML fragment without <html> is still a page of links
    if found is None:
        raise UnreadableSource(
            f"not a feed, sitemap or web page (it starts with {_opening(text)!r})",
            outcome="not_a_source",
        )
    if expected is not None and found != expected:
        title = _html_title(text) if found == "page" else None
        shown = f"{_KIND_NAMES[found]} titled {title!r}" if title else _KIND_NAMES[found]
        raise UnreadableSource(
            f"expected {_KIND_NAMES[expected]} but got {shown}", outcome="wrong_kind"
        )
    return _PARSERS[found](text, url)


def sniff(text: str) -> Kind | None:
    """The kind of source a response is, from its first element; None when it is none."""
    root = _root_name(text)
    return _ROOT_KINDS.get(root) if root is not None else None


def _root_name(text: str) -> str | None:
    """The first element's name, lower case, without a namespace prefix."""
    head = _PROLOG.sub("", text[:65536].lstrip("\ufeff"))
    first = _FIRST_TAG.search(head)
    return first.group(1).rpartition(":")[2].lower() if first is not None else None


def select(items: Iterable[Item], *, match: str | None, exclude: str | None) -> tuple[Item, ...]:
    """The items whose URL or title matches `match` (if given) and not `exclude`."""
    keep = re.compile(match) if match else None
    drop = re.compile(exclude) if exclude else None

    def found(pattern: re.Pattern[str], item: Item) -> bool:
        return bool(pattern.search(item.url) or (item.title and pattern.search(item.title)))

    return tuple(
        item
        for item in items
        if (keep is None or found(keep, item)) and (drop is None or not found(drop, item))
    )


# --- feeds ----------------------------------------------------------------------------------


def parse_feed(text: str, url: str) -> Discovery:
    """RSS (0.9x, 1.0, 2.0) or Atom, read by feedparser; broken XML is read as far as it goes."""
    parsed = feedparser.parse(
        # A stream, never a string: feedparser fetches strings that look like URLs or paths.
        io.BytesIO(_without_declaration(text).encode("utf-8")),
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": url,
        },
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    items = unique(_feed_item(entry, url) for entry in parsed.entries)
    warning = None
    if parsed.bozo:
        problem = _xml_problem(parsed.bozo_exception)
        if not items:
            raise UnreadableSource(
                f"feed XML is broken ({problem}); no items could be read", outcome="bad_xml"
            )
        warning = f"feed XML is broken ({problem}); read {len(items)} items anyway"
    return Discovery("feed", items, clean_title(parsed.feed.get("title")), warning)


def _feed_item(entry: Any, base: str) -> Item | None:
    # dict.get, not entry.get: feedparser warns when asked for a missing `updated`.
    link = dict.get(entry, "link")
    guid = dict.get(entry, "id")
    if not link and isinstance(guid, str) and guid.startswith(("http://", "https://")):
        link = guid
    return item_at(
        link,
        base,
        title=dict.get(entry, "title"),
        published=_struct_time(dict.get(entry, "published_parsed")),
        updated=_struct_time(dict.get(entry, "updated_parsed")),
    )


def _struct_time(value: Any) -> datetime | None:
    """feedparser's parsed dates are UTC `time.struct_time`s."""
    try:
        year, month, day, hour, minute, second = value[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _xml_problem(exc: object) -> str:
    line, message = getattr(exc, "getLineNumber", None), getattr(exc, "getMessage", None)
    if callable(line) and callable(message):
        return f"line {line()}: {message()}"
    return str(exc) or type(exc).__name__


# --- sitemaps -------------------------------------------------------------------------------


def parse_sitemap(text: str, url: str) -> Discovery:
    """A sitemap's <url> entries with <lastmod>, and <news:news> dates and titles when present."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(_without_declaration(text).encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        root = None
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    problem = f"line {errors[0].line}: {errors[0].message}" if errors else None
    if root is None:
        raise UnreadableSource(f"sitemap XML is broken ({problem})", outcome="bad_xml")
    if _local(root.tag) == "sitemapindex":
        return Discovery("sitemap", (), children=_sitemap_index(root))
    items = unique(_sitemap_item(entry, url) for entry in _elements(root, "url"))
    if problem is None:
        return Discovery("sitemap", items)
    if not items:
        raise UnreadableSource(
            f"sitemap XML is broken ({problem}); no entries could be read", outcome="bad_xml"
        )
    return Discovery(
        "sitemap",
        items,
        warning=f"sitemap XML is broken ({problem}); read {len(items)} entries anyway",
    )


def _sitemap_item(entry: Any, base: str) -> Item | None:
    # Direct children only: an <image:image> inside the entry has a <loc> of its own.
    fields = _children(entry)
    news = _children(fields.get("news"))
    return item_at(
        _text(fields.get("loc")),
        base,
        title=_text(news.get("title")),
        published=_w3c_date(_text(news.get("publication_date"))),
        updated=_w3c_date(_text(fields.get("lastmod"))),
    )


def _sitemap_index(root: Any) -> tuple[str, ...]:
    """The sitemaps an index lists, newest first (undated ones last, in their order)."""
    children = [
        (_w3c_date(_text(fields.get("lastmod"))), _text(fields.get("loc")))
        for fields in map(_children, _elements(root, "sitemap"))
    ]
    oldest = datetime.min.replace(tzinfo=UTC)
    dated = sorted(
        ((when, loc) for when, loc in children if loc), key=lambda c: c[0] or oldest, reverse=True
    )
    return tuple(dict.fromkeys(loc for _, loc in dated if loc))


def is_sitemap_index(text: str) -> bool:
    """True when a response is a sitemap index, from its first element (no full parse)."""
    return _root_name(text) == "sitemapindex"


def _elements(root: Any, name: str) -> list[Any]:
    return [element for element in root.iter() if _local(element.tag) == name]


def _children(element: Any) -> dict[str, Any]:
    """An element's direct children by name (the first of each), namespaces ignored."""
    found: dict[str, Any] = {}
    for child in () if element is None else element:
        found.setdefault(_local(child.tag), child)
    return found


def _local(tag: object) -> str:
    """An element's name without its namespace; "" for comments and processing instructions."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text(element: Any) -> str | None:
    return element.text.strip() if element is not None and element.text else None


def _w3c_date(text: str | None) -> datetime | None:
    """A sitemap date: `2026-11-25`, `2026-11-25T09:30Z`, `2026-11-25T09:30:00+01:00` ..."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- shared ---------------------------------------------------------------------------------

_PROLOG = re.compile(r"<\?.*?\?>|<!--.*?-->|<![^>]*>", re.DOTALL)
_FIRST_TAG = re.compile(r"<([A-Za-z][\w.:-]*)")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _without_declaration(text: str) -> str:
    """The text is decoded already; an `encoding=` left in its XML declaration would lie."""
    return _DECLARATION.sub("", text.lstrip("\ufeff"), count=1)


def _html_title(text: str) -> str | None:
    found = _TITLE_TAG.search(text[:65536])
    return clean_title(found.group(1)) if found else None


def _opening(text: str) -> str:
    return " ".join(text.split())[:40]


_PARSERS: dict[Kind, Callable[[str, str], Discovery]] = {
    "feed": parse_feed,
    "sitemap": parse_sitemap,
    "page": parse_section_page,
}
