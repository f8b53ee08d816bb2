"""Section pages: which links of an HTML front look like articles of the same site.

Section pages carry no list of articles, so links are picked by shape: same site, outside the
navigation, and a path that names one story (a date, a slug of several words or a long numeric
id) rather than a section, tag or author.
"""

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from monitor.watching.listings import Discovery, Item, canonical_or_none, clean_title, item_at

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
    page = canonical_or_none(url) or url
    found: dict[str, Item] = {}
    for link in document.iter("a"):
        href = link.get("href")
        if not href or href.startswith("#") or _in_chrome(link):
            continue
        item = item_at(href, base, title=_link_title(link))
        if item is None or not looks_like_article(item.url, page):
            continue
        if item.url not in found or (item.title and not found[item.url].title):
            found[item.url] = item  # several links to one story: keep the one with a headline
    warning = None if found else "no links that look like articles on this page"
    title = document.findtext(".//title")
    return Discovery("page", tuple(found.values()), clean_title(title), warning)


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
    text = clean_title(link.text_content()) or clean_title(link.get("title"))
    if text:
        return text
    return next((clean_title(img.get("alt")) for img in link.iter("img") if img.get("alt")), None)


def _site(host: str | None) -> str:
    return (host or "").removeprefix("www.")
