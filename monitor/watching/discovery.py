"""What a followed source lists: an RSS/Atom feed, a sitemap or a section page -> article links.

Pure: the text of a response and the URL it came from go in, items come out. The kind is
sniffed from the root element, so a feed URL that starts serving an HTML error page is reported
instead of being read as a page of links. Section pages carry no list of articles, so their
links are picked by shape: same site, outside the navigation, and a path that names one story
(a date, a slug of several words or a long numeric id) rather than a section, tag or author.
"""

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree, html

from monitor.analysis.text import strip_controls
from monitor.errors import InvalidURL, UnreadableSource
from monitor.fetching.urls import canonical_url

Kind = Literal["feed", "sitemap", "page"]
KINDS: tuple[Kind, ...] = ("feed", "sitemap", "page")
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
_TITLE_CHARS = 300


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
    head = _PROLOG.sub("", text[:65536].lstrip("\ufeff"))
    first = _FIRST_TAG.search(head)
    if first is None:
        return None
    return _ROOT_KINDS.get(first.group(1).rpartition(":")[2].lower())


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
    items = _unique(_feed_item(entry, url) for entry in parsed.entries)
    warning = None
    if parsed.bozo:
        problem = _xml_problem(parsed.bozo_exception)
        if not items:
            raise UnreadableSource(
                f"feed XML is broken ({problem}); no items could be read", outcome="bad_xml"
            )
        warning = f"feed XML is broken ({problem}); read {len(items)} items anyway"
    return Discovery("feed", items, _clean(parsed.feed.get("title")), warning)


def _feed_item(entry: Any, base: str) -> Item | None:
    # dict.get, not entry.get: feedparser warns when asked for a missing `updated`.
    link = dict.get(entry, "link")
    guid = dict.get(entry, "id")
    if not link and isinstance(guid, str) and guid.startswith(("http://", "https://")):
        link = guid
    return _item(
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
        raise _sitemap_index(root)
    items = _unique(_sitemap_item(entry, url) for entry in _elements(root, "url"))
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
    return _item(
        _text(fields.get("loc")),
        base,
        title=_text(news.get("title")),
        published=_w3c_date(_text(news.get("publication_date"))),
        updated=_w3c_date(_text(fields.get("lastmod"))),
    )


def _sitemap_index(root: Any) -> UnreadableSource:
    children = [
        (_w3c_date(_text(fields.get("lastmod"))), _text(fields.get("loc")))
        for fields in map(_children, _elements(root, "sitemap"))
    ]
    listed = [(when, loc) for when, loc in children if loc]
    message = f"a sitemap index of {len(listed)} sitemaps, not a list of articles"
    if listed:
        oldest = datetime.min.replace(tzinfo=UTC)
        newest = max(listed, key=lambda child: child[0] or oldest)[1]
        message += f"; follow one of its sitemaps instead, such as {newest}"
    return UnreadableSource(message, outcome="sitemap_index")


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


# --- section pages --------------------------------------------------------------------------

# Links inside these are site furniture: menus, footers, most-read rails from other sections.
_CHROME_TAGS = frozenset({"nav", "footer", "aside"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
# A path with one of these segments is a listing, a person or a service page, not a story.
_NOT_STORY_SEGMENTS = frozenset((
    "tag", "tags", "topic", "topics", "section", "sections", "category", "categories", "author",
    "authors", "staff", "people", "profile", "profiles", "about", "contact", "search", "login",
    "signin", "sign-in", "register", "signup", "subscribe", "subscription", "subscriptions",
    "newsletter", "newsletters", "account", "privacy", "terms", "cookies", "help", "faq", "feed",
    "feeds", "rss", "sitemap", "page", "archive", "archives", "cdn-cgi", "wp-admin",
    "wp-login.php", "jobs", "careers", "advertise", "shop",
))  # fmt: skip
_FILE = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|pdf|css|js|json|xml|rss|atom|zip|mp3|mp4|m3u8|ics)$",
    re.IGNORECASE,
)
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?)$", re.IGNORECASE)
_DATE_IN_PATH = re.compile(
    r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])/"  # /2026/11/...
    r"|(?<!\d)(?:19|20)\d\d-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])(?!\d)"  # 2026-11-25
)
_LONG_ID = re.compile(r"\d{5,}")
_SLUG_WORDS = 3


def parse_section_page(text: str, url: str) -> Discovery:
    """The links of an HTML page that look like articles of the same site, in page order."""
    try:
        document = html.document_fromstring(text)
    except (etree.ParserError, ValueError):  # empty, or nothing but whitespace
        return Discovery("page", (), warning="the page is empty")
    base = url
    for element in document.iter("base"):
        if element.get("href"):
            base = urljoin(url, element.get("href"))
            break
    page = _canonical(url) or url
    found: dict[str, Item] = {}
    for link in document.iter("a"):
        href = link.get("href")
        if not href or href.startswith("#") or _in_chrome(link):
            continue
        item = _item(href, base, title=_link_title(link))
        if item is None or not looks_like_article(item.url, page):
            continue
        if item.url not in found or (item.title and not found[item.url].title):
            found[item.url] = item  # several links to one story: keep the one with a headline
    warning = None if found else "no links that look like articles on this page"
    title = document.findtext(".//title")
    return Discovery("page", tuple(found.values()), _clean(title), warning)


def looks_like_article(url: str, page_url: str) -> bool:
    """Whether a link from `page_url` to `url` (both canonical) looks like one story."""
    target, page = urlsplit(url), urlsplit(page_url)
    if _site(target.hostname) != _site(page.hostname):
        return False
    path = target.path
    segments = [segment for segment in path.lower().split("/") if segment]
    if not segments or path.rstrip("/") == page.path.rstrip("/") or _FILE.search(path):
        return False
    if any(segment in _NOT_STORY_SEGMENTS for segment in segments):
        return False
    stem = _PAGE_SUFFIX.sub("", segments[-1])
    if _DATE_IN_PATH.search(path):
        return not stem.isdigit()  # /2026/11/25 alone is a day's archive
    if _LONG_ID.search(stem):
        return True
    return len([word for word in re.split(r"[-_+]+", stem) if word]) >= _SLUG_WORDS


def _in_chrome(link: Any) -> bool:
    for ancestor in link.iterancestors():
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag in _CHROME_TAGS or (ancestor.get("role") or "").lower() in _CHROME_ROLES:
            return True
        # A <header> is the masthead unless it heads an article card.
        if tag == "header" and not any(a.tag == "article" for a in ancestor.iterancestors()):
            return True
    return False


def _link_title(link: Any) -> str | None:
    text = _clean(link.text_content()) or _clean(link.get("title"))
    if text:
        return text
    return next((_clean(img.get("alt")) for img in link.iter("img") if img.get("alt")), None)


def _site(host: str | None) -> str:
    return (host or "").removeprefix("www.")


# --- shared ---------------------------------------------------------------------------------

_PROLOG = re.compile(r"<\?.*?\?>|<!--.*?-->|<![^>]*>", re.DOTALL)
_FIRST_TAG = re.compile(r"<([A-Za-z][\w.:-]*)")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _without_declaration(text: str) -> str:
    """The text is decoded already; an `encoding=` left in its XML declaration would lie."""
    return _DECLARATION.sub("", text.lstrip("\ufeff"), count=1)


def _item(
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
    url = _canonical(link if link.startswith(("http://", "https://")) else urljoin(base, link))
    if url is None:
        return None
    return Item(url, _clean(title), published, updated)


def _canonical(url: str) -> str | None:
    try:
        return canonical_url(url)
    except InvalidURL:  # javascript:, mailto:, tel: and broken links
        return None


def _unique(items: Iterable[Item | None]) -> tuple[Item, ...]:
    """Items in source order, the first of each URL (tracking variants are one URL)."""
    found: dict[str, Item] = {}
    for item in items:
        if item is not None and item.url not in found:
            found[item.url] = item
    return tuple(found.values())


def _clean(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    return " ".join(strip_controls(text).split())[:_TITLE_CHARS] or None


def _html_title(text: str) -> str | None:
    found = _TITLE_TAG.search(text[:65536])
    return _clean(found.group(1)) if found else None


def _opening(text: str) -> str:
    return " ".join(text.split())[:40]


_PARSERS: dict[Kind, Callable[[str, str], Discovery]] = {
    "feed": parse_feed,
    "sitemap": parse_sitemap,
    "page": parse_section_page,
}
