"""Everything the web can throw at a monitor, from a local site told to misbehave.

A real HTTP(S) server on 127.0.0.1, a real database and the real service; the clock is the
test's, so days of backoff run in no time. Only name resolution is a double (`Hosts`): a local
server cannot fail DNS, and several host names must reach the one local site.
"""

import asyncio
import json
import socket
import ssl
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
import trustme
from typer.testing import CliRunner

from monitor.cli import app
from monitor.config import watch_spec
from monitor.fetching.fetch import Fetcher, FetchResult
from monitor.fetching.politeness import Politeness
from monitor.newsroom import LOCAL_POLITENESS, LocalNewsSite, faults
from monitor.testing import ManualClock as Clock
from monitor.watching.checking import CheckContext
from monitor.watching.service import CycleSummary, Service
from storage.records import RuleSpec, WatchInfo
from storage.repository import Store

BRIDGE = "harbour-street-bridge"
MEASLES = "northside-measles-case"


class Hosts(httpx.AsyncBaseTransport):
    """Name resolution for tests: the given names reach 127.0.0.1 on their port; any other
    name does not resolve, as a DNS failure would."""

    def __init__(self, names: dict[str, int]) -> None:
        self._names = names
        self._network = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        port = self._names.get(request.url.host)
        if port is None:
            lookup = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            raise httpx.ConnectError(str(lookup), request=request) from lookup
        local = request.url.copy_with(host="127.0.0.1", port=port)
        forwarded = httpx.Request(request.method, local, headers=request.headers)
        return await self._network.handle_async_request(forwarded)

    async def aclose(self) -> None:
        await self._network.aclose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def cycle(store: Store, clock: Clock, **fetcher_options: Any) -> CycleSummary:
    """One pass of the real service over the due watches, with a fetcher built as asked."""
    fetcher_options.setdefault("politeness", LOCAL_POLITENESS)

    async def run() -> CycleSummary:
        async with Fetcher(**fetcher_options) as fetcher:
            return await Service(store, fetcher, CheckContext(clock=clock)).run_cycle()

    return asyncio.run(run())


def watch(store: Store, clock: Clock, url: str, **options: Any) -> int:
    return store.add_watch(watch_spec(url, **options), clock())


def only_watch(store: Store) -> WatchInfo:
    [info] = store.list_watches()
    return info


def recheck(store: Store, clock: Clock, **fetcher_options: Any) -> CycleSummary:
    """Move the clock to when the next watch is due, then run a cycle."""
    due = store.next_due_at()
    assert due is not None
    clock.now = max(clock.now, due)
    return cycle(store, clock, **fetcher_options)


def cli(db_url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", db_url, *args], env={"COLUMNS": "250"})
    assert result.exit_code in (0, 1), result.output
    return result.output


# -- faults: retried within a check, then by the schedule; an error state that heals ---------


def test_a_server_error_that_clears_within_the_check_is_retried_and_not_reported(
    store: Store, site: LocalNewsSite, clock: Clock
) -> None:
    watch(store, clock, site.url(BRIDGE))
    site.inject(BRIDGE, faults.status(503), times=2)
    assert dict(cycle(store, clock).outcomes) == {"first": 1}
    assert site.requests(f"/news/{BRIDGE}") == 3


def test_a_reset_connection_is_retried_within_the_check(
    store: Store, site: LocalNewsSite, clock: Clock
) -> None:
    watch(store, clock, site.url(BRIDGE))
    site.inject(BRIDGE, faults.reset(), times=1)
    assert dict(cycle(store, clock).outcomes) == {"first": 1}
    assert site.requests(f"/news/{BRIDGE}") == 2


def test_a_failing_site_backs_off_shows_an_error_state_and_recovers_by_itself(
    store: Store, site: LocalNewsSite, clock: Clock, db_url: str
) -> None:
    watch(store, clock, site.url(BRIDGE))
    site.inject(BRIDGE, faults.status(500))
    waits = []
    for _ in range(3):
        started = clock.now
        recheck(store, clock)
        waits.append(only_watch(store).next_check_at - started)
    failing = only_watch(store)
    assert failing.state == "error"
    assert failing.last_error == "server answered 500 Internal Server Error"
    assert waits[0] < waits[1] < waits[2]  # exponential backoff
    listing = cli(db_url, "list")
    assert "error: server answered 500" in listing

    site.clear(BRIDGE)
    assert dict(recheck(store, clock).outcomes) == {"first": 1}
    healed = only_watch(store)
    assert (healed.state, healed.last_error, healed.versions) == ("active", None, 1)


def test_retry_after_closes_the_host_and_the_schedule_returns_after_it(
    store: Store, site: LocalNewsSite, clock: Clock
) -> None:
    watch(store, clock, site.url(BRIDGE))
    clock.now += timedelta(seconds=1)  # claimed second, so it queues behind the first
    watch(store, clock, site.url(MEASLES))
    site.inject(BRIDGE, faults.status(429, retry_after="3600"))

    summary = cycle(store, clock, politeness=Politeness(per_host=1, min_gap=0.0))

    assert dict(summary.outcomes) == {"http_error": 1, "rate_limited": 1}
    assert site.requests(f"/news/{BRIDGE}") == 1  # not retried: the wait is too long
    assert site.requests(f"/news/{MEASLES}") == 0  # the host is closed for everyone
    for info in store.list_watches():
        assert info.next_check_at >= clock.now + timedelta(seconds=3500)


def test_a_host_that_does_not_resolve_is_a_connection_error(store: Store, clock: Clock) -> None:
    watch(store, clock, "http://nowhere.test/news/story")
    summary = cycle(store, clock, transport=Hosts({}))
    assert dict(summary.outcomes) == {"connection": 1}
    assert only_watch(store).last_error == "could not resolve host nowhere.test"


def test_tls_certificates_are_verified(store: Store, clock: Clock) -> None:
    authority = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server)
    with LocalNewsSite(tls=server) as secure:
        watch(store, clock, secure.url(BRIDGE))
        assert dict(cycle(store, clock).outcomes) == {"tls": 1}
        assert "certificate" in (only_watch(store).last_error or "")

        trusting = ssl.create_default_context()
        authority.configure_trust(trusting)
        transport = httpx.AsyncHTTPTransport(verify=trusting)
        assert dict(recheck(store, clock, transport=transport).outcomes) == {"first": 1}


class BrokenFetcher(Fetcher):
    """A fetcher with a bug that shows on one URL."""

    async def fetch(self, url: str, **options: Any) -> FetchResult:
        if url.endswith(MEASLES):
            raise RuntimeError("a bug redline has not met yet")
        return await super().fetch(url, **options)


def test_one_page_that_breaks_redline_is_recorded_and_the_others_are_checked(
    store: Store, site: LocalNewsSite, clock: Clock
) -> None:
    watch(store, clock, site.url(BRIDGE))
    watch(store, clock, site.url(MEASLES))

    async def run() -> CycleSummary:
        async with BrokenFetcher(politeness=LOCAL_POLITENESS) as fetcher:
            return await Service(store, fetcher, CheckContext(clock=clock)).run_cycle()

    summary = asyncio.run(run())
    assert dict(summary.outcomes) == {"first": 1, "internal_error": 1}
    broken = store.find_watch(watch_spec(site.url(MEASLES)).url)
    assert "a bug redline has not met yet" in (broken.last_error or "")
    assert broken.next_check_at > clock.now  # backs off like any failure


def test_stopping_mid_cycle_writes_the_finished_checks_and_releases_the_rest(
    store: Store, clock: Clock
) -> None:
    with LocalNewsSite(seed=6) as site:
        paths = [f"/news/slow-{n}" for n in range(6)]
        for path in paths:
            site.inject(path, faults.page(b"<p>slow</p>", delay=0.2))
            watch(store, clock, site.url(path))

        async def serve_until_two_were_answered() -> None:
            stop = asyncio.Event()
            one_at_a_time = Politeness(per_host=1, min_gap=0.0, retries=0)
            async with Fetcher(politeness=one_at_a_time) as fetcher:
                service = Service(store, fetcher, CheckContext(clock=clock))
                serving = asyncio.create_task(service.serve(tick=0.05, stop=stop))
                while sum(site.requests(path) for path in paths) < 2:
                    await asyncio.sleep(0.02)
                stop.set()
                await serving

        asyncio.run(serve_until_two_were_answered())

    checked = [w for w in store.list_watches() if w.last_checked_at is not None]
    assert 1 <= len(checked) < len(paths)
    assert store.release_leases(lambda _owner: True) == 0  # nothing left claimed
    waiting = [w for w in store.list_watches() if w.last_checked_at is None]
    assert all(w.next_check_at <= clock.now for w in waiting)  # due at the next start


# -- politeness: robots.txt and per-host limits ---------------------------------------------


def test_robots_txt_is_read_once_per_site_obeyed_and_overridable_per_watch(
    store: Store, site: LocalNewsSite, clock: Clock
) -> None:
    site.robots_txt = "User-agent: redline\nDisallow: /news/harbour\n"
    watch(store, clock, site.url(BRIDGE))
    watch(store, clock, site.url(MEASLES))
    summary = cycle(store, clock)
    assert dict(summary.outcomes) == {"first": 1, "robots_disallowed": 1}
    assert site.requests(f"/news/{BRIDGE}") == 0
    assert site.requests("/robots.txt") == 1

    store.purge(watch_spec(site.url(BRIDGE)).url)
    watch(store, clock, site.url(BRIDGE), ignore_robots=True)
    assert dict(cycle(store, clock).outcomes) == {"first": 1}


def test_no_more_than_two_requests_at_once_go_to_one_host(store: Store, clock: Clock) -> None:
    with LocalNewsSite(seed=5) as site:
        hosts = Hosts({"a.test": site.port, "b.test": site.port})
        for n in range(5):
            for host in ("a.test", "b.test"):
                path = f"/news/{host}-{n}"
                site.inject(path, faults.page(b"<p>slow</p>", delay=0.3))
                watch(store, clock, f"http://{host}{path}")
        cycle(store, clock, transport=hosts, concurrency=10)
        assert site.peak_in_flight == 4  # two hosts, two each, though ten were allowed


# -- article events ---------------------------------------------------------------------------


def test_a_removed_article_is_an_event_once_and_its_return_another(
    store: Store, site: LocalNewsSite, clock: Clock, db_url: str
) -> None:
    watch(store, clock, site.url(BRIDGE))
    cycle(store, clock)
    store.outbox.add_rule(RuleSpec("webhook", "http://127.0.0.1:9/hook", tag="*"), clock.now)
    site.inject(BRIDGE, faults.status(410))
    assert dict(recheck(store, clock).outcomes) == {"removed": 1}
    [owed] = store.outbox.claim_due(clock.now, owner="t", lease=timedelta(minutes=1), limit=9)
    assert (owed.event["kind"], owed.event["to_version"]) == ("removed", None)  # alerted too
    assert dict(recheck(store, clock).outcomes) == {"removed": 1}
    gone = only_watch(store)
    assert (gone.presence, gone.state, gone.last_error) == ("removed", "active", None)
    listing = cli(db_url, "list")
    assert "article removed" in listing

    site.clear(BRIDGE)
    assert dict(recheck(store, clock).outcomes) == {"restored": 1}
    kinds = [(c.kind, c.event) for c in reversed(store.changes())]
    assert kinds == [("removed", {"status": 410}), ("restored", {"after": "removed"})]
    back = only_watch(store)
    assert (back.presence, back.versions) == ("live", 1)  # the same text: no new version

    listed = cli(db_url, "changes")
    assert "REMOVED  the server answers 410" in listed
    assert "RESTORED" in listed
    removal = store.changes(kinds=("removed",))[0].id
    shown = cli(db_url, "show", str(removal))
    assert "-> no article" in shown
    assert "REMOVED  the server answers 410" in shown
    detail = json.loads(cli(db_url, "show", str(removal), "--format", "json"))
    assert (detail["kind"], detail["event"], detail["new_version"]) == (
        "removed",
        {"status": 410},
        None,
    )


@dataclass(frozen=True)
class Replacement:
    """What the article's URL serves instead, and the event that should be recorded."""

    fault: faults.Fault
    kind: str
    detail: dict[str, object]


@pytest.mark.parametrize(
    "replacement",
    [
        Replacement(faults.redirect("/"), "redirected", {"target": "home page"}),
        Replacement(
            faults.redirect(f"/news/{MEASLES}"), "redirected", {"target": "another article"}
        ),
        Replacement(
            faults.paywall("Bridge vote", "The council voted 7-2."),
            "collapsed",
            {"looks_like": "paywall", "words": 13},
        ),
        Replacement(faults.consent_wall(), "collapsed", {"looks_like": "consent page"}),
        Replacement(faults.page(b""), "collapsed", {"words": 0}),
    ],
    ids=["to the home page", "to another story", "paywall", "consent wall", "empty page"],
)
def test_an_article_replaced_by_another_page_is_an_event_and_the_last_version_is_kept(
    store: Store, site: LocalNewsSite, clock: Clock, replacement: Replacement
) -> None:
    fault, kind, detail = replacement.fault, replacement.kind, replacement.detail
    watch(store, clock, site.url(BRIDGE))
    cycle(store, clock)
    site.inject(BRIDGE, fault)
    assert dict(recheck(store, clock).outcomes) == {kind: 1}
    [change] = store.changes()
    assert change.kind == kind
    assert change.event is not None
    assert detail.items() <= change.event.items()
    shown = store.change_detail(change.id)
    assert shown.new is None
    assert shown.old.article.headline == site.current(BRIDGE).headline  # the last good one
    assert only_watch(store).versions == 1

    site.clear(BRIDGE)
    assert dict(recheck(store, clock).outcomes) == {"restored": 1}


def test_an_ab_headline_test_is_reported_as_variants_not_a_stream_of_changes(
    store: Store, site: LocalNewsSite, clock: Clock, db_url: str
) -> None:
    watch(store, clock, site.url(BRIDGE))
    outcomes = []
    for revision in (0, 1, 0, 1, 0, 1, 0):
        site.set_revision(BRIDGE, revision)
        outcomes.extend(recheck(store, clock).outcomes)
    assert outcomes == ["first", "changed", "variant", "variant", "variant", "variant", "variant"]
    assert [(c.kind, c.from_version, c.to_version) for c in reversed(store.changes())] == [
        ("edit", 1, 2),
        ("variant", 2, 1),
    ]
    assert only_watch(store).versions == 2
    seen = store.sightings(watch_spec(site.url(BRIDGE)).url)
    assert {number: count for number, (count, _) in seen.items()} == {1: 4, 2: 3}
    history = cli(db_url, "history", site.url(BRIDGE))
    assert "versions 1 and 2 alternate" in history


# -- bad input: each has a clear recorded outcome and never a crash --------------------------

WRONG_CHARSET_TEXT = (
    "Caf\u00e9 owners on Quay Square say the new \u20ac2 parking fee is \u201ca tax on "
    "coffee\u201d \u2014 the council\u2019s na\u00efve plan, they argue, will empty the square "
    "of the shoppers who keep its twelve caf\u00e9s, three bakeries and the Saturday market open "
    "through the long winter months."
)
CP1252_ARTICLE = (
    '<!doctype html><html><head><meta charset="utf-8"><title>Parking fee row</title></head>'
    f"<body><article><h1>Parking fee row</h1><p>{WRONG_CHARSET_TEXT}</p></article></body></html>"
).encode("cp1252")


@dataclass(frozen=True)
class BadInput:
    """A path of the local site (told to answer with `fault` if given) and what is recorded."""

    path: str
    fault: faults.Fault | None
    outcome: str
    error: str | None


BINARY_AS_HTML = faults.page(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\x00\x01")


@pytest.mark.parametrize(
    "bad",
    [
        BadInput("/big", None, "too_large", "larger than the 10 MB limit"),
        BadInput("/binary", None, "not_html", "not a web page: the server sent image/png"),
        BadInput("/loop", None, "redirect_loop", "redirect loop"),
        BadInput("/slow", None, "timeout", "timed out after 1 s"),
        BadInput("/status/200", None, "no_article", "no article text found"),
        BadInput("/empty", faults.page(b""), "no_article", "the server sent an empty page"),
        BadInput("/png-as-html", BINARY_AS_HTML, "no_article", "0 words"),
        BadInput("/cp1252", faults.page(CP1252_ARTICLE), "first", None),
    ],
    ids=[
        "40 MB page",
        "binary type",
        "redirect loop",
        "trickle",
        "not an article",
        "empty body",
        "binary body",
        "wrong charset",
    ],
)
def test_bad_input_gets_a_clear_recorded_outcome(
    store: Store, site: LocalNewsSite, clock: Clock, bad: BadInput
) -> None:
    path, fault, outcome, error = bad.path, bad.fault, bad.outcome, bad.error
    if fault is not None:
        site.inject(path, fault)
    watch(store, clock, site.url(path))
    summary = cycle(store, clock, timeout=1.0)
    assert dict(summary.outcomes) == {outcome: 1}
    checked = only_watch(store)
    assert checked.last_outcome == outcome
    if error is None:
        assert checked.last_error is None
    else:
        assert error in (checked.last_error or "")
    if outcome == "first":
        [version] = store.versions(str(checked.id))
        assert version.article.paragraphs == (WRONG_CHARSET_TEXT,)
