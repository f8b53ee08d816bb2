"""Renderers for people and programs: one-line flag summaries, word diffs, JSON documents.

They work on the plain dicts that are stored with each change (`ArticleDiff.to_dict()` and
`Flag.to_dict()`), so a change renders the same from `redline compare` and from the database.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from rich.text import Text

from monitor.analysis import Comparison
from monitor.article import Article

JSONDict = dict[str, Any]

_FLAG_LABELS = {
    "quote_changed": "QUOTE CHANGED",
    "quote_added": "QUOTE ADDED",
    "quote_removed": "QUOTE REMOVED",
    "attribution_changed": "ATTRIBUTION",
    "figure_changed": "FIGURE",
    "figure_added": "FIGURE ADDED",
    "figure_removed": "FIGURE REMOVED",
    "title_changed": "HEADLINE",
    "byline_changed": "BYLINE",
    "correction_added": "CORRECTION",
}
_DATE_UNITS = {"year", "decade", "date", "time"}  # calendar kinds of monitor.figures
_QUOTE_KINDS = {"quote_changed", "quote_added", "quote_removed"}
_STYLES = {"insert": "bold green", "delete": "bold red strike", "equal": ""}
_MARKERS = {"insert": ("{+", "+}"), "delete": ("[-", "-]"), "equal": ("", "")}


def flag_label(kind: str) -> str:
    """The short upper-case name a flag is listed under."""
    return _FLAG_LABELS.get(kind, kind.upper())


def flag_line(flag: Mapping[str, Any]) -> str:
    """One line that says what a flag found, e.g. `FIGURE  $119 billion -> $138 billion (+16%)`."""
    kind = str(flag.get("kind"))
    before, after = flag.get("before"), flag.get("after")
    if kind in _QUOTE_KINDS:
        before = _quoted(before)
        after = _quoted(after)
    if before is not None and after is not None:
        body = f"{before} -> {after}"
    else:
        body = str(after if after is not None else before)
    extras = []
    relative = flag.get("relative")
    # A relative change says something about amounts, nothing about which year or date it is.
    if kind == "figure_changed" and isinstance(relative, int | float) and not _is_date(flag):
        extras.append(f"{relative:+.0%}")
    speaker = flag.get("speaker")
    if kind in _QUOTE_KINDS and speaker:
        extras.append(str(speaker))
    suffix = f" ({', '.join(extras)})" if extras else ""
    return f"{flag_label(kind)}  {body}{suffix}"


def _is_date(flag: Mapping[str, Any]) -> bool:
    return flag.get("unit") in _DATE_UNITS


def _quoted(text: object) -> str | None:
    if text is None:
        return None
    stripped = str(text).strip("\"'\u201c\u201d\u2018\u2019 ")
    return f"\u201c{stripped}\u201d"


def diff_entries(diff: Mapping[str, Any]) -> list[JSONDict]:
    """The changed parts of a stored diff as a flat list: headline, byline, then paragraphs.

    Each entry is `{"field", "op", "old_index", "new_index", "segments"}`; unchanged
    paragraphs are left out.
    """
    entries: list[JSONDict] = []
    for name in ("headline", "byline"):
        segments = diff.get(name, [])
        if any(s["op"] != "equal" for s in segments):
            entries.append(
                {
                    "field": name,
                    "op": "change",
                    "old_index": None,
                    "new_index": None,
                    "segments": segments,
                }
            )
    for paragraph in diff.get("paragraphs", []):
        if paragraph["op"] != "equal":
            entries.append({"field": "body", **paragraph})
    return entries


def article_json(article: Article) -> JSONDict:
    """An article as the JSON contract shows it."""
    return {
        "headline": article.headline,
        "byline": article.byline,
        "published": _iso(article.published),
        "modified": _iso(article.modified),
        "paragraphs": list(article.paragraphs),
    }


def comparison_json(comparison: Comparison) -> JSONDict:
    """The documented `redline compare --format json` document."""
    diff = comparison.diff.to_dict()
    return {
        "changed": comparison.changed,
        "old": article_json(comparison.old),
        "new": article_json(comparison.new),
        "diff": diff_entries(diff) if comparison.changed else [],
        "rewrite": bool(diff.get("rewrite", False)),
        "flags": list(comparison.flag_dicts()),
    }


def segments_text(segments: Sequence[Mapping[str, Any]], *, color: bool) -> Text:
    """A word diff as styled text (colour) or with [-deleted-] {+inserted+} markers."""
    text = Text()
    for segment in segments:
        op, words = segment["op"], segment["text"]
        if color:
            text.append(words, style=_STYLES[op])
        else:
            start, end = _MARKERS[op]
            text.append(f"{start}{words}{end}")
    return text


def diff_text(diff: Mapping[str, Any], new: Article, *, color: bool, context: int = 120) -> Text:
    """The changed paragraphs of a diff, each after a trimmed line of the paragraph before it."""
    out = Text()
    for entry in diff_entries(diff):
        field, op = entry["field"], entry["op"]
        if field != "body":
            out.append(f"{field.upper()}\n", style="bold")
        else:
            where = entry["new_index"] if entry["new_index"] is not None else entry["old_index"]
            out.append(f"\u00b6 {where + 1} ({op})\n", style="bold cyan")
            previous = (entry["new_index"] or 0) - 1
            if entry["new_index"] is not None and 0 <= previous < len(new.paragraphs):
                out.append(f"  \u2026{_tail(new.paragraphs[previous], context)}\n", style="dim")
        out.append("  ")
        out.append_text(segments_text(entry["segments"], color=color))
        out.append("\n\n")
    return out


def _tail(text: str, width: int) -> str:
    return text if len(text) <= width else text[-width:].split(" ", 1)[-1]


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None
