"""The HTML report: one self-contained page of changes, flags first, to read or share offline.

Article text is whatever a publisher (or an attacker who controls a watched page) wrote, so every
piece of it goes through `html.escape`, links are made only from http(s) watch URLs, and a
Content-Security-Policy forbids scripts, plugins, frames, forms and remote loads as a second
line of defence. The page has no external assets: its one stylesheet is inline and allowed by
its hash.
"""

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from html import escape
from typing import Any, Literal

from monitor.review.render import change_url, diff_entries, flag_label, flag_parts, when
from monitor.watching.events import describe
from storage.records import ChangeDetail

Layout = Literal["side", "inline"]

REPORT_CSS = """
:root { --ink: #1d1d1f; --dim: #6b6b70; --line: #d9d9de; --del: #fbe2e2; --ins: #dcf5e3;
  --flag: #fff4d6; --accent: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: var(--ink);
  font: 16px/1.5 Georgia, "DejaVu Serif", serif; background: #fff; }
header.page h1 { margin: 0; font-size: 1.6rem; }
header.page h1 span { color: var(--accent); }
.dim, .meta { color: var(--dim); font-size: .9rem; }
nav ol { padding-left: 1.4rem; }
nav li { margin: .15rem 0; }
.change { border-top: 3px solid var(--ink); margin-top: 2rem; padding-top: .75rem; }
.change h2 { margin: 0 0 .25rem; font-size: 1.3rem; }
.change h2 a { color: inherit; }
.flags { list-style: none; padding: 0; margin: 1rem 0; }
.flag { background: var(--flag); border-left: 4px solid #e0a800; padding: .5rem .75rem;
  margin: .4rem 0; }
.flag .kind { font: bold .75rem/1 system-ui, "DejaVu Sans", sans-serif; letter-spacing: .05em;
  margin-right: .5rem; }
.flag .extras { color: var(--dim); }
.flag .context { font-size: .9rem; margin: .35rem 0 0; }
.noflags { color: var(--dim); font-style: italic; }
.diff { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: .5rem; }
.diff th { text-align: left; font: bold .8rem system-ui, "DejaVu Sans", sans-serif;
  color: var(--dim); padding: .4rem .5rem 0; }
.diff td { vertical-align: top; padding: .3rem .5rem .6rem; border-bottom: 1px solid var(--line);
  overflow-wrap: anywhere; }
.diff td.old { background: #fcfcfd; }
del { background: var(--del); text-decoration: line-through; color: #7a1111; }
ins { background: var(--ins); text-decoration: none; color: #0b5a27; }
.empty { color: var(--dim); font-style: italic; }
footer { margin-top: 3rem; color: var(--dim); font-size: .85rem; }
@media (max-width: 40rem) {
  body { padding: .75rem; }
  .diff.side, .diff.side tbody, .diff.side tr, .diff.side td, .diff.side th { display: block;
    width: 100%; }
  .diff.side td.old::before, .diff.side td.new::before { display: block; color: var(--dim);
    font: bold .75rem system-ui, "DejaVu Sans", sans-serif; }
  .diff.side td.old::before { content: "Before"; }
  .diff.side td.new::before { content: "After"; }
}
"""
_REPORT_CSS_HASH = base64.b64encode(hashlib.sha256(REPORT_CSS.encode()).digest()).decode()
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    f"style-src 'sha256-{_REPORT_CSS_HASH}'; "
    "img-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)
_WEB_URL = re.compile(r"https?://[^\s]+$", re.IGNORECASE)
_OPS = {"change": "edited", "insert": "added", "delete": "removed", "move": "moved"}


def render_report(
    changes: Sequence[ChangeDetail],
    *,
    generated_at: datetime,
    scope: str,
    layout: Layout = "side",
    tz: tzinfo = UTC,
    link_base: str | None = None,
) -> str:
    """The whole page for `changes` (newest first); `scope` says which changes were asked for.

    Times are shown in `tz`, the readers' zone, with its name. With `link_base` (the public
    URL of `redline web`) each change links to its page there.
    """
    flagged = sum(1 for c in changes if c.flags)
    title = f"redline: {len(changes)} change{'s' * (len(changes) != 1)}"
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CONTENT_SECURITY_POLICY)}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{_e(title)}</title>\n<style>{REPORT_CSS}</style>\n</head>\n<body>\n",
        '<header class="page">\n<h1><span>redline</span> \u2014 what changed</h1>\n',
        f'<p class="meta">{len(changes)} change{"s" * (len(changes) != 1)}, {flagged} with '
        f"flags \u00b7 {_e(scope)} \u00b7 generated {_e(when(generated_at, tz))}</p>\n</header>\n",
    ]
    if not changes:
        parts.append('<p class="noflags">No changes match.</p>\n')
    else:
        parts.append(_contents(changes))
        parts.extend(
            change_html(detail, layout=layout, tz=tz, link_base=link_base) for detail in changes
        )
    parts.append(
        "<footer>Made by redline. Text is shown as the publisher printed it; deletions are "
        "<del>struck through</del>, insertions <ins>highlighted</ins>.</footer>\n"
        "</body>\n</html>\n"
    )
    return "".join(parts)


def _contents(changes: Sequence[ChangeDetail]) -> str:
    """One entry per article, its changes linked in order, so an article edited five times is
    one line, not five."""
    articles: dict[int, list[ChangeDetail]] = {}
    for detail in changes:
        articles.setdefault(detail.info.watch_id, []).append(detail)
    items = []
    for details in articles.values():
        latest = details[0].info
        links = ", ".join(
            f'<a href="#change-{d.info.id}">#{d.info.id}</a> '
            f'<span class="dim">{_e(", ".join(flag_label(k) for k in d.info.kinds) or "no flags")}'
            "</span>"
            for d in details
        )
        name = latest.label or latest.headline
        items.append(f'<li><a href="#change-{latest.id}">{_e(name)}</a> \u2014 {links}</li>')
    return '<nav>\n<h2 class="dim">Articles</h2>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</nav>\n"


def change_html(
    detail: ChangeDetail,
    *,
    layout: Layout = "side",
    tz: tzinfo = UTC,
    link_base: str | None = None,
) -> str:
    """One change as an HTML fragment: headline, source, flags, then the word diff."""
    info, new = detail.info, detail.new
    source = _link(info.url, info.label or info.url)
    number = f"change #{info.id}"
    if link_base is not None:
        number = _link(change_url(link_base, info.id), number)
    target = f"version {info.to_version} ({when(new.fetched_at, tz)})" if new else "no article"
    event = f"<p><strong>{_e(describe(info.kind, info.event))}</strong></p>\n"
    return (
        f'<article class="change" id="change-{info.id}">\n'
        f"<h2>{_e(info.headline)}</h2>\n"
        f'<p class="meta">{source} \u00b7 {number} \u00b7 version {info.from_version} '
        f"({_e(when(detail.old.fetched_at, tz))}) \u2192 {_e(target)}</p>\n"
        f"{event if info.kind != 'edit' else ''}"
        f"{_flags(detail.flags)}"
        f"{_diff(detail.diff, layout)}"
        "</article>\n"
    )


def _flags(flags: Sequence[Mapping[str, Any]]) -> str:
    if not flags:
        return '<p class="noflags">No flags: the wording changed, no claim did.</p>\n'
    return '<ul class="flags">\n' + "\n".join(flag_html(f) for f in flags) + "\n</ul>\n"


def flag_html(flag: Mapping[str, Any]) -> str:
    """One flag as a list item: its label, before and after, extras and context."""
    label, before, after, extras = flag_parts(flag)
    if before is not None and after is not None:
        body = f"<del>{_e(before)}</del> \u2192 <ins>{_e(after)}</ins>"
    elif before is not None:
        body = f"<del>{_e(before)}</del>"
    else:
        body = f"<ins>{_e(after or '')}</ins>"
    extra = f' <span class="extras">({_e(", ".join(extras))})</span>' if extras else ""
    context = _context(flag)
    kind = _e(str(flag.get("kind")))
    label_html = f'<span class="kind">{_e(label)}</span>'
    return f'<li class="flag {kind}">{label_html} {body}{extra}{context}</li>'


def _context(flag: Mapping[str, Any]) -> str:
    """The sentences around a flag, when they say more than the flag itself."""
    old, new = flag.get("old_sentence"), flag.get("new_sentence")
    shown = f"{flag.get('before')}\n{flag.get('after')}"
    lines = []
    if isinstance(old, str) and old and old != new and old not in shown:
        lines.append(f"<b>Before:</b> {_e(old)}")
    if isinstance(new, str) and new and new not in shown:
        lines.append(f"<b>{'After' if lines else 'In'}:</b> {_e(new)}")
    return f'<p class="context">{"<br>".join(lines)}</p>' if lines else ""


def _diff(diff: Mapping[str, Any], layout: Layout) -> str:
    entries = diff_entries(diff)
    if not entries:
        return ""
    rows = []
    for entry in entries:
        where = _where(entry)
        segments = entry["segments"]
        if layout == "inline":
            rows.append(f"<tr><th>{_e(where)}</th></tr><tr><td>{_inline(segments)}</td></tr>")
        else:
            old = _side(segments, "delete")
            new = _side(segments, "insert")
            rows.append(
                f'<tr><th colspan="2">{_e(where)}</th></tr>'
                f'<tr><td class="old">{old}</td><td class="new">{new}</td></tr>'
            )
    head = "" if layout == "inline" else "<colgroup><col><col></colgroup>"
    return f'<table class="diff {layout}">{head}\n' + "\n".join(rows) + "\n</table>\n"


def _where(entry: Mapping[str, Any]) -> str:
    if entry["field"] != "body":
        return str(entry["field"]).capitalize()
    old, new, op = entry["old_index"], entry["new_index"], entry["op"]
    at = f"\u00b6 {(new if new is not None else old) + 1}"
    if op == "move":
        return f"{at} (moved from \u00b6 {old + 1})"
    return f"{at} ({_OPS.get(op, op)})"


def _side(segments: Iterable[Mapping[str, Any]], shown: str) -> str:
    """One version's text of a word diff: the shared words and its own (`delete` or `insert`)."""
    tag = "del" if shown == "delete" else "ins"
    html = "".join(
        _e(s["text"]) if s["op"] == "equal" else f"<{tag}>{_e(s['text'])}</{tag}>"
        for s in segments
        if s["op"] in ("equal", shown)
    )
    return html if html.strip() else '<span class="empty">(none)</span>'


def _inline(segments: Iterable[Mapping[str, Any]]) -> str:
    tags = {"delete": "del", "insert": "ins"}
    return "".join(
        f"<{tags[s['op']]}>{_e(s['text'])}</{tags[s['op']]}>" if s["op"] in tags else _e(s["text"])
        for s in segments
    )


def is_web_url(url: str) -> bool:
    """True for an http(s) URL with nothing before the scheme: the only URLs ever linked."""
    return _WEB_URL.match(url) is not None


def _link(url: str, text: str) -> str:
    """A link to a watched article; anything but http(s) is shown as text, never linked."""
    if not is_web_url(url):
        return _e(text)
    return f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(text)}</a>'


def _e(text: str) -> str:
    return escape(text, quote=True)
