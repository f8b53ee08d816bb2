"""The local news site's feeds: RSS 2.0, Atom 1.0 and a Google News sitemap of its stories.

Each is rendered from the stories' current revisions, newest first, so a story added to the
site shows up in every feed at once and an edit moves its Atom <updated> and sitemap
<lastmod>. RSS links carry tracking parameters, as real feeds' links do, so the same story
reached through two feeds tests de-duplication.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
SITEMAP_TYPE = "application/xml; charset=utf-8"
_XML = '<?xml version="1.0" encoding="utf-8"?>\n'


@dataclass(frozen=True)
class Listing:
    """One story as a feed lists it."""

    path: str
    headline: str
    section: str
    published: datetime
    modified: datetime


def render_rss(base_url: str, site_name: str, listings: Sequence[Listing]) -> bytes:
    """An RSS 2.0 channel; links go through the tracking parameters of a newsletter tool."""
    items = "".join(
        f"<item><title>{escape(item.headline)}</title>"
        f"<link>{base_url}{item.path}?utm_source=rss&amp;utm_medium=feed</link>"
        f'<guid isPermaLink="false">{escape(item.path)}</guid>'
        f"<category>{escape(item.section)}</category>"
        f"<pubDate>{format_datetime(item.published, usegmt=True)}</pubDate></item>\n"
        for item in listings
    )
    return (
        f'{_XML}<rss version="2.0"><channel>\n<title>{escape(site_name)}</title>'
        f"<link>{base_url}/</link><description>Latest news</description>\n{items}"
        "</channel></rss>\n"
    ).encode()


def render_atom(base_url: str, site_name: str, listings: Sequence[Listing]) -> bytes:
    """An Atom 1.0 feed with each entry's publication and last-update times."""
    updated = max((item.modified for item in listings), default=None)
    entries = "".join(
        f"<entry><title>{escape(item.headline)}</title>"
        f'<link rel="alternate" href="{base_url}{item.path}"/>'
        f"<id>{base_url}{item.path}</id>"
        f"<published>{item.published.isoformat()}</published>"
        f"<updated>{item.modified.isoformat()}</updated></entry>\n"
        for item in listings
    )
    return (
        f'{_XML}<feed xmlns="http://www.w3.org/2005/Atom">\n<title>{escape(site_name)}</title>'
        f'<link rel="self" href="{base_url}/feeds/atom.xml"/><id>{base_url}/</id>'
        f"<updated>{updated.isoformat() if updated else '1970-01-01T00:00:00Z'}</updated>\n"
        f"{entries}</feed>\n"
    ).encode()


def render_news_sitemap(base_url: str, site_name: str, listings: Sequence[Listing]) -> bytes:
    """A Google News sitemap: <news:news> with publication date and title, plus <lastmod>."""
    urls = "".join(
        f"<url><loc>{base_url}{item.path}</loc>"
        f"<lastmod>{item.modified.isoformat()}</lastmod>"
        "<news:news><news:publication>"
        f"<news:name>{escape(site_name)}</news:name><news:language>en</news:language>"
        "</news:publication>"
        f"<news:publication_date>{item.published.isoformat()}</news:publication_date>"
        f"<news:title>{escape(item.headline)}</news:title></news:news></url>\n"
        for item in listings
    )
    return (
        f'{_XML}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}</urlset>\n"
    ).encode()
