"""Commands that publish changes for other people: a shareable HTML page and an Atom feed."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from monitor.cli.app import (
    FlaggedOption,
    KindOption,
    SinceOption,
    SourceOption,
    TagOption,
    UrlOption,
    change_query,
    command,
    open_store,
    out,
    public_url,
    settings,
    utc_now,
    warn_unknown_tags,
)
from monitor.errors import UsageError
from monitor.review.query import ChangeQuery

if TYPE_CHECKING:
    from monitor.review.publish import FeedFile


class Layout(StrEnum):
    """How the report shows a word diff."""

    side = "side"
    inline = "inline"


LimitOption = Annotated[int, typer.Option(help="At most this many changes, newest first.")]
SelfUrlOption = Annotated[
    str | None, typer.Option(help="The address the feed is published at (its self link).")
]


@command(panel="Publish")
def report(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The HTML file to write; - for stdout.", dir_okay=False
        ),
    ],
    since: SinceOption = None,
    url: UrlOption = None,
    flagged: FlaggedOption = False,
    kind: KindOption = None,
    tag: TagOption = None,
    source: SourceOption = None,
    limit: LimitOption = 200,
    layout: Annotated[
        Layout, typer.Option(help="side: old and new side by side; inline: one column.")
    ] = Layout.side,
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Show times in this zone, e.g. Europe/Berlin (default: local)."),
    ] = None,
) -> None:
    """Write one self-contained HTML page (no scripts, no remote assets) of changes and flags."""
    from monitor.review.htmlreport import render_report
    from monitor.review.publish import load_changes, write_file

    query = change_query(since, url, flagged, kind, limit, tag, source)
    with open_store(ctx) as store:
        warn_unknown_tags(store, query.tags)
        changes = load_changes(store, query)
    page = render_report(
        changes,
        generated_at=utc_now(),
        scope=query.describe(),
        layout=layout.value,
        tz=time_zone(tz),
        link_base=public_url(),
    )
    if str(output) == "-":  # stdout, as for `feed`: report -o - | ssh host 'cat > r.html'
        sys.stdout.buffer.write(page.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    write_file(output, page.encode("utf-8"))
    out.print(f"wrote {output} ({len(changes)} change(s))", markup=False, soft_wrap=True)


@command(panel="Publish")
def feed(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The Atom file to write (default: stdout).", dir_okay=False
        ),
    ] = None,
    since: SinceOption = None,
    url: UrlOption = None,
    flagged: FlaggedOption = False,
    kind: KindOption = None,
    tag: TagOption = None,
    source: SourceOption = None,
    limit: LimitOption = 50,
    self_url: SelfUrlOption = None,
) -> None:
    """Write an Atom feed with one entry per change, its flags in the summary."""
    from monitor.review.feed import render_feed
    from monitor.review.publish import load_changes

    query = change_query(since, url, flagged, kind, limit, tag, source)
    with open_store(ctx) as store:
        warn_unknown_tags(store, query.tags)
        if output is not None:
            count = feed_file(ctx, output, query, self_url).write(store, utc_now())
            out.print(f"wrote {output} ({count} entries)", markup=False, soft_wrap=True)
            return
        changes = load_changes(store, query)
    document = render_feed(
        changes,
        identity=_identity(ctx, query),
        title=_title(query),
        generated_at=utc_now(),
        self_url=self_url,
        link_base=public_url(),
    )
    sys.stdout.buffer.write(document)
    sys.stdout.buffer.flush()


def feed_file(ctx: typer.Context, path: Path, query: ChangeQuery, self_url: str | None) -> FeedFile:
    """The feed `redline feed -o` writes, and `redline serve --feed` keeps current."""
    from monitor.review.publish import FeedFile

    return FeedFile(path, query, _identity(ctx, query), _title(query), self_url, public_url())


def time_zone(name: str | None) -> tzinfo:
    """The zone a reader asked for by IANA name or `UTC`; by default this machine's."""
    if name is None:
        local = datetime.now().astimezone().tzinfo
        return local if local is not None else UTC
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"unknown time zone {name!r}; use a name such as Europe/Berlin") from None


def _identity(ctx: typer.Context, query: ChangeQuery) -> str:
    # The same database and filters give the same feed id, wherever the file is written.
    from monitor.review.feed import feed_id

    return feed_id(
        f"{settings(ctx).db_url}\n{query.flagged}\n{query.kinds}\n{query.url}"
        + (f"\n{query.tags}\n{query.sources}" if query.tags or query.sources else "")
    )


def _title(query: ChangeQuery) -> str:
    return f"redline: {query.describe()}"
