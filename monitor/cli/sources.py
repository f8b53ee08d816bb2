"""Commands that follow feeds, sitemaps and section pages, whose new articles are watched."""

from dataclasses import asdict
from typing import Annotated

import typer

from monitor.cli.app import (
    Format,
    FormatOption,
    ago,
    command,
    emit_json,
    escape_markup,
    open_store,
    out,
    span,
    until,
    utc_now,
)
from monitor.cli.grids import Grid, print_grid
from monitor.config import source_spec
from monitor.fetching.urls import canonical_url
from monitor.watching.defaults import DEFAULT_POLL_EVERY
from storage.source_records import DEFAULT_MAX_ACTIVE, DEFAULT_MAX_PER_DAY, SourceInfo

PANEL = "Sources"


@command(panel=PANEL)
def follow(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="An RSS/Atom feed, a news sitemap or a section page.")],
    label: Annotated[str | None, typer.Option(help="A name for the source and its tag.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option(help="A tag for every article found; repeat for several.")
    ] = None,
    match: Annotated[
        str | None, typer.Option(help="Only articles whose URL or title matches this regex.")
    ] = None,
    exclude: Annotated[
        str | None, typer.Option(help="Skip articles whose URL or title matches this regex.")
    ] = None,
    kind: Annotated[
        str, typer.Option(help="auto, feed, sitemap or page (auto: read from the response).")
    ] = "auto",
    every: Annotated[
        str | None,
        typer.Option(help=f"Poll interval such as 10m (default {span(DEFAULT_POLL_EVERY)})."),
    ] = None,
    max_per_day: Annotated[
        int, typer.Option(help="At most this many new articles per 24 hours.")
    ] = DEFAULT_MAX_PER_DAY,
    max_active: Annotated[
        int, typer.Option(help="At most this many of its articles watched at once.")
    ] = DEFAULT_MAX_ACTIVE,
    allow_private: Annotated[
        bool,
        typer.Option(
            help="Watch its links even where they lead to another host on a loopback, private "
            "or link-local address (refused by default)."
        ),
    ] = False,
) -> None:
    """Follow a source: every new article it lists is watched from its first sighting."""
    spec = source_spec(
        url,
        label=label,
        tags=tuple(tag or ()),
        kind=kind,
        match=match,
        exclude=exclude,
        every=every,
        max_per_day=max_per_day,
        max_active=max_active,
        allow_private=allow_private,
    )
    with open_store(ctx) as store:
        source_id = store.sources.follow(spec, utc_now())
    out.print(
        f"following #{source_id} {spec.url}; it is read at the next `redline check` "
        "and while `redline serve` runs",
        markup=False,
        soft_wrap=True,
    )


@command(panel=PANEL)
def unfollow(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="URL|ID", help="A followed URL or its id.")],
) -> None:
    """Stop following a source; the articles it found stay watched until they retire."""
    key = target if target.isdigit() else canonical_url(target)
    with open_store(ctx) as store:
        shown, articles = store.sources.unfollow(key)
    out.print(
        f"stopped following {shown}; its {articles} article(s) stay watched",
        markup=False,
        soft_wrap=True,
    )


@command(panel=PANEL)
def sources(ctx: typer.Context, fmt: FormatOption = Format.text) -> None:
    """List followed sources with the articles each found and its last and next poll."""
    now = utc_now()
    with open_store(ctx) as store:
        found = store.sources.list_sources(now)
    if fmt is Format.json:
        emit_json([asdict(source) for source in found])
        return
    if not found:
        out.print("No sources yet. Follow a feed with: redline follow URL")
        return
    grid = Grid("id", "label / URL", "kind", "listed", "watched", "last poll", "next poll")
    for source in found:
        grid.add_row(
            str(source.id),
            _title(source),
            source.kind or "?",
            str(source.listed),
            f"{source.articles} ({source.active} active, {source.added_last_day} in 24 h)",
            ago(source.last_polled_at, now, source.last_outcome),
            until(source.next_poll_at, now),
        )
    print_grid(grid)
    for source in found:
        for line in _problems(source):
            out.print(f"#{source.id} {line}", markup=False, soft_wrap=True)


def _title(source: SourceInfo) -> str:
    name = source.label or source.title
    lines = [escape_markup(name)] if name else []
    lines.append(f"[dim]{escape_markup(source.display_url)}[/dim]")
    filters = [
        f"{word} {pattern}"
        for word, pattern in (("match", source.match), ("exclude", source.exclude))
        if pattern
    ]
    if filters:
        lines.append(f"[dim]{escape_markup(', '.join(filters))}[/dim]")
    return "\n".join(lines)


def _problems(source: SourceInfo) -> list[str]:
    """Lines under the table: the last poll's error, a cap that stopped additions, bad XML."""
    lines = [f"error: {source.last_error}"] if source.last_error else []
    if source.notice:
        lines.append(source.notice)
    return lines
