"""What a page says about itself: JSON-LD, <meta> tags and <title>.

Private to `monitor.extraction`. Headline, byline and dates come from here first because they are
the page's own statement, unaffected by how the visible layout is built.
"""

import html as html_lib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from monitor.analysis.text import clean_display
from monitor.extraction.blocks import letters, word_set

_ARTICLE_TYPES = word_set("""
    NewsArticle Article ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle
    BackgroundNewsArticle ReviewNewsArticle AskPublicNewsArticle LiveBlogPosting BlogPosting
    SocialMediaPosting Report ScholarlyArticle TechArticle
    """)
_NON_ARTICLE_TYPES = word_set("WebSite CollectionPage ItemList SearchResultsPage")
_AUTHOR_META_KEYS = ("author", "parsely-author", "article:author", "dc.creator", "sailthru.author")
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|\u2013|\u2014|::|\u2022|\u00b7|\u00bb)\s+")


@dataclass(frozen=True)
class PageMetadata:
    """What the page says about itself in JSON-LD and <meta> tags."""

    headline: str
    byline: str
    published: datetime | None
    modified: datetime | None
    site_names: tuple[str, ...]
    declares_non_article: bool
    live_blog: bool
    body: str = ""
    declares_article: bool = False


def read_metadata(root: Any) -> PageMetadata:
    """Collect JSON-LD and <meta> facts, JSON-LD first where both exist."""
    objects = list(_json_ld_objects(root))
    article = next((o for o in objects if _types(o) & _ARTICLE_TYPES), None)
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    metas = _meta_values(root)

    def first_meta(*keys: str) -> str:
        for key in keys:
            for value in metas.get(key, ()):
                if value:
                    return value
        return ""

    ld: dict[str, Any] = article or {}
    site_names = _site_names(metas, ld, objects)
    # JSON-LD headlines may carry the site's name too ("... | TheHill").
    headline = strip_site_suffix(
        _ld_text(ld.get("headline")) or _ld_text(ld.get("name")), site_names, strict=True
    )
    if not headline:
        title = first_meta("og:title", "twitter:title", "parsely-title", "dc.title")
        headline = strip_site_suffix(title, site_names, strict=True)

    byline = join_names(_ld_authors(ld.get("author"), by_id))
    if not byline:
        byline = first_meta("byl")
    if not byline:
        names = [
            v
            for key in _AUTHOR_META_KEYS
            for v in metas.get(key, ())
            if v and not v.startswith(("http://", "https://", "/"))
        ]
        byline = join_names(names)

    published = _first_date(
        _ld_text(ld.get("datePublished")),
        first_meta("article:published_time", "parsely-pub-date", "datepublished"),
        first_meta("pubdate", "publishdate", "publish-date", "dc.date", "dcterms.created", "date"),
        first_meta("sailthru.date"),
    )
    modified = _first_date(
        _ld_text(ld.get("dateModified")),
        first_meta("article:modified_time", "og:updated_time", "datemodified"),
        first_meta("dcterms.modified", "last-modified"),
    )
    og_type = first_meta("og:type").lower()
    all_types = set().union(*(_types(o) for o in objects)) if objects else set()
    declares_article = article is not None or og_type == "article"
    declares_non_article = not declares_article and (
        bool(all_types & _NON_ARTICLE_TYPES) or og_type in {"website", "profile"}
    )
    return PageMetadata(
        headline=clean_display(headline),
        byline=clean_display(byline),
        published=published,
        modified=modified,
        site_names=site_names,
        declares_non_article=declares_non_article,
        live_blog="LiveBlogPosting" in all_types,
        body=_ld_body(ld.get("articleBody")),
        declares_article=declares_article,
    )


def _meta_values(root: Any) -> dict[str, list[str]]:
    """<meta> content by lower-cased property/name/itemprop, every occurrence kept in order."""
    values: dict[str, list[str]] = {}
    for element in root.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = element.get(attribute)
            if key:
                values.setdefault(key.strip().lower(), []).append(content.strip())
    return values


def _json_ld_objects(root: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD, flattening lists and @graph."""
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "").strip()
        # Some CMSs wrap the JSON in an HTML comment or CDATA marker.
        raw = re.sub(r"^(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)$", "", raw).strip()
        try:
            # strict=False: raw newlines inside strings are the commonest JSON-LD defect.
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        yield from _flatten_ld(data, depth=0)


def _flatten_ld(data: object, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _flatten_ld(data.get("@graph"), depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict):
            yield from _flatten_ld(main, depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind.removeprefix("schema:").removeprefix("http://schema.org/")}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


def _ld_text(value: object) -> str:
    """A JSON-LD string with any HTML entities decoded (WordPress emits &#8217; and friends)."""
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return ""
    return clean_display(html_lib.unescape(value) if "&" in value else value)


_TAG = re.compile(r"<[^>]{0,200}>")
_LINE_TAG = re.compile(r"<(?:br|/p|/div|/h[1-6]|/li)\b[^>]{0,200}>", re.IGNORECASE)


def _ld_body(value: object) -> str:
    """The articleBody text with its line breaks; a CMS that writes HTML into it gets its
    paragraph ends as lines and its other tags removed."""
    if not isinstance(value, str):
        return ""
    if "<" in value:
        value = _TAG.sub("", _LINE_TAG.sub("\n", value))
    return html_lib.unescape(value) if "&" in value else value


def _ld_authors(value: object, by_id: dict[str, dict[str, Any]]) -> list[str]:
    """Author names from a string, a Person/Organization object, an @id reference or a list."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:20]:
        if isinstance(item, dict):
            ref = item.get("@id")
            person = by_id.get(ref, item) if "name" not in item and isinstance(ref, str) else item
            name = _ld_text(person.get("name"))
        else:
            name = _ld_text(item)
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return names


def join_names(names: list[str]) -> str:
    names = [clean_display(n) for n in names if clean_display(n)]
    unique = list(dict.fromkeys(names))
    if len(unique) <= 1:
        return unique[0] if unique else ""
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def _site_names(
    metas: dict[str, list[str]], ld: dict[str, Any], objects: list[dict[str, Any]]
) -> tuple[str, ...]:
    names = [*metas.get("og:site_name", ()), *metas.get("application-name", ())]
    publisher = ld.get("publisher")
    if isinstance(publisher, dict):
        names.append(_ld_text(publisher.get("name")))
    names += [_ld_text(o.get("name")) for o in objects if _types(o) & {"WebSite", "Organization"}]
    return tuple(dict.fromkeys(n for n in names if n))


def _first_date(*values: str) -> datetime | None:
    for value in values:
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    return None


def parse_date(value: str) -> datetime | None:
    """ISO 8601 (or RFC 2822) to an aware datetime; a date without a zone is taken as UTC."""
    value = value.strip()
    if not value or len(value) > 64:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed if 1900 <= parsed.year <= 2200 else None


def title_headline(root: Any, meta: PageMetadata, url: str | None) -> str:
    """The <title> without the site's name: the last resort for a headline."""
    title = root.find(".//title")
    if title is None:
        return ""
    names = meta.site_names
    if url:
        host = re.sub(r"^[a-z]+://(?:www\.)?", "", url.lower()).split("/")[0]
        names = (*names, host)
    return strip_site_suffix(clean_display(title.xpath("string()")), names, strict=False)


def strip_site_suffix(title: str, site_names: Iterable[str], *, strict: bool) -> str:
    """Drop " | Riverton Ledger" style suffixes (and "Riverton Ledger - " prefixes).

    A segment is dropped when it names the site (og:site_name, publisher, host), when it
    follows a pipe and is shorter than the rest, or, unless strict, when it is a short Title
    Case phrase after a dash (" - The Site").
    """
    site_names = tuple(site_names)

    def looks_like_suffix(head: str, tail: str, separator: str) -> bool:
        if names_site(tail, site_names):
            return True
        words, head_words = tail.split(), head.split()
        if separator.strip() == "|":
            return len(words) <= 5 and len(head_words) > len(words)
        return (
            not strict
            and len(words) <= 4
            and len(head_words) > len(words)
            and not any(c.isdigit() for c in tail)
            and all(w[0].isupper() or w in {"of", "the", "and", "&"} for w in words)
        )

    title = clean_display(title)
    for _ in range(3):
        separators = list(_TITLE_SEPARATOR.finditer(title))
        if not separators:
            break
        last, first = separators[-1], separators[0]
        if looks_like_suffix(title[: last.start()], title[last.end() :], last.group()):
            title = title[: last.start()].strip()
        elif names_site(title[: first.start()], site_names):
            title = title[first.end() :].strip()
        else:
            break
    return title


def names_site(text: str, site_names: Iterable[str]) -> bool:
    """Whether a piece of text is the site's name ("Riverton Ledger", "the Guardian")."""
    key = letters(text)
    keys = {letters(n) for n in site_names} - {""}
    return len(key) >= 3 and any(key == k or (len(key) >= 5 and key in k) for k in keys)
