"""The `redline` command group. Every user error ends as one line on stderr, never a traceback.

The command modules import only light modules at their top; the database, HTTP, analysis and
web stacks are imported inside the commands that use them, so `redline --help` starts at once
(tests/integration/test_startup.py keeps it so).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec

import typer
from rich.console import Console

from monitor import __version__
from monitor.analysis.kinds import FLAG_KINDS
from monitor.analysis.text import strip_controls
from monitor.cli import logs
from monitor.cli.group import CommandGroup
from monitor.cli.logs import LogFormat, Verbosity
from monitor.config import PUBLIC_URL_ENV, parse_duration, public_base
from monitor.errors import RedlineError, UsageError
from monitor.fetching.urls import canonical_url
from monitor.redaction import redact_logs
from monitor.review.jsontext import to_json
from monitor.review.query import ChangeQuery
from monitor.watching.events import CHANGE_KINDS
from storage.location import database_url

if TYPE_CHECKING:
    from storage.repository import Store


class Format(StrEnum):
    """Output formats of the review commands."""

    text = "text"
    json = "json"


P = ParamSpec("P")
PIPED_WIDTH = 10_000  # wide enough for any row: piped text is one line per line of content
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
    cls=CommandGroup,
    help="Watch news articles after publication and say exactly what changed.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def command(
    name: str | None = None, *, panel: str, group: typer.Typer | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a command (of `group`, else of `redline`) whose user errors are one line."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        return (group or app).command(name, rich_help_panel=panel)(_friendly(function))

    return register


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="text or json.")]
SinceOption = Annotated[str | None, typer.Option(help="Only changes newer than e.g. 24h or 7d.")]
UrlOption = Annotated[str | None, typer.Option(help="Only this watched URL (or its id).")]
FlaggedOption = Annotated[bool, typer.Option(help="Only changes with flags.")]
KindOption = Annotated[
    list[str] | None,
    typer.Option(help="Only changes with this flag kind or event (removed, variant, ...)."),
]
TagOption = Annotated[
    list[str] | None, typer.Option("--tag", help="Only watches with this tag; repeatable.")
]
SourceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--source", help="Only watches found by this source (id, URL or label); repeatable."
    ),
]


def change_query(
    since: str | None,
    url: str | None,
    flagged: bool,
    kind: list[str] | None,
    limit: int,
    tag: list[str] | None = None,
    source: list[str] | None = None,
) -> ChangeQuery:
    """The change filters shared by `changes`, `report` and `feed`."""
    known = (*CHANGE_KINDS, *FLAG_KINDS)
    unknown = [k for k in kind or () if k not in known]
    if unknown:
        # A typo must not read as "no changes": an alert filter built on it would never fire.
        raise UsageError(f"unknown --kind {unknown[0]!r}; choose from {', '.join(known)}")
    return ChangeQuery(
        since=utc_now() - timedelta(seconds=parse_duration(since)) if since else None,
        url=watch_key(url) if url else None,
        flagged=flagged,
        kinds=tuple(kind or ()),
        limit=limit,
        tags=tuple(tag or ()),
        sources=tuple(source or ()),
    )


def utc_now() -> datetime:
    """The command line's clock (the service and tests are handed theirs)."""
    return datetime.now(UTC)


def warn_unknown_tags(store: Store, tags: Sequence[str]) -> None:
    """Warn (not fail) about a tag no watch has: a typo, or a desk with no stories yet."""
    if not tags:  # reading every watch for nothing doubled the time of `list`
        return
    known = {t for w in store.list_watches() for t in w.tags}
    for tag in tags:
        if tag not in known:
            err.print(f"redline: warning: no watch has the tag {tag!r}", markup=False)


@dataclass(frozen=True)
class Settings:
    """The options given before (or after) the command: the database and the log levels."""

    db_url: str
    verbosity: Verbosity


@app.callback(invoke_without_command=True)
def _settings(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or URL. Default: $REDLINE_DATABASE_URL, else a per-user file.",
        ),
    ] = None,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            show_default=False,
            help="Log every check, and libraries' info lines too; -vv: debug.",
        ),
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Log only problems.")] = False,
    log_format: Annotated[
        LogFormat, typer.Option(help="text, or json: one JSON object a line for log shippers.")
    ] = LogFormat.text,
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)
    ] = False,
) -> None:
    if version:
        out.print(f"redline {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        out.print(ctx.get_help())
        raise typer.Exit()
    if not out.is_terminal:
        # Piped or redirected: never wrap. A hard break at 80 columns splits URLs and diff
        # markers ({+deeply\ndisappointing+}); tables take the width their rows need.
        out.soft_wrap = True
        out.width = PIPED_WIDTH
    verbosity = Verbosity(verbose=verbose, quiet=quiet, log_format=log_format)
    ctx.obj = Settings(database_url(db, os.environ.get("REDLINE_DATABASE_URL")), verbosity)
    redact_logs()
    logs.configure(verbosity, service=False)


def settings(ctx: typer.Context) -> Settings:
    """The global options, from the context of any command."""
    found = ctx.find_object(Settings)
    assert found is not None, "the callback sets them before any command runs"
    return found


@contextmanager
def open_store(ctx: typer.Context) -> Iterator[Store]:
    """The database of `--db`, opened (and migrated when it is behind) for one command."""
    from storage.repository import Store

    store = Store.open(settings(ctx).db_url)
    try:
        yield store
    finally:
        store.close()


def emit_json(data: object) -> None:
    """Write `data` as JSON to stdout; a list goes out one item a line as it is encoded.

    Never through rich: highlighting one huge text took 21 s and 848 MB for 10,000 watches.
    Items are encoded one at a time, so the C encoder does the work and no text of the whole
    list is ever held.
    """
    if not isinstance(data, list):
        sys.stdout.write(to_json(data, indent=2) + "\n")
        return
    sys.stdout.write("[")
    for n, item in enumerate(data):
        sys.stdout.write(("\n  " if n == 0 else ",\n  ") + to_json(item))
    sys.stdout.write("\n]\n" if data else "]\n")


def fields_of(value: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict, shallow (`asdict` deep-copies every value).

    The names are looked up once per class: `dataclasses.fields` for each of 10,000 watches
    cost more than encoding them.
    """
    kind = type(value)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(field.name for field in fields(value))
    return {name: getattr(value, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def public_url() -> str | None:
    """Where `redline web` is reached, from $REDLINE_PUBLIC_URL: changes link to their pages."""
    return public_base(os.environ.get(PUBLIC_URL_ENV))


def web_change_url() -> str | None:
    """The address pattern of a change's page in `redline web`, when its public URL is set."""
    from monitor.review.render import change_url

    base = public_url()
    return change_url(base, "{id}") if base is not None else None


def watch_key(text: str) -> str:
    """A watch id as given, or a URL in canonical form (how watches are stored)."""
    return text if text.isdigit() else canonical_url(text)


def ago(moment: datetime | None, now: datetime, suffix: str | None = None) -> str:
    if moment is None:
        return "never"
    text = f"{span(now - moment)} ago"
    return f"{text} ({suffix})" if suffix else text


def until(moment: datetime, now: datetime) -> str:
    return "due now" if moment <= now else f"in {span(moment - now)}"


def span(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{max(seconds, 0)}s"


@contextmanager
def progress(what: str, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar for long work on a terminal (nothing when piped); yields `advance`."""
    if not out.is_terminal or total < 2:
        yield lambda: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=out, transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda: bar.advance(task)


def escape_markup(text: str) -> str:
    """Text from the web or the database, safe to print: no rich markup, no control codes."""
    return strip_controls(text).replace("[", "\\[")


def main() -> None:
    """Console entry point."""
    app(prog_name="redline")
