"""When to check each article next (a pure policy) and the one-job APScheduler dispatcher.

The policy follows how newsrooms edit: most edits land in an article's first hours, so young
articles are checked often; the pace slows with age and with each unchanged check, speeds up
again after a change, and stops when the article is old (unless pinned).
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger("redline.scheduler")

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class CadencePolicy:
    """The schedule as data, so the README table and the simulation test read the same thing.

    `bands` maps an article's age (time since publication, else since first seen) to the base
    interval between checks. Each unchanged check stretches the interval by `unchanged_factor`,
    never beyond the band's `ceiling_factor` times the base. Errors back off exponentially
    from `error_base` to `error_max`. `jitter` spreads checks of many watches by up to that
    fraction of the interval.
    """

    bands: tuple[tuple[timedelta, timedelta], ...] = (
        (3 * HOUR, 10 * MINUTE),
        (12 * HOUR, 30 * MINUTE),
        (2 * DAY, 2 * HOUR),
        (7 * DAY, 6 * HOUR),
        (30 * DAY, DAY),
    )
    unchanged_factor: float = 1.2
    ceiling_factor: float = 3.0
    retire_after: timedelta = 30 * DAY
    error_base: timedelta = 2 * MINUTE
    error_max: timedelta = 6 * HOUR
    jitter: float = 0.1

    def base_interval(self, age: timedelta) -> timedelta:
        """The interval for an article of this age before any backoff."""
        for max_age, interval in self.bands:
            if age < max_age:
                return interval
        return self.bands[-1][1]


@dataclass(frozen=True)
class WatchPace:
    """What the policy needs to know about one watch."""

    age_anchor: datetime  # publication time from the page, else when redline first saw it
    watched_since: datetime | None = None  # when the watch was added; an old article added
    # today is still watched (at the slowest pace) for the retirement age
    every_seconds: int | None = None
    pinned: bool = False
    consecutive_unchanged: int = 0
    consecutive_errors: int = 0


def next_check_at(
    policy: CadencePolicy, pace: WatchPace, now: datetime, spread: float = 0.0
) -> datetime | None:
    """The next check time, or None when the article has aged out and should retire.

    `spread` in [0, 1) picks a point in the jitter window; the caller passes a random number.
    """
    age = now - pace.age_anchor
    watched_for = now - max(pace.age_anchor, pace.watched_since or pace.age_anchor)
    if watched_for >= policy.retire_after and not pace.pinned and pace.every_seconds is None:
        return None  # an old article retires even while its site is failing
    if pace.consecutive_errors:
        exponent = min(pace.consecutive_errors - 1, 20)
        delay = min(policy.error_base * (1 << exponent), policy.error_max)
        return now + delay * (1 + policy.jitter * spread)
    if pace.every_seconds is not None:
        return now + timedelta(seconds=pace.every_seconds) * (1 + policy.jitter * spread)
    base = policy.base_interval(age)
    stretch = min(policy.unchanged_factor**pace.consecutive_unchanged, policy.ceiling_factor)
    return now + base * stretch * (1 + policy.jitter * spread)


class Dispatcher:
    """APScheduler with ONE job: every `tick` seconds, run the due work found in the database.

    The scheduler holds no watch state; `redline add` while the service runs is picked up on
    the next tick because the database, not a job store, says what is due.
    """

    def __init__(self, cycle: Callable[[], Awaitable[object]], *, tick: float = 1.0) -> None:
        self._cycle = cycle
        self._tick = tick
        self._scheduler = AsyncIOScheduler()

    async def run_until(self, stop: asyncio.Event) -> None:
        """Dispatch until `stop` is set, then wait for the cycle under way to finish."""
        self._scheduler.add_job(
            self._cycle,
            "interval",
            seconds=self._tick,
            id="dispatch",
            max_instances=1,  # a slow cycle delays the next tick instead of overlapping it
            coalesce=True,
            next_run_time=datetime.now().astimezone(),
            misfire_grace_time=None,
        )
        self._scheduler.start()
        try:
            await stop.wait()
        finally:
            self._scheduler.shutdown(wait=False)
