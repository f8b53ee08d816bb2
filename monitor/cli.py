"""The `redline` command group. Every user error ends as one line on stderr, never a traceback."""

import asyncio
import functools
import json
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec

import typer
from rich.console import Console
from rich.table import Table

from monitor import __version__
from monitor.analysis import Comparison, analyse
from monitor.checking import CheckContext
from monitor.config import load_watchlist, parse_duration, watch_spec
from monitor.demo import run_demo
from monitor.errors import RedlineError, UsageError
from monitor.extract import extract_article
from monitor.fetch import Fetcher
from monitor.report import article_json, comparison_json, diff_entries, diff_text, flag_line
from monitor.service import CycleSummary, Service, utc_now
from monitor.urls import canonical_url
from storage.engine import database_url
from storage.records import ChangeDetail, ChangeInfo, StoredVersion, WatchInfo
from storage.repository import Store


class Format(StrEnum):
    """Output formats of the review commands."""

    text = "text"
    json = "json"


P = ParamSpec("P")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _friendly(command: Callable[P, None]) -> Callable[P, None]:
    """Turn redline's own errors into one line on stderr and exit status 2."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except RedlineError as exc:
            err.print(f"redline: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(2) from None

    return run


app = typer.Typer(
    help="Watch news articles after publication and say exactly what changed.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def command(name: str | None = None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a CLI command whose user errors end as one clear line."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        return app.command(name)(_friendly(function))

    return register


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="text or json.")]


@app.callback()
def _settings(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or URL. Default: $REDLINE_DATABASE_URL, else a per-user file.",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every check.")] = False,
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)
    ] = False,
) -> None:
    if version:
        out.print(f"redline {__version__}")
        raise typer.Exit()
    ctx.obj = database_url(db, os.environ.get("REDLINE_DATABASE_URL"))
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
        datefmt="%Y-%m-%dT%H:%M:%S",
    )


@contextmanager
def _store(ctx: typer.Context) -> Iterator[Store]:
    store = Store.open(ctx.obj)
    try:
        yield store
    finally:
        store.close()


def _emit_json(data: object) -> None:
    out.print_json(json.dumps(data, default=_json_default, ensure_ascii=False))


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


# -- the watch list ------------------------------------------------------------------------


@command()
def add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The article URL.")],
    label: Annotated[str | None, typer.Option(help="A name to show instead of the URL.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag; repeat for several.")] = None,
    every: Annotated[
        str | None, typer.Option(help="Fixed cadence such as 30m or 2h (default: by age).")
    ] = None,
) -> None:
    """Watch an article URL; its first check is due at once."""
    spec = watch_spec(url, label=label, tags=tuple(tag or ()), every=every)
    with _store(ctx) as store:
        watch_id = store.add_watch(spec, utc_now())
    out.print(f"watching #{watch_id} {spec.url}")


@command()
def remove(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="URL|ID", help="A watched URL or its id.")],
) -> None:
    """Stop watching an article and delete its stored versions."""
    with _store(ctx) as store:
        shown = store.remove_watch(_watch_key(target))
    out.print(f"removed {shown}")


@command("list")
def list_watches(ctx: typer.Context, fmt: FormatOption = Format.text) -> None:
    """List watched articles with their state, last and next check."""
    with _store(ctx) as store:
        watches = store.list_watches()
    if fmt is Format.json:
        _emit_json([asdict(w) for w in watches])
        return
    if not watches:
        out.print("No watches yet. Add one with: redline add URL")
        return
    table = Table("id", "label / URL", "state", "last check", "versions", "changes", "next check")
    now = utc_now()
    for w in watches:
        state = w.state if not w.last_error else f"{w.state}: {w.last_error}"
        table.add_row(
            str(w.id),
            _watch_title(w),
            state,
            _ago(w.last_checked_at, now, w.last_outcome),
            str(w.versions),
            str(w.changes),
            "retired" if w.state == "retired" else _until(w.next_check_at, now),
        )
    out.print(table)


@command("import")
def import_watchlist(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A TOML watch list (see config/).")],
) -> None:
    """Add or update the watches in a TOML file; running it twice changes nothing."""
    specs = load_watchlist(file)
    now = utc_now()
    with _store(ctx) as store:
        added = sum(store.upsert_watch(spec, now) for spec in specs)
    out.print(f"{added} added, {len(specs) - added} updated from {file}")


# -- checking ------------------------------------------------------------------------------


def _service(store: Store, fetcher: Fetcher, concurrency: int) -> Service:
    return Service(store, fetcher, CheckContext(clock=utc_now), concurrency=concurrency)


@command()
def check(
    ctx: typer.Context,
    urls: Annotated[
        list[str] | None, typer.Argument(help="Watched URLs (default: all due).")
    ] = None,
    all_watches: Annotated[
        bool, typer.Option("--all", help="Check every watch now, due or not.")
    ] = False,
    concurrency: Annotated[int, typer.Option(help="Pages fetched at once.")] = 10,
    fmt: FormatOption = Format.text,
) -> None:
    """Check now (for cron): the given URLs, or every due watch. Exits 1 if a check failed."""
    with _store(ctx) as store:
        now = utc_now()
        only: list[int] | None = None
        if urls:
            only = store.watch_ids([_watch_key(u) for u in urls])
        elif all_watches:
            only = [w.id for w in store.list_watches() if w.state != "retired"]
        if only is not None:
            store.make_due(only, now)
        summary = asyncio.run(_check_once(store, only, concurrency))
    if fmt is Format.json:
        _emit_json(
            {
                "checked": summary.checked,
                "failed": summary.failed,
                "outcomes": dict(summary.outcomes),
                "changes": summary.change_ids,
            }
        )
    else:
        _print_summary(summary)
    if summary.failed:
        raise typer.Exit(1)


async def _check_once(store: Store, only: list[int] | None, concurrency: int) -> CycleSummary:
    async with Fetcher() as fetcher:
        service = _service(store, fetcher, concurrency)
        service.recover()
        return await service.run_cycle(only)


def _print_summary(summary: CycleSummary) -> None:
    if not summary.checked:
        out.print("nothing due")
        return
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(summary.outcomes.items()))
    out.print(f"checked {summary.checked}: {counts}")
    for failure in summary.failures:
        out.print(f"  {failure.outcome} {failure.url}: {failure.error}", markup=False)
    for change_id in summary.change_ids:
        out.print(f"  change #{change_id}: redline show {change_id}")


@command()
def serve(
    ctx: typer.Context,
    tick: Annotated[float, typer.Option(help="Seconds between looks for due work.")] = 5.0,
    concurrency: Annotated[int, typer.Option(help="Pages fetched at once.")] = 10,
) -> None:
    """Run the background service until SIGINT or SIGTERM."""
    if not logging.getLogger().isEnabledFor(logging.INFO):
        logging.getLogger().setLevel(logging.INFO)
    with _store(ctx) as store:
        asyncio.run(_serve(store, tick, concurrency))


async def _serve(store: Store, tick: float, concurrency: int) -> None:
    async with Fetcher() as fetcher:
        await _service(store, fetcher, concurrency).serve(tick=tick)


# -- review --------------------------------------------------------------------------------


@command()
def changes(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option(help="Only changes newer than e.g. 24h or 7d.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Only this watched URL.")] = None,
    flagged: Annotated[bool, typer.Option(help="Only changes with flags.")] = False,
    kind: Annotated[
        list[str] | None, typer.Option(help="Only changes with this flag kind.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    fmt: FormatOption = Format.text,
) -> None:
    """List changes, newest first."""
    cutoff = utc_now() - timedelta(seconds=parse_duration(since)) if since else None
    with _store(ctx) as store:
        found = store.changes(
            since=cutoff,
            url=_watch_key(url) if url else None,
            flagged=flagged,
            kinds=tuple(kind or ()),
            limit=limit,
        )
    if fmt is Format.json:
        _emit_json([asdict(c) for c in found])
        return
    if not found:
        out.print("No changes found.")
        return
    table = Table("id", "when", "article", "versions", "flags")
    for c in found:
        table.add_row(
            str(c.id),
            _ago(c.detected_at, utc_now()),
            f"{c.headline}\n[dim]{c.label or c.url}[/dim]",
            f"{c.from_number} -> {c.to_number}",
            _flag_summary(c),
        )
    out.print(table)


@command()
def show(
    ctx: typer.Context,
    change_id: Annotated[int, typer.Argument(help="A change id from `redline changes`.")],
    fmt: FormatOption = Format.text,
) -> None:
    """Show one change: its flags, then the word diff with paragraph context."""
    with _store(ctx) as store:
        detail = store.change_detail(change_id)
    if fmt is Format.json:
        _emit_json(_change_json(detail))
        return
    info = detail.info
    out.print(f"[bold]Change #{info.id}[/bold]  {info.label or info.url}")
    out.print(
        f"version {info.from_number} ({_when(detail.old.fetched_at)}) -> "
        f"version {info.to_number} ({_when(detail.new.fetched_at)})"
    )
    _print_flags(detail.flags)
    out.print(diff_text(detail.diff, detail.new.article, color=out.is_terminal))


def _change_json(detail: ChangeDetail) -> dict[str, Any]:
    return {
        **asdict(detail.info),
        "old_version": _version_json(detail.old),
        "new_version": _version_json(detail.new),
        "diff": diff_entries(detail.diff),
        "rewrite": bool(detail.diff.get("rewrite", False)),
        "flags": list(detail.flags),
    }


def _print_flags(flags: Sequence[dict[str, Any]]) -> None:
    if not flags:
        out.print("[dim]no flags[/dim]\n")
        return
    out.print()
    for flag in flags:
        out.print(f"  [bold yellow]{_escape(flag_line(flag))}[/bold yellow]")
    out.print()


@command()
def history(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="A watched URL or its id.")],
    fmt: FormatOption = Format.text,
) -> None:
    """List the stored versions of one article."""
    with _store(ctx) as store:
        versions = store.versions(_watch_key(url))
    if fmt is Format.json:
        _emit_json([_version_json(v) for v in versions])
        return
    if not versions:
        out.print("No versions yet: the article has not been fetched successfully.")
        return
    table = Table("version", "seen", "headline", "words")
    for v in versions:
        table.add_row(
            str(v.number), _when(v.fetched_at), v.article.headline, str(v.article.word_count)
        )
    out.print(table)


@command()
def diff(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="A watched URL or its id.")],
    from_number: Annotated[int | None, typer.Option("--from", help="Old version number.")] = None,
    to_number: Annotated[
        int | None, typer.Option("--to", help="New version (default: last).")
    ] = None,
    fmt: FormatOption = Format.text,
) -> None:
    """Diff two stored versions of an article (default: the last two)."""
    with _store(ctx) as store:
        versions = {v.number: v for v in store.versions(_watch_key(url))}
    if len(versions) < 2 and from_number is None:
        raise UsageError("this article has fewer than two versions; nothing to diff yet")
    new_n = to_number or max(versions)
    old_n = from_number or new_n - 1
    missing = [n for n in (old_n, new_n) if n not in versions]
    if missing:
        raise UsageError(f"no version {missing[0]}; versions are 1 to {max(versions, default=0)}")
    _print_comparison(analyse(versions[old_n].article, versions[new_n].article), fmt)


@command()
def compare(
    old: Annotated[str, typer.Argument(help="Old version: an HTML file or a URL.")],
    new: Annotated[str, typer.Argument(help="New version: an HTML file or a URL.")],
    fmt: FormatOption = Format.text,
) -> None:
    """Compare two pages through the same extract -> diff -> flag pipeline, no database."""
    old_html, new_html = asyncio.run(_read_pages(old, new))
    comparison = analyse(extract_article(old_html), extract_article(new_html))
    _print_comparison(comparison, fmt)


def _print_comparison(comparison: Comparison, fmt: Format) -> None:
    if fmt is Format.json:
        _emit_json(comparison_json(comparison))
        return
    if not comparison.changed:
        out.print("No reader-visible change.")
        return
    _print_flags(comparison.flag_dicts())
    diff = comparison.diff.to_dict()
    out.print(diff_text(diff, comparison.new, color=out.is_terminal))


async def _read_pages(*sources: str) -> list[str]:
    pages = []
    async with Fetcher() as fetcher:
        for source in sources:
            if "://" in source:
                result = await fetcher.fetch(canonical_url(source))
                pages.append(result.text or "")
            else:
                pages.append(_read_file(Path(source)))
    return pages


def _read_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    return data.decode("utf-8", errors="replace")


# -- demo ----------------------------------------------------------------------------------


@command()
def demo(
    seconds: Annotated[float, typer.Option(help="How long the service runs.")] = 30.0,
) -> None:
    """Run the real service for a while against a local news site whose stories get edited."""
    run_demo(seconds=seconds, console=out)


# -- helpers -------------------------------------------------------------------------------


def _watch_key(text: str) -> str:
    """A watch id as given, or a URL in canonical form (how watches are stored)."""
    return text if text.isdigit() else canonical_url(text)


def _watch_title(w: WatchInfo) -> str:
    return f"{w.label}\n[dim]{w.display_url}[/dim]" if w.label else w.display_url


def _flag_summary(change: ChangeInfo) -> str:
    if not change.flag_count:
        return "[dim]-[/dim]"
    return f"{change.flag_count}: " + ", ".join(change.kinds)


def _version_json(version: StoredVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "fetched_at": version.fetched_at,
        "url": version.url,
        **article_json(version.article),
    }


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _ago(moment: datetime | None, now: datetime, suffix: str | None = None) -> str:
    if moment is None:
        return "never"
    text = f"{_span(now - moment)} ago"
    return f"{text} ({suffix})" if suffix else text


def _until(moment: datetime, now: datetime) -> str:
    return "due now" if moment <= now else f"in {_span(moment - now)}"


def _span(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{max(seconds, 0)}s"


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


def main() -> None:
    """Console entry point."""
    app(prog_name="redline")
