"""HTML for the local news site: the article part once per revision, the chrome per request.

A real news page changes on every load (trending lists, ad ids, clocks, weather) while the
article stays put; redline must see through that. Rendering is split the same way so serving a
page costs one join of pre-encoded bytes plus a few random choices.
"""

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

from monitor.newsroom.stories import Revision, Story

SITE_NAME = "The Millbrook Ledger"

TRENDING = (
    "Farmers market returns to Quay Square with 40 new stalls",
    "High school robotics team heads to national finals",
    "Library extends weekend hours after petition",
    "Storm knocks out power to 6,000 homes in the east end",
    "Ferry fares frozen for a third year",
    "Former mill to become 120 affordable apartments",
    "Police seek witnesses after overnight fire on Dock Road",
    "Millbrook Mariners sign veteran goalkeeper",
    "Hospital opens new maternity ward",
    "Recycling pickup moves to Tuesdays next month",
)
_WEATHER = ("sunny", "light rain", "overcast", "fog", "showers", "clear", "windy", "drizzle")
_SECTIONS = (
    "News", "City Hall", "Health", "Transport", "Schools", "Business", "Sport", "Culture",
    "Opinion", "Weather", "Obituaries", "Puzzles",
)  # fmt: skip
_TOPICS = (
    "housing", "budget", "elections", "police", "courts", "parks", "water", "roads", "ferries",
    "hospitals", "libraries", "restaurants", "theatre", "football", "hockey", "schools",
    "universities", "harbour", "airport", "climate", "taxes", "jobs", "retail", "tourism",
)  # fmt: skip


@dataclass(frozen=True)
class RenderedRevision:
    """The unchanging part of one revision's page, with the validators derived from it."""

    head: bytes
    article: bytes
    etag: str
    last_modified: datetime

    @property
    def last_modified_header(self) -> str:
        """The Last-Modified value: an HTTP date, whole seconds, GMT."""
        return format_datetime(self.last_modified.astimezone(UTC), usegmt=True)


@dataclass(frozen=True)
class Chrome:
    """The site furniture rendered once; `page` adds the parts that change per request."""

    site_name: str
    nav: bytes
    footer: bytes
    trending: tuple[bytes, ...]


def render_revision(story: Story, revision: Revision) -> RenderedRevision:
    """Render the parts of a page that only a new revision changes: metadata and article."""
    title = escape(f"{revision.headline} | {SITE_NAME}", quote=False)
    metadata = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": revision.headline,
        "articleSection": story.section,
        "author": [{"@type": "Person", "name": name} for name in revision.authors],
        "datePublished": story.published.isoformat(),
        "dateModified": revision.modified.isoformat(),
        "publisher": {"@type": "NewsMediaOrganization", "name": SITE_NAME},
    }
    ld_json = json.dumps(metadata, ensure_ascii=False).replace("</", "<\\/")
    head = (
        f"<title>{title}</title>\n"
        f'<meta name="description" content="{escape(revision.paragraphs[0][:150])}">\n'
        f'<meta property="article:published_time" content="{story.published.isoformat()}">\n'
        f'<meta property="article:modified_time" content="{revision.modified.isoformat()}">\n'
        f'<script type="application/ld+json">{ld_json}</script>\n'
    )
    byline = _join_names(
        f'<a rel="author" href="/staff/{slugify(name)}">{escape(name)}</a>'
        for name in revision.authors
    )
    body = "\n".join(_paragraph(text) for text in revision.paragraphs)
    article = (
        '<article class="story">\n<header>\n'
        f'<p class="kicker"><a href="/section/{slugify(story.section)}">'
        f"{escape(story.section)}</a></p>\n"
        f"<h1>{escape(revision.headline, quote=False)}</h1>\n"
        f'<p class="byline">By {byline}</p>\n'
        f'<div class="dateline"><time class="published" '
        f'datetime="{story.published.isoformat()}">{_human_date(story.published)}</time>'
        f'<time class="modified" datetime="{revision.modified.isoformat()}">Updated '
        f"{_human_date(revision.modified)}</time></div>\n</header>\n"
        f'<div class="story-body">\n{body}\n</div>\n</article>\n'
    )
    head_bytes, article_bytes = head.encode(), article.encode()
    digest = hashlib.sha256(head_bytes + b"\x00" + article_bytes).hexdigest()[:20]
    return RenderedRevision(head_bytes, article_bytes, f'"{digest}"', revision.modified)


def build_chrome(*, nav_links: int, footer_links: int, site_name: str = SITE_NAME) -> Chrome:
    """Pre-render the navigation and footer; heavy chrome is many links, as on real sites."""
    nav = "".join(
        f'<li><a href="/section/{slugify(name)}">{escape(name)}</a></li>' for name in _SECTIONS
    )
    nav += "".join(
        f'<li><a href="/topics/{slug}">{escape(label)}</a></li>'
        for slug, label in _topic_links(nav_links)
    )
    footer = "".join(
        f'<li><a href="/about/{slug}">{escape(label)}</a></li>'
        for slug, label in _topic_links(footer_links, offset=7)
    )
    trending = tuple(
        f'<li><a href="/news/{slugify(title)}">{escape(title)}</a></li>'.encode()
        for title in TRENDING
    )
    return Chrome(site_name, nav.encode(), footer.encode(), trending)


def render_page(
    chrome: Chrome, rendered: RenderedRevision, *, now: datetime, rng: random.Random
) -> bytes:
    """A whole article page: the revision's parts spliced into freshly randomised chrome."""
    return b"".join(
        (
            _document_start(chrome, rng),
            rendered.head,
            _after_head(chrome, now, rng),
            rendered.article,
            _trending(chrome, rng),
            _footer(chrome, now),
        )
    )


def render_index(
    chrome: Chrome,
    links: Sequence[tuple[str, str]],
    *,
    now: datetime,
    rng: random.Random,
    heading: str = "Latest news",
) -> bytes:
    """The front page (or a section's): (path, headline) links inside the same chrome."""
    items = "".join(
        f'<li><a href="{escape(path)}">{escape(headline, quote=False)}</a></li>\n'
        for path, headline in links
    )
    name = escape(f"{heading} | {chrome.site_name}", quote=False)
    title = f"<title>{name}</title>\n".encode()
    listing = (
        f'<section class="front">\n<h1>{escape(heading, quote=False)}</h1>\n'
        f"<ul>\n{items}</ul>\n</section>\n"
    )
    return b"".join(
        (
            _document_start(chrome, rng),
            title,
            _after_head(chrome, now, rng),
            listing.encode(),
            _trending(chrome, rng),
            _footer(chrome, now),
        )
    )


def _document_start(chrome: Chrome, rng: random.Random) -> bytes:
    ad_slot = f"{rng.getrandbits(48):012x}"
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<script>window.adConfig = {{"slot": "{ad_slot}", "site": '
        f'"{escape(chrome.site_name)}", "refresh": {rng.randint(20, 90)}}};</script>\n'
    ).encode()


def _after_head(chrome: Chrome, now: datetime, rng: random.Random) -> bytes:
    weather = f"{rng.randint(-4, 26)}\u00b0C, {rng.choice(_WEATHER)}"
    return (
        '</head>\n<body>\n<header class="masthead">\n'
        f'<a class="logo" href="/">{escape(chrome.site_name, quote=False)}</a>\n'
        f'<nav aria-label="Sections"><ul>{chrome.nav.decode()}</ul>\n'
        f'<span class="weather">Millbrook {weather}</span>\n'
        f'<span class="today">{now:%A, %B} {now.day}</span></nav>\n'
        "</header>\n<main>\n"
    ).encode()


def _trending(chrome: Chrome, rng: random.Random) -> bytes:
    items = rng.sample(chrome.trending, k=len(chrome.trending))
    return b'<aside class="trending"><h2>Trending</h2><ol>' + b"".join(items) + b"</ol></aside>\n"


def _footer(chrome: Chrome, now: datetime) -> bytes:
    return (
        f'</main>\n<footer><p class="clock">Updated {now.hour % 12 or 12}:{now.minute:02d}</p>'
        f"<ul>".encode()
        + chrome.footer
        + f"</ul><p>\u00a9 {now.year} {escape(chrome.site_name, quote=False)}</p>"
        "</footer>\n</body>\n</html>\n".encode()
    )


def _paragraph(text: str) -> str:
    if text.startswith("Correction:"):
        return f'<p class="correction">{escape(text, quote=False)}</p>'
    return f"<p>{escape(text, quote=False)}</p>"


def _join_names(names: Iterable[str]) -> str:
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _human_date(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    suffix = "a.m." if moment.hour < 12 else "p.m."
    return f"{moment:%B} {moment.day}, {moment.year} {hour}:{moment.minute:02d} {suffix} UTC"


def slugify(text: str) -> str:
    """The URL form of a name: "City Hall" -> "city-hall"."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def _topic_links(count: int, offset: int = 0) -> list[tuple[str, str]]:
    links = []
    for i in range(count):
        topic = _TOPICS[(i + offset) % len(_TOPICS)]
        section = _SECTIONS[(i // len(_TOPICS)) % len(_SECTIONS)]
        label = f"{section}: {topic} {i + 1}" if count > len(_TOPICS) else topic.title()
        links.append((f"{slugify(section)}/{topic}-{i + 1}", label))
    return links
