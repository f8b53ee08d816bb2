"""Commands that manage the watch list."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from monitor.cli.app import (
    Format,
    FormatOption,
    ago,
    command,
    emit_json,
    escape_markup,
    fields_of,
    open_store,
    out,
    until,
    watch_key,
)
from monitor.config import load_sources, load_watchlist, watch_spec
from monitor.watching.events import LIVE
from monitor.watching.service import utc_now
from storage.records import WatchInfo

# -- the watch list ------------------------------------------------------------------------


@command(panel="Watch list")
def add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The article URL.")],
    label: Annotated[str | None, typer.Option(help="A name to show instead of the URL.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag; repeat for several.")] = None,
    every: Annotated[
        str | None, typer.Option(help="Fixed cadence such as 30m or 2h (default: by age).")
    ] = None,
    pin: Annotated[bool, typer.Option(help="Keep checking it however old it gets.")] = False,
    ignore_robots: Annotated[
        bool, typer.Option(help="Fetch it even where the site's robots.txt says no.")
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option(
            help="Follow its redirects even to another host on a loopback, private or "
            "link-local address (refused by default)."
        ),
    ] = False,
) -> None:
    """Watch an article URL; its first check is due at once."""
    spec = watch_spec(
        url,
        label=label,
        tags=tuple(tag or ()),
        every=every,
        pin=pin,
        ignore_robots=ignore_robots,
        allow_private=allow_private,
    )
    with open_store(ctx) as store:
        watch_id = store.add_watch(spec, utc_now())
    out.print(f"watching #{watch_id} {spec.url}")


@command(panel="Watch list")
def remove(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="URL|ID", help="A watched URL or its id.")],
) -> None:
    """Stop watching an article and delete its stored versions."""
    with open_store(ctx) as store:
        shown = store.remove_watch(watch_key(target))
    out.print(f"removed {shown}")


@command(panel="Watch list")
def pin(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="URL|ID", help="A watched URL or its id.")],
    off: Annotated[bool, typer.Option("--off", help="Unpin: retire it by age again.")] = False,
) -> None:
    """Keep checking an article however old it gets (a retired one is checked again now)."""
    with open_store(ctx) as store:
        info = store.pin(watch_key(target), not off, utc_now())
    out.print(f"{'unpinned' if off else 'pinned'} #{info.id} {info.display_url}")


@command("list", panel="Watch list")
def list_watches(ctx: typer.Context, fmt: FormatOption = Format.text) -> None:
    """List watched articles with their state, last and next check."""
    with open_store(ctx) as store:
        watches = store.list_watches()
    if fmt is Format.json:
        emit_json([fields_of(w) for w in watches])
        return
    if not watches:
        out.print("No watches yet. Add one with: redline add URL")
        return
    table = Table(
        "id", "label / URL", "lang", "state", "last check", "versions", "changes", "next check"
    )
    now = utc_now()
    for w in watches:
        table.add_row(
            str(w.id),
            _watch_title(w),
            w.language or "-",
            _state(w, now),
            ago(w.last_checked_at, now, w.last_outcome),
            str(w.versions),
            str(w.changes),
            "retired" if w.state == "retired" else until(w.next_check_at, now),
        )
    out.print(table)


@command("import", panel="Watch list")
def import_watchlist(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A TOML watch list (see config/).")],
) -> None:
    """Add or update the watches and sources in a TOML file; running it twice changes nothing."""
    specs = load_watchlist(file)
    source_specs = load_sources(file)
    now = utc_now()
    with open_store(ctx) as store:
        added = store.upsert_watches(specs, now)  # all or nothing
        followed = sum(store.sources.upsert(spec, now) for spec in source_specs)
    out.print(f"{added} added, {len(specs) - added} updated from {file}")
    if source_specs:
        out.print(f"{followed} source(s) followed, {len(source_specs) - followed} updated")


def _state(w: WatchInfo, now: datetime) -> str:
    """The watch's state, the article's if it is not live, and the last error."""
    parts = [f"{w.state} (pinned)" if w.pinned else w.state]
    if w.presence != LIVE:
        parts.append(f"article {w.presence} {ago(w.presence_since, now)}")
    text = ", ".join(parts)
    return f"{text}: {escape_markup(w.last_error)}" if w.last_error else text


def _watch_title(w: WatchInfo) -> str:
    url = escape_markup(w.display_url)
    return f"{escape_markup(w.label)}\n[dim]{url}[/dim]" if w.label else url
