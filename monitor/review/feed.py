"""The change feed: Atom (RFC 4287), one entry per change with its flags in the summary.

Entry ids are `urn:uuid:` URIs derived from what identifies a change (the article, the two
version numbers, the new version's fingerprint), so re-writing the feed never makes a reader
show an old change as new. Text is escaped by ElementTree; characters XML 1.0 cannot carry
(control characters a scraped page may contain) are dropped first.
"""

import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from monitor import __version__
from monitor.review.htmlreport import change_html, is_web_url
from monitor.review.render import change_url, flag_label, flag_line
from monitor.watching.events import describe
from storage.records import ChangeDetail

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def feed_id(seed: str) -> str:
    """A stable feed id for a database and filter description."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'redline-feed:{seed}')}"


def entry_id(detail: ChangeDetail) -> str:
    """The id of one change's entry; the same change always gets the same id."""
    info = detail.info
    name = "\n".join(
        [
            "redline-change",
            info.url,
            str(info.from_version),
            str(info.to_version),
            # An event has no new version: its kind and time tell it apart.
            detail.new.fingerprint if detail.new else f"{info.kind} {info.detected_at}",
        ]
    )
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def render_feed(
    changes: Sequence[ChangeDetail],
    *,
    identity: str,
    title: str,
    generated_at: datetime,
    self_url: str | None = None,
    link_base: str | None = None,
) -> bytes:
    """The feed document (UTF-8) for `changes`, newest first.

    With `link_base` (the public URL of `redline web`) each entry links to its change's page
    there, and to the article as `related`; without it, to the article.
    """
    feed = Element("feed", xmlns=ATOM)
    _text(feed, "id", identity)
    _text(feed, "title", title)
    newest = max((c.info.detected_at for c in changes), default=generated_at)
    _text(feed, "updated", newest.isoformat())
    author = SubElement(feed, "author")
    _text(author, "name", "redline")
    _text(feed, "generator", "redline").set("version", __version__)
    if self_url is not None:
        SubElement(feed, "link", rel="self", href=_clean(self_url))
    for detail in changes:
        _entry(feed, detail, link_base)
    document: bytes = tostring(feed, encoding="utf-8", xml_declaration=True)
    return document


def _entry(feed: Element, detail: ChangeDetail, link_base: str | None) -> None:
    info = detail.info
    entry = SubElement(feed, "entry")
    _text(entry, "id", entry_id(detail))
    event = [info.kind.upper()] if info.kind != "edit" else []
    kinds = ", ".join([*event, *(flag_label(k) for k in info.kinds)])
    _text(entry, "title", f"[{kinds}] {info.headline}" if kinds else info.headline)
    _text(entry, "updated", info.detected_at.isoformat())
    _text(entry, "published", info.detected_at.isoformat())
    if link_base is not None:
        page = change_url(link_base, info.id)
        SubElement(entry, "link", rel="alternate", type="text/html", href=_clean(page))
    if is_web_url(info.url):
        relation = "related" if link_base is not None else "alternate"
        SubElement(entry, "link", rel=relation, type="text/html", href=_clean(info.url))
    for kind in info.kinds:
        SubElement(entry, "category", term=kind, label=flag_label(kind))
    lines = [describe(info.kind, info.event)] if event else []
    lines += [flag_line(flag) for flag in detail.flags]
    summary = "\n".join(lines) or "Wording changed; no flags."
    _text(entry, "summary", summary).set("type", "text")
    _text(entry, "content", change_html(detail, link_base=link_base)).set("type", "html")


def _text(parent: Element, name: str, text: str) -> Element:
    element = SubElement(parent, name)
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
