"""Manners toward the sites redline watches: per-host limits, robots.txt, Retry-After, retries.

The fetcher applies all of it inside `Fetcher.fetch`, so every caller gets the same manners:

- at most `per_host` requests to one host at a time, and request starts to one host at least
  `min_gap` seconds apart (longer when its robots.txt asks for a Crawl-delay);
- robots.txt read once per site and day (RFC 9309, see monitor.fetching.robots: a 4xx
  means no rules, a 5xx or no answer means "stay out for now"), with a per-watch override;
- a 429 or 503 with Retry-After closes the host for that long; a short wait is taken inside
  the check, a long one ends the check and the schedule comes back after it;
- connection failures (resets, refusals, DNS) and 5xx answers are retried a couple of times
  within a check, with exponential backoff and jitter; anything still failing is left to the
  schedule's error backoff.
"""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from monitor.errors import FetchError
from monitor.fetching.robots import RobotsRules

ROBOTS_AGENT = "redline"  # the product token robots.txt rules name
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_OUTCOMES = frozenset({"connection"})  # timeouts and TLS failures wait for the schedule
# The longest wait a server can impose with Retry-After. Past it a value is a mistake or an
# attack (a year-9999 date, a 20-digit number), and obeying it would drop the host for good.
MAX_RETRY_AFTER = 24 * 3600.0


@dataclass(frozen=True)
class Politeness:
    """How the fetcher treats each host. Seconds throughout."""

    per_host: int = 2
    min_gap: float = 1.0
    robots: bool = True
    robots_ttl: float = 24 * 3600.0  # RFC 9309: a cached robots.txt is good for a day
    robots_retry: float = 600.0  # a robots.txt that answered 5xx is asked for again after this
    max_crawl_delay: float = 30.0  # a Crawl-delay above this is capped
    retries: int = 2  # extra attempts within one check
    retry_base: float = 1.0  # first retry after 1-1.5 s, then 2-3 s
    max_wait: float = 30.0  # the longest Retry-After waited out inside one check

    def __post_init__(self) -> None:
        if self.per_host < 1:
            raise ValueError("per_host must be at least 1")
        if self.min_gap < 0 or self.retries < 0:
            raise ValueError("min_gap and retries cannot be negative")


def retry_delay(
    error: FetchError, attempt: int, politeness: Politeness, spread: float
) -> float | None:
    """Seconds to wait before attempt `attempt + 1` of a fetch that failed, or None to stop.

    `spread` in [0, 1) is the jitter; the caller passes a random number.
    """
    if attempt >= politeness.retries:
        return None
    transient = error.outcome in RETRY_OUTCOMES or (
        error.outcome == "http_error" and error.status in RETRY_STATUSES
    )
    if not transient:
        return None
    backoff = politeness.retry_base * (1 << attempt) * (1 + 0.5 * spread)
    if error.retry_after is None:
        return backoff
    if error.retry_after > politeness.max_wait:
        return None
    return max(backoff, error.retry_after)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from `now` that a Retry-After header asks for (delta-seconds or an HTTP date),
    at most `MAX_RETRY_AFTER`."""
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return min(float(text), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - now).total_seconds(), 0.0), MAX_RETRY_AFTER)


@dataclass
class _Host:
    slots: asyncio.Semaphore
    gap: float
    next_start: float = 0.0
    closed_until: float = 0.0


class HostGate:
    """Takes turns per host: a limit on requests at once and a gap between their starts.

    `clock` and `sleep` are injectable so a test can run an hour of turns in no time.
    """

    def __init__(
        self,
        politeness: Politeness,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._politeness = politeness
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = _Host(asyncio.Semaphore(self._politeness.per_host), self._politeness.min_gap)
            self._hosts[host] = state
        return state

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        """Wait for this host's turn and hold it for one request.

        Raises a `rate_limited` FetchError at once when the host asked us to stay away for
        longer than `max_wait`, so one closed site cannot stall a whole cycle.
        """
        state = self._host(host)
        async with state.slots:
            now = self._clock()
            closed_for = state.closed_until - now
            if closed_for > self._politeness.max_wait:
                raise FetchError(
                    f"{host} asked redline to wait (Retry-After); trying again in "
                    f"{closed_for:.0f} s",
                    outcome="rate_limited",
                    retry_after=closed_for,
                )
            start = max(now, state.next_start, state.closed_until)
            state.next_start = start + state.gap
            if start > now:
                await self._sleep(start - now)
            yield

    def hold_off(self, host: str, seconds: float) -> None:
        """Send no request to `host` for `seconds` (a 429 or 503 said so)."""
        state = self._host(host)
        state.closed_until = max(state.closed_until, self._clock() + seconds)

    def slow_down(self, host: str, gap: float) -> None:
        """Space requests to `host` by `gap` (its Crawl-delay), within the configured bounds."""
        state = self._host(host)
        state.gap = max(self._politeness.min_gap, min(gap, self._politeness.max_crawl_delay))


@dataclass(frozen=True)
class RobotsAnswer:
    """What fetching a robots.txt gave: the status and the text."""

    status: int
    text: str = ""


@dataclass
class _Rules:
    parser: RobotsRules | None  # None: robots.txt answered 5xx or 429
    fetched_at: float
    status: int = 200


class RobotsCache:
    """robots.txt per site (scheme, host and port), read through the fetcher itself.

    `read(origin)` fetches `origin + "/robots.txt"` through the same host gate as every
    other request. It raises the FetchError of a site that cannot be reached at all, which
    is then the check's error (and nothing is cached, so the next check asks again).
    """

    def __init__(
        self,
        politeness: Politeness,
        read: Callable[[str], Awaitable[RobotsAnswer]],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._politeness = politeness
        self._read = read
        self._clock = clock
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, origin: str, url: str) -> float | None:
        """Raise a FetchError when robots.txt keeps redline from `url`; else its Crawl-delay."""
        rules = await self._current(origin)
        if rules.parser is None:
            raise FetchError(
                f"robots.txt of {origin} cannot be read (the server answered {rules.status}); "
                "redline stays away until it can (RFC 9309). Watch with --ignore-robots to "
                "override",
                outcome="robots_unreachable",
            )
        if not rules.parser.allows(url):
            raise FetchError(
                f"robots.txt of {origin} does not allow redline to fetch this page; watch "
                "with --ignore-robots if you have the site's permission",
                outcome="robots_disallowed",
            )
        return rules.parser.crawl_delay

    async def _current(self, origin: str) -> _Rules:
        rules = self._fresh(origin)
        if rules is not None:  # the usual case, without queueing on the lock
            return rules
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:  # one fetch of a site's robots.txt, however many watches wait for it
            return self._fresh(origin) or await self._renew(origin)

    async def _renew(self, origin: str) -> _Rules:
        stale = self._rules.get(origin)
        now = self._clock()
        fresh = _parse(await self._read(origin), now)
        if fresh.parser is None and stale is not None and stale.parser is not None:
            # Failing now, but we have an older copy: RFC 9309 lets us keep using it.
            fresh = _Rules(stale.parser, now)
        self._rules[origin] = fresh
        return fresh

    def _fresh(self, origin: str) -> _Rules | None:
        rules = self._rules.get(origin)
        if rules is None:
            return None
        ttl = self._politeness.robots_ttl if rules.parser else self._politeness.robots_retry
        return rules if self._clock() - rules.fetched_at < ttl else None


def _parse(answer: RobotsAnswer, now: float) -> _Rules:
    if answer.status >= 500 or answer.status == 429:
        return _Rules(None, now, answer.status)
    # A 4xx means there is no robots.txt: no rules, like an empty file.
    text = answer.text if answer.status < 400 else ""
    return _Rules(RobotsRules.parse(text, ROBOTS_AGENT), now)
