"""Commands that review what changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from monitor.cli.app import (
    FlaggedOption,
    Format,
    FormatOption,
    KindOption,
    SinceOption,
    SourceOption,
    TagOption,
    UrlOption,
    ago,
    change_query,
    command,
    emit_json,
    escape_markup,
    open_store,
    out,
    utc_now,
    warn_unknown_tags,
    watch_key,
)
from monitor.cli.grids import Grid, print_grid
from monitor.errors import UsageError
from monitor.fetching.urls import canonical_url
from monitor.review.query import find_changes
from monitor.watching.events import describe
from storage.records import ChangeInfo

if TYPE_CHECKING:
    from monitor.analysis.comparison import Comparison

# -- review --------------------------------------------------------------------------------

ExitCodeOption = Annotated[
    bool,
    typer.Option(
        "--exit-code", help="Exit 1 when there is a reader-visible change, 0 when not (as diff)."
    ),
]


@command(panel="Review")
def changes(
    ctx: typer.Context,
    since: SinceOption = None,
    url: UrlOption = None,
    flagged: FlaggedOption = False,
    kind: KindOption = None,
    tag: TagOption = None,
    source: SourceOption = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    fmt: FormatOption = Format.text,
) -> None:
    """List changes, newest first."""
    query = change_query(since, url, flagged, kind, limit, tag, source)
    with open_store(ctx) as store:
        warn_unknown_tags(store, query.tags)
        found = find_changes(store, query)
    if fmt is Format.json:
        emit_json([asdict(c) for c in found])
        return
    if not found:
        out.print("No changes found.")
        return
    grid = Grid("id", "when", "article", "versions", "flags")
    for c in found:
        grid.add_row(
            str(c.id),
            ago(c.detected_at, utc_now()),
            f"{escape_markup(c.headline)}\n[dim]{escape_markup(c.label or c.url)}[/dim]",
            f"{c.from_version} -> {c.to_version or '-'}",
            _flag_summary(c),
        )
    print_grid(grid)


@command(panel="Review")
def show(
    ctx: typer.Context,
    change_id: Annotated[int, typer.Argument(help="A change id from `redline changes`.")],
    fmt: FormatOption = Format.text,
) -> None:
    """Show one change: its flags, then the word diff with paragraph context."""
    from monitor.analysis.comparison import analyse
    from monitor.review.documents import change_json
    from monitor.review.render import diff_text, when

    with open_store(ctx) as store:
        detail = store.change_detail(change_id)
    if fmt is Format.json:
        emit_json(change_json(detail))
        return
    info, new = detail.info, detail.new
    out.print(f"[bold]Change #{info.id}[/bold]  {escape_markup(info.label or info.headline)}")
    out.print(info.url, markup=False, soft_wrap=True)
    target = f"version {info.to_version} ({when(new.fetched_at)})" if new else "no article"
    out.print(f"version {info.from_version} ({when(detail.old.fetched_at)}) -> {target}")
    if info.kind != "edit":
        _print_event(info)
        if not detail.diff:
            if info.kind == "variant" and new is not None:  # the diff is the earlier edit's
                _print_comparison(analyse(detail.old.article, new.article), Format.text)
            return
    _print_flags(detail.flags)
    if new is not None:
        out.print(diff_text(detail.diff, new.article, color=out.is_terminal))


def _print_event(info: ChangeInfo) -> None:
    line = describe(info.kind, info.event)
    out.print(f"\n  [bold magenta]{escape_markup(line)}[/bold magenta]")
    said = (info.event or {}).get("text")
    if said:
        out.print(f"  [dim]the page now says:[/dim] {escape_markup(str(said))}")
    out.print()


def _print_flags(flags: Sequence[dict[str, Any]]) -> None:
    from monitor.review.render import flag_line

    if not flags:
        out.print("[dim]no flags[/dim]\n")
        return
    out.print()
    for flag in flags:
        out.print(f"  [bold yellow]{escape_markup(flag_line(flag))}[/bold yellow]")
    out.print()


@command(panel="Review")
def history(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="A watched URL or its id.")],
    fmt: FormatOption = Format.text,
) -> None:
    """List the stored versions of one article."""
    from monitor.review.documents import alternating, history_json, rereadings
    from monitor.review.render import when

    key = watch_key(url)
    with open_store(ctx) as store:
        versions = store.versions(key)
        sightings = store.sightings(key)
        pairs = alternating(store.changes(url=key, kinds=("variant",)))
        again = rereadings(versions, {c.to_version for c in store.changes(url=key, limit=10**9)})
    if fmt is Format.json:
        emit_json(history_json(versions, sightings, pairs, again))
        return
    if not versions:
        out.print("No versions yet: the article has not been fetched successfully.")
        return
    grid = Grid("version", "first seen", "headline", "words", "checks seeing it")
    for v in versions:
        count, last = sightings.get(v.number, (0, None))
        grid.add_row(
            str(v.number),
            when(v.fetched_at),
            escape_markup(v.article.headline),
            str(v.article.word_count),
            f"{count} (last {when(last)})" if last else "0",
        )
    print_grid(grid)
    for a, b in pairs:
        out.print(
            f"versions {a} and {b} alternate (an A/B test or regional variants): each switch is "
            "counted, not reported as a new change"
        )
    for number in sorted(again):
        out.print(
            f"version {number} is version {number - 1}'s article as an upgraded extractor reads"
            " it: not an edit"
        )


@command(panel="Review")
def diff(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="A watched URL or its id.")],
    from_number: Annotated[int | None, typer.Option("--from", help="Old version number.")] = None,
    to_number: Annotated[
        int | None, typer.Option("--to", help="New version (default: last).")
    ] = None,
    exit_code: ExitCodeOption = False,
    fmt: FormatOption = Format.text,
) -> None:
    """Diff two stored versions of an article (default: the last two)."""
    from monitor.analysis.comparison import analyse
    from monitor.review.render import comparison_json

    with open_store(ctx) as store:
        watch = store.find_watch(watch_key(url))
        versions = {v.number: v for v in store.versions(str(watch.id))}
    if len(versions) < 2 and from_number is None:
        raise UsageError("this article has fewer than two versions; nothing to diff yet")
    new_n = to_number or max(versions)
    old_n = from_number or new_n - 1
    missing = [n for n in (old_n, new_n) if n not in versions]
    if missing:
        raise UsageError(f"no version {missing[0]}; versions are 1 to {max(versions, default=0)}")
    comparison = analyse(versions[old_n].article, versions[new_n].article)
    if fmt is Format.json:
        header = {"watch_id": watch.id, "url": watch.display_url, "from_version": old_n}
        emit_json({**header, "to_version": new_n, **comparison_json(comparison)})
    else:
        _print_comparison(comparison, fmt)
    _exit_if_changed(comparison, exit_code)


@command(panel="Review")
def compare(
    old: Annotated[str, typer.Argument(help="Old version: an HTML file or a URL.")],
    new: Annotated[str, typer.Argument(help="New version: an HTML file or a URL.")],
    exit_code: ExitCodeOption = False,
    fmt: FormatOption = Format.text,
) -> None:
    """Compare two pages through the same extract -> diff -> flag pipeline, no database.

    Exits 0 whether or not they differ, unless --exit-code (then 1 when they differ).
    """
    import asyncio

    from monitor.analysis.comparison import analyse
    from monitor.extraction.pipeline import extract_article

    old_html, new_html = asyncio.run(_read_pages(old, new))
    comparison = analyse(extract_article(old_html), extract_article(new_html))
    _print_comparison(comparison, fmt)
    _exit_if_changed(comparison, exit_code)


def _exit_if_changed(comparison: Comparison, asked: bool) -> None:
    if asked and comparison.changed:
        raise typer.Exit(1)


def _print_comparison(comparison: Comparison, fmt: Format) -> None:
    from monitor.review.render import comparison_json, diff_text

    if fmt is Format.json:
        emit_json(comparison_json(comparison))
        return
    if not comparison.changed:
        out.print("No reader-visible change.")
        return
    _print_flags(comparison.flag_dicts())
    diff = comparison.diff.to_dict()
    out.print(diff_text(diff, comparison.new, color=out.is_terminal))


async def _read_pages(*sources: str) -> list[str]:
    from monitor.fetching.fetch import Fetcher
    from monitor.fetching.politeness import Politeness

    pages = []
    # One page a person asked for, like a browser visit: robots.txt is for automated checks.
    async with Fetcher(politeness=Politeness(robots=False)) as fetcher:
        for source in sources:
            if "://" in source:
                result = await fetcher.fetch(canonical_url(source))
                pages.append(result.text or "")
            else:
                pages.append(_read_file(Path(source)))
    return pages


def _read_file(path: Path) -> str:
    """A saved page, read under the same size limit as a fetched one."""
    from monitor.fetching.responses import MAX_PAGE_BYTES, describe_size

    try:
        with path.open("rb") as file:
            data = file.read(MAX_PAGE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    if len(data) > MAX_PAGE_BYTES:
        raise UsageError(f"{path} is larger than {describe_size(MAX_PAGE_BYTES)}; not a web page")
    return data.decode("utf-8", errors="replace")


def _flag_summary(change: ChangeInfo) -> str:
    if change.kind != "edit":
        summary = escape_markup(describe(change.kind, change.event))
        return f"{summary}; {change.flag_count} flag(s)" if change.flag_count else summary
    if not change.flag_count:
        return "[dim]-[/dim]"
    return f"{change.flag_count}: " + ", ".join(change.kinds)


@command(panel="Review")
def timeline(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="A watched URL or its id.")],
    fmt: FormatOption = Format.text,
) -> None:
    """Follow each quote and figure of an article across its versions."""
    from monitor.analysis.timeline import timeline as follow
    from monitor.review.documents import current_readings, timeline_json
    from monitor.review.render import timeline_text, when

    with open_store(ctx) as store:
        watch = store.find_watch(watch_key(url))
        key = str(watch.id)
        versions = store.versions(key)
        reached = {c.to_version for c in store.changes(url=key, limit=10**9)}
    tracks = follow(current_readings(versions, reached))
    if fmt is Format.json:
        emit_json(timeline_json(watch, versions, tracks))
        return
    if not versions:
        out.print("No versions yet: the article has not been fetched successfully.")
        return
    first, last = versions[0], versions[-1]
    out.print(f"[bold]{escape_markup(last.article.headline)}[/bold]")
    out.print(
        f"{len(versions)} version(s), {when(first.fetched_at)} to {when(last.fetched_at)}\n",
        style="dim",
    )
    if not tracks:
        out.print("No quotes or figures found.")
        return
    out.print(timeline_text(tracks))
