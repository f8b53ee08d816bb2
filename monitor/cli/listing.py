"""`redline list`: the watch list as a table, a compact block per watch, or JSON.

Full URLs always: a desk copies links from this list. A terminal narrower than a table needs
gets one block per watch instead of columns squeezed to nothing; piped output is never
wrapped (see monitor.cli.app), so a long row stays one line for grep.
"""

from datetime import datetime
from typing import Annotated

import typer

from monitor.cli.app import (
    Format,
    FormatOption,
    SourceOption,
    TagOption,
    ago,
    command,
    emit_json,
    escape_markup,
    fields_of,
    open_store,
    out,
    until,
    utc_now,
    warn_unknown_tags,
)
from monitor.cli.grids import Grid, print_grid
from monitor.review.query import on_desk, source_ids
from monitor.watching.events import LIVE
from storage.records import ARCHIVED, CHECKED_STATES, WatchInfo

# Below this many columns the table's seven columns leave a URL a few letters a line.
COMPACT_BELOW = 100


@command("list", panel="Watch list")
def list_watches(
    ctx: typer.Context,
    tag: TagOption = None,
    source: SourceOption = None,
    archived: Annotated[
        bool, typer.Option("--archived", help="Include archived watches (`redline remove`).")
    ] = False,
    fmt: FormatOption = Format.text,
) -> None:
    """List watched articles with their tags, state, last and next check."""
    with open_store(ctx) as store:
        warn_unknown_tags(store, tag or ())
        found_by = source_ids(store, source or ())
        watches = [w for w in store.list_watches() if on_desk(w, tag or (), found_by)]
    hidden = 0 if archived else sum(w.state == ARCHIVED for w in watches)
    if not archived:
        watches = [w for w in watches if w.state != ARCHIVED]
    if fmt is Format.json:
        emit_json([fields_of(w) for w in watches])
        return
    if not watches and not hidden:
        filtered = bool(tag or source)
        out.print(
            "No watch matches." if filtered else "No watches yet. Add one with: redline add URL"
        )
    elif out.is_terminal and out.width < COMPACT_BELOW:
        _print_blocks(watches, utc_now())
    else:
        _print_table(watches, utc_now())
    if hidden:
        out.print(f"{hidden} archived watch(es) not shown; `redline list --archived` shows them")


def _print_table(watches: list[WatchInfo], now: datetime) -> None:
    grid = Grid(
        "id", "article", "tags", "lang", "state", "last check", "versions", "changes", "next"
    )
    for w in watches:
        grid.add_row(
            str(w.id),
            _article(w),
            escape_markup(", ".join(w.tags)),
            w.language or "-",
            _state(w, now),
            ago(w.last_checked_at, now, w.last_outcome),
            str(w.versions),
            str(w.changes),
            _next(w, now),
        )
    print_grid(grid)


def _print_blocks(watches: list[WatchInfo], now: datetime) -> None:
    for w in watches:
        out.print(f"[bold]#{w.id}[/bold] {escape_markup(title(w))}", soft_wrap=True)
        if title(w) != w.display_url:  # the terminal wraps it, so it copies as one link
            out.print(f"  {w.display_url}", markup=False, soft_wrap=True)
        language = f"; {w.language}" if w.language else ""
        out.print(f"  {_state(w, now)}; {w.versions} version(s), {w.changes} change(s){language}")
        out.print(f"  last {ago(w.last_checked_at, now, w.last_outcome)}; next {_next(w, now)}")
        if w.tags:
            out.print(f"  tags: {', '.join(w.tags)}", markup=False)


def title(w: WatchInfo) -> str:
    """What to call a watched article: the user's label, else its headline as it is now."""
    return w.label or w.headline or w.display_url


def _article(w: WatchInfo) -> str:
    url = escape_markup(w.display_url)
    name = title(w)
    return url if name == w.display_url else f"{escape_markup(name)}\n[dim]{url}[/dim]"


def _next(w: WatchInfo, now: datetime) -> str:
    return until(w.next_check_at, now) if w.state in CHECKED_STATES else "-"


def _state(w: WatchInfo, now: datetime) -> str:
    """The watch's state, the article's if it is not live, and the last error."""
    parts = [f"{w.state} (pinned)" if w.pinned else w.state]
    if w.presence != LIVE:
        parts.append(f"article {w.presence} {ago(w.presence_since, now)}")
    text = ", ".join(parts)
    return f"{text}: {escape_markup(w.last_error)}" if w.last_error else text
