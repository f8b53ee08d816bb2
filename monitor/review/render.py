"""Renderers for people and programs: one-line flag summaries, word diffs, JSON documents.

They work on the plain dicts that are stored with each change (`ArticleDiff.to_dict()` and
`Flag.to_dict()`), so a change renders the same from `redline compare` and from the database.
"""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

from rich.text import Text

from monitor.analysis.comparison import Comparison
from monitor.analysis.timeline import Event, Track
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
FLAG_KINDS = tuple(_FLAG_LABELS)  # every flag kind, in the order lists offer them
_DATE_UNITS = {"year", "decade", "date", "time"}  # calendar kinds of monitor.analysis.figures
_QUOTE_KINDS = {"quote_changed", "quote_added", "quote_removed"}
_STYLES = {"insert": "bold green", "delete": "bold red strike", "equal": ""}
_MARKERS = {"insert": ("{+", "+}"), "delete": ("[-", "-]"), "equal": ("", "")}


def change_url(link_base: str, change_id: int | str) -> str:
    """The address of a change's page in `redline web` served at `link_base`."""
    return f"{link_base.rstrip('/')}/changes/{change_id}"


def flag_label(kind: str) -> str:
    """The short upper-case name a flag is listed under."""
    return _FLAG_LABELS.get(kind, kind.upper())


def flag_line(flag: Mapping[str, Any]) -> str:
    """One line that says what a flag found: `FIGURE  $119 million -> $138 million (+16%)`.

    Quotes carry their speaker; changed figures their difference (`+$19 million, +16%`).
    """
    label, before, after, extras = flag_parts(flag)
    body = f"{before} -> {after}" if before is not None and after is not None else before or after
    suffix = f" ({', '.join(extras)})" if extras else ""
    return f"{label}  {body}{suffix}"


def flag_parts(flag: Mapping[str, Any]) -> tuple[str, str | None, str | None, list[str]]:
    """A flag's label, its before and after as shown (quotes in quotation marks), its extras."""
    kind = str(flag.get("kind"))
    before, after = flag.get("before"), flag.get("after")
    if kind in _QUOTE_KINDS:
        return flag_label(kind), _quoted(before), _quoted(after), flag_extras(flag)
    shown = [None if text is None else str(text) for text in (before, after)]
    return flag_label(kind), shown[0], shown[1], flag_extras(flag)


def flag_extras(flag: Mapping[str, Any]) -> list[str]:
    """What a flag adds to its before and after: a figure's difference, a quote's speaker."""
    kind = str(flag.get("kind"))
    extras = []
    # A difference says something about amounts, nothing about which year or date it is.
    if kind == "figure_changed" and not _is_date(flag):
        delta = figure_delta(flag.get("delta"), flag.get("unit"))
        if delta is not None:
            extras.append(delta)
        relative = flag.get("relative")
        if isinstance(relative, int | float):
            extras.append(f"{relative:+.0%}")
    speaker = flag.get("speaker")
    if kind in _QUOTE_KINDS and speaker:
        extras.append(str(speaker))
    return extras


_CURRENCY_SIGNS = {"USD": "$", "GBP": "\u00a3", "EUR": "\u20ac", "JPY": "\u00a5", "INR": "\u20b9"}
# Units whose difference reads as a bare number; a change of a percentage is in points.
_PLAIN_UNITS = {"count", "tally", "age", "times", "fraction", "ratio"}
_POINT_UNITS = {"percent", "percentage points", "points"}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def figure_delta(delta: object, unit: object) -> str | None:
    """A figure's signed difference as a reader writes it: `+$19 million`, `-4,000`, `+3 points`."""
    if not isinstance(delta, int | float) or isinstance(delta, bool) or not isinstance(unit, str):
        return None
    sign = "+" if delta >= 0 else "-"
    amount = _amount(abs(delta))
    if unit in _CURRENCY_SIGNS:
        return f"{sign}{_CURRENCY_SIGNS[unit]}{amount}"
    if len(unit) == 3 and unit.isupper():  # other currency codes
        return f"{sign}{unit} {amount}"
    if unit in _POINT_UNITS:
        return f"{sign}{amount} {'point' if abs(delta) == 1 else 'points'}"
    if unit in _PLAIN_UNITS:
        return f"{sign}{amount}"
    return f"{sign}{amount} {unit}"


def _amount(value: float) -> str:
    for size, name in _SCALES:
        if value >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {name}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


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
        "language": article.language or None,
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


def when(moment: datetime, tz: tzinfo = UTC) -> str:
    """A moment as every view prints it: `2026-11-25 09:00:00 UTC` (or in `tz`, named)."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S %Z")


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


def timeline_text(tracks: Sequence[Track]) -> Text:
    """Each quote, then each figure, with one line per version that changed it."""
    out = Text()
    for kind, title in (("quote", "QUOTES"), ("figure", "FIGURES")):
        group = [t for t in tracks if t.kind == kind]
        if not group:
            continue
        out.append(f"{title} ({len(group)})\n", style="bold")
        for track in group:
            out.append_text(_track_head(track))
            for event in track.events:
                out.append(f"    v{event.number:<3} {when(event.at)}  ", style="dim")
                style = "bold yellow" if event.flag and event.kind != "first_seen" else ""
                out.append(event_text(event) + "\n", style=style)
        out.append("\n")
    return out


def _track_head(track: Track) -> Text:
    head = Text("  ")
    first = track.first
    if track.kind == "quote":
        head.append(_quoted(first.text) or "", style="italic")
        if first.speaker:
            head.append(f" \u2014 {first.speaker}")
    else:
        head.append(first.text, style="bold")
        head.append(f"  in \u201c{_around(track.context, first.text, 50)}\u201d", style="dim")
    head.append("\n")
    return head


def event_text(event: Event) -> str:
    """What one version did to a quote or figure: first seen, a flag line, removed."""
    flag = event.flag
    label = flag_label(str(flag["kind"])) if flag else None
    if event.kind == "first_seen":
        return f"first seen ({label})" if label else "first seen"
    if event.kind == "removed":
        return f"removed ({label})" if label else "no longer found (not flagged)"
    return flag_line(flag) if flag else event.kind


def _around(sentence: str, part: str, width: int) -> str:
    """The sentence trimmed to `width` characters either side of `part`."""
    at = sentence.find(part)
    if at < 0 or len(sentence) <= 2 * width + len(part):
        return sentence
    start, end = max(at - width, 0), min(at + len(part) + width, len(sentence))
    lead = "\u2026" if start > 0 else ""
    tail = "\u2026" if end < len(sentence) else ""
    return f"{lead}{sentence[start:end].strip()}{tail}"
