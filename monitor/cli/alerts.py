"""`redline notify`: who hears about changes, through which channel, and how that went."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from monitor.cli.app import (
    Format,
    FormatOption,
    SourceOption,
    TagOption,
    app,
    command,
    emit_json,
    err,
    open_store,
    out,
    utc_now,
    warn_unknown_tags,
    watch_key,
)
from monitor.cli.grids import Grid, print_grid
from monitor.config import RuleEntry
from monitor.errors import UsageError
from monitor.review.query import source_ids
from storage.records import EVERY_WATCH, DueDelivery, RuleSpec

if TYPE_CHECKING:
    from storage.repository import Store

notify = typer.Typer(
    help="Send changes to chat, mail and webhooks as they are found (by `redline serve`, or "
    "after `redline check`).",
    no_args_is_help=True,
)
app.add_typer(notify, name="notify", rich_help_panel="Alerts")
PANEL = "Rules"


@command("add", panel=PANEL, group=notify)
def add_rule(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="[URL|ID|TAG|*]",
            help="A watched URL or id, a tag (every watch with it), or * for every watch.",
        ),
    ] = None,
    tag: TagOption = None,
    source: SourceOption = None,
    apprise_url: Annotated[
        str | None,
        typer.Option(
            "--apprise",
            help="An Apprise URL: mailto://, slack://, discord://, tgram://, ntfy://, json://...",
        ),
    ] = None,
    webhook: Annotated[
        str | None, typer.Option(help="POST signed JSON to this http(s) URL.")
    ] = None,
    secret: Annotated[
        str | None,
        typer.Option(help="The webhook's HMAC-SHA256 key (default: a new random one)."),
    ] = None,
    flagged_only: Annotated[
        bool, typer.Option("--flagged-only", help="Only changes with flags.")
    ] = False,
) -> None:
    """Notify a channel about the changes of a watch, a tag, a source, or every watch.

    --tag and --source are repeatable: one rule each. A tag no watch has yet is accepted with
    a warning (a desk may be set up before its first story); a source must be followed.
    """
    channel, url = _channel(apprise_url, webhook, secret)
    new_secret = secret or (secrets.token_urlsafe(24) if channel == "webhook" else None)
    with open_store(ctx) as store:
        scopes = _scopes(store, target, tag or [], source or [])
        warn_unknown_tags(store, [t for watch_id, t in scopes if t and t != EVERY_WATCH])
        for watch_id, rule_tag in scopes:
            spec = RuleSpec(channel, url, watch_id, rule_tag, new_secret, flagged_only)
            rule_id = store.outbox.add_rule(spec, utc_now())
            shown = target if watch_id is not None and target else None
            out.print(f"rule #{rule_id}: {_describe(spec, shown)}", markup=False, soft_wrap=True)
    if channel == "webhook" and secret is None:
        out.print(f"secret: {new_secret}", markup=False, soft_wrap=True)
        out.print("(the receiver checks X-Redline-Signature with it; it is not shown again)")


def import_rules(store: Store, entries: list[RuleEntry]) -> Counter[str]:
    """Add or update the [[notify]] rules of a watch list; what each did, counted.

    A webhook rule new to the database without a `secret` gets a random one, printed once.
    """
    from monitor.alerts.delivery import shown_target

    done: Counter[str] = Counter()
    for entry in entries:
        channel, url = _channel(entry.apprise, entry.webhook, entry.secret)
        scopes = _scopes(store, entry.scope, [], [entry.source] if entry.source else [])
        warn_unknown_tags(store, [t for _, t in scopes if t and t != EVERY_WATCH])
        for watch_id, tag in scopes:
            fresh = secrets.token_urlsafe(24) if channel == "webhook" else None
            spec = RuleSpec(channel, url, watch_id, tag, entry.secret, entry.flagged_only)
            outcome = store.outbox.upsert_rule(spec, utc_now(), secret_if_new=fresh)
            if outcome == "added" and fresh is not None and entry.secret is None:
                out.print(f"secret for {shown_target(channel, url)}: {fresh}", markup=False)
            done[outcome] += 1
    return done


def _channel(apprise_url: str | None, webhook: str | None, secret: str | None) -> tuple[str, str]:
    from monitor.alerts.delivery import apprise_url_problem
    from monitor.review.htmlreport import is_web_url

    if (apprise_url is None) == (webhook is None):
        raise UsageError("give exactly one channel: --apprise URL or --webhook URL")
    if webhook is not None:
        if not is_web_url(webhook):
            raise UsageError(f"{webhook!r} is not an http:// or https:// URL")
        return "webhook", webhook
    assert apprise_url is not None
    if secret is not None:
        raise UsageError("--secret signs webhooks; an Apprise URL carries its own credentials")
    problem = apprise_url_problem(apprise_url)
    if problem:
        raise UsageError(problem)
    return "apprise", apprise_url


def _scopes(
    store: Store, target: str | None, tags: list[str], sources: list[str]
) -> list[tuple[int | None, str | None]]:
    """(watch id, tag) per rule to add; a source is the tag it puts on every article it finds."""
    if (target is not None) == bool(tags or sources):
        raise UsageError("say whose changes: a URL, id, tag or *, or --tag / --source")
    if target is None:
        from monitor.watching.following import source_tag

        known = {str(s.id): s for s in store.sources.list_sources(utc_now())}
        found = [known[str(i)] for i in source_ids(store, sources)]
        return [(None, t) for t in [*tags, *(source_tag(s.label, s.url) for s in found)]]
    if target == EVERY_WATCH or not (target.isdigit() or "://" in target):
        return [(None, target)]
    return [(store.find_watch(watch_key(target)).id, None)]


@command("list", panel=PANEL, group=notify)
def list_rules(ctx: typer.Context, fmt: FormatOption = Format.text) -> None:
    """List the rules with how many deliveries were sent, are pending or failed."""
    from monitor.alerts.delivery import shown_target

    with open_store(ctx) as store:
        rules = store.outbox.rules()
    if fmt is Format.json:
        emit_json([{**asdict(r), "target": shown_target(r.channel, r.target)} for r in rules])
        return
    if not rules:
        out.print("No notification rules. Add one with: redline notify add URL|TAG --apprise URL")
        return
    grid = Grid("id", "for", "channel", "when", "sent", "pending", "failed", "last error")
    for r in rules:
        grid.add_row(
            str(r.id),
            _scope(r.watch_url, r.tag),
            f"{r.channel}\n[dim]{shown_target(r.channel, r.target)}[/dim]",
            "flagged changes" if r.flagged_only else "every change",
            str(r.sent),
            str(r.pending),
            str(r.failed),
            r.last_error or "",
        )
    print_grid(grid)


@command("remove", panel=PANEL, group=notify)
def remove_rule(
    ctx: typer.Context, rule_id: Annotated[int, typer.Argument(help="A rule id.")]
) -> None:
    """Delete a rule, with the deliveries it still owed."""
    with open_store(ctx) as store:
        store.outbox.remove_rule(rule_id)
    out.print(f"removed rule #{rule_id}")


@command("test", panel=PANEL, group=notify)
def test_rule(
    ctx: typer.Context, rule_id: Annotated[int, typer.Argument(help="A rule id.")]
) -> None:
    """Send a sample message through a rule's channel now, to see that it arrives.

    Exits 1, saying why, when the channel refused it.
    """
    from monitor.alerts.delivery import shown_target
    from monitor.alerts.notify import sample_event

    with open_store(ctx) as store:
        delivery = store.outbox.test_delivery(rule_id, sample_event(utc_now()))
    import asyncio

    error = asyncio.run(_send_once(delivery))
    shown = shown_target(delivery.channel, delivery.target)
    if error is not None:
        err.print(f"redline: rule #{rule_id}: {shown} refused the test: {error}", markup=False)
        raise typer.Exit(1)
    out.print(f"rule #{rule_id}: test message sent to {shown}", markup=False, soft_wrap=True)


async def _send_once(delivery: DueDelivery) -> str | None:
    from monitor.alerts.delivery import Sender

    async with Sender() as sender:
        return await sender.send(delivery)


@command("retry", panel=PANEL, group=notify)
def retry(ctx: typer.Context) -> None:
    """Queue the deliveries that were given up on again (e.g. after fixing an endpoint)."""
    with open_store(ctx) as store:
        count = store.outbox.retry_failed(utc_now())
    out.print(f"{count} deliver{'y' if count == 1 else 'ies'} queued again")


def _scope(watch_url: str | None, tag: str | None) -> str:
    if watch_url is not None:
        return watch_url
    return "every watch" if tag == EVERY_WATCH else f"watches tagged {tag}"


def _describe(spec: RuleSpec, target: str | None) -> str:
    from monitor.alerts.delivery import shown_target

    scope = _scope(target, spec.tag)
    when = "flagged changes" if spec.flagged_only else "every change"
    return f"{when} of {scope} -> {spec.channel} {shown_target(spec.channel, spec.target)}"
