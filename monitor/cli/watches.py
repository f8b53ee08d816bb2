"""Commands that manage the watch list."""

from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from monitor.cli.alerts import import_rules
from monitor.cli.app import (
    command,
    open_store,
    out,
    span,
    utc_now,
    watch_key,
)
from monitor.config import cadence, load_rules, load_sources, load_watchlist, watch_spec
from monitor.errors import UsageError
from storage.records import Purged, WatchEdit

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
    if every is not None:
        cadence(every, "an article")
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


TargetArgument = Annotated[
    list[str], typer.Argument(metavar="URL|ID...", help="Watched URLs or their ids.")
]


@command(panel="Watch list")
def pause(ctx: typer.Context, targets: TargetArgument) -> None:
    """Stop checking articles for now; they stay listed with their history."""
    with open_store(ctx) as store:
        for target in targets:
            info = store.pause(watch_key(target))
            out.print(f"paused #{info.id} {info.display_url}", markup=False, soft_wrap=True)


@command(panel="Watch list")
def resume(ctx: typer.Context, targets: TargetArgument) -> None:
    """Check paused or archived articles again, starting now."""
    with open_store(ctx) as store:
        for target in targets:
            info = store.resume(watch_key(target), utc_now())
            out.print(f"resumed #{info.id} {info.display_url}", markup=False, soft_wrap=True)


@command(panel="Watch list")
def remove(
    ctx: typer.Context,
    targets: TargetArgument,
    purge: Annotated[
        bool,
        typer.Option(
            "--purge", help="Delete the stored versions, changes and checks too (no undo)."
        ),
    ] = False,
) -> None:
    """Stop watching articles and archive them: their changes stay in reports and feeds.

    An archived article is left out of `list` and is not added again by a source that still
    lists it; `resume` watches it again. Only `--purge` deletes history, and says what it
    deleted.
    """
    with open_store(ctx) as store:
        for target in targets:
            if purge:
                _say_purged(store.purge(watch_key(target)))
                continue
            info = store.archive(watch_key(target))
            out.print(
                f"archived #{info.id} {info.display_url}: its {info.versions} version(s) and "
                f"{info.changes} change(s) are kept; `redline resume {info.id}` watches it "
                f"again, `redline remove {info.id} --purge` deletes them",
                markup=False,
                soft_wrap=True,
            )


def _say_purged(purged: Purged) -> None:
    out.print(
        f"deleted {purged.display_url}: {purged.versions} version(s), {purged.changes} "
        f"change(s), {purged.checks} check(s) and {purged.rules} notification rule(s)",
        markup=False,
        soft_wrap=True,
    )
    if purged.source_id is not None:
        out.print(
            f"note: source #{purged.source_id} found it and adds it again if it still lists "
            "it; archive it instead (`redline remove` without --purge) to keep it out",
            markup=False,
            soft_wrap=True,
        )


@command(panel="Watch list")
def edit(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="URL|ID", help="A watched URL or its id.")],
    label: Annotated[
        str | None, typer.Option(help='A new label; "" removes it (the headline is shown).')
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Add this tag; repeatable.")] = None,
    untag: Annotated[list[str] | None, typer.Option(help="Remove this tag; repeatable.")] = None,
    every: Annotated[
        str | None, typer.Option(help="A fixed cadence such as 30m, or `auto` (by age).")
    ] = None,
    pin: Annotated[
        bool | None, typer.Option("--pin/--unpin", help="Keep checking it however old.")
    ] = None,
) -> None:
    """Change a watch's label, tags, cadence or pin."""
    change = WatchEdit(
        label=label,
        add_tags=_tags(tag),
        remove_tags=_tags(untag),
        every_seconds=None
        if every is None
        else 0
        if every == "auto"
        else cadence(every, "an article"),
        pinned=pin,
    )
    if change == WatchEdit():
        raise UsageError("nothing to change; give --label, --tag, --untag, --every or --pin")
    with open_store(ctx) as store:
        info = store.edit(watch_key(target), change, utc_now())
    pace = span(timedelta(seconds=info.every_seconds)) if info.every_seconds else "by age"
    out.print(
        f"edited #{info.id} {info.display_url}: label {info.label or '(none)'}, tags "
        f"{', '.join(info.tags) or '(none)'}, every {pace}{', pinned' if info.pinned else ''}",
        markup=False,
        soft_wrap=True,
    )


def _every(given: str | None) -> int | None:
    """None: unchanged; 0: back to the cadence by age (`auto`); else the new fixed cadence."""
    if given is None:
        return None
    return 0 if given == "auto" else cadence(given, "an article")


def _tags(given: list[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in given or () if t.strip()))


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


@command("import", panel="Watch list")
def import_watchlist(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A TOML watch list (see config/).")],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Make the file the whole truth: its tags only; what it leaves out is reset.",
        ),
    ] = False,
) -> None:
    """Add or update the watches, sources and notification rules of a TOML file; idempotent.

    Tags in the file are added to a watch's tags, and settings the file leaves out are kept
    (unless --replace). Each updated watch is named with the settings that changed.
    """
    specs = load_watchlist(file)
    source_specs = load_sources(file)
    rule_entries = load_rules(file)
    now = utc_now()
    with open_store(ctx) as store:
        done = store.upsert_watches(specs, now, replace=replace)  # all or nothing
        for spec, upserted in zip(specs, done, strict=True):
            if upserted.changed:
                out.print(
                    f"  updated {spec.display_url}: {', '.join(upserted.changed)}",
                    markup=False,
                    soft_wrap=True,
                )
        followed = Counter(store.sources.upsert(spec, now) for spec in source_specs)
        rules = import_rules(store, rule_entries)
    outcomes = Counter(upserted.outcome for upserted in done)
    out.print(f"watches: {_counts(outcomes)} from {file}", markup=False, soft_wrap=True)
    if source_specs:
        out.print(f"sources: {_counts(followed)}")
    if rule_entries:
        out.print(f"notification rules: {_counts(rules)}")


def _counts(outcomes: Counter[str]) -> str:
    return ", ".join(f"{outcomes[o]} {o}" for o in ("added", "updated", "unchanged"))
