"""The cadence policy: frequent while young, slower with age and quiet, retired when old."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from monitor.article import Article
from monitor.watching.checking import CheckContext, schedule
from monitor.watching.scheduling import DAY, HOUR, MINUTE, CadencePolicy, WatchPace, next_check_at
from storage.pages import pack
from storage.records import CheckRecord, DueWatch, NewVersion

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
POLICY = CadencePolicy(jitter=0.0)
URL = "https://news.example/2026/11/01/story"


def interval(pace: WatchPace, policy: CadencePolicy = POLICY) -> timedelta | None:
    when = next_check_at(policy, pace, NOW)
    return None if when is None else when - NOW


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(0), 10 * MINUTE),
        (2 * HOUR, 10 * MINUTE),
        (5 * HOUR, 30 * MINUTE),
        (DAY, 2 * HOUR),
        (4 * DAY, 6 * HOUR),
        (20 * DAY, DAY),
    ],
)
def test_young_articles_are_checked_most_often(age: timedelta, expected: timedelta) -> None:
    assert interval(WatchPace(age_anchor=NOW - age)) == expected


def test_each_unchanged_check_stretches_the_interval_up_to_a_ceiling() -> None:
    young = NOW - HOUR
    steps = [interval(WatchPace(young, consecutive_unchanged=n)) for n in (0, 1, 2, 50)]
    assert steps == [10 * MINUTE, 12 * MINUTE, 10 * MINUTE * 1.44, 30 * MINUTE]


def test_articles_older_than_the_retirement_age_retire_unless_pinned() -> None:
    old = NOW - 31 * DAY
    assert interval(WatchPace(old)) is None
    assert interval(WatchPace(old, pinned=True)) == DAY


def test_an_old_article_added_today_is_watched_at_the_slowest_pace_until_it_retires() -> None:
    published = NOW - 400 * DAY
    assert interval(WatchPace(published, watched_since=NOW - DAY)) == DAY
    assert interval(WatchPace(published, watched_since=NOW - 31 * DAY)) is None


def test_a_fixed_cadence_overrides_the_policy() -> None:
    assert interval(WatchPace(NOW - 40 * DAY, every_seconds=900)) == 15 * MINUTE


def test_errors_back_off_exponentially_to_a_maximum() -> None:
    steps = [interval(WatchPace(NOW, consecutive_errors=n)) for n in (1, 2, 3, 30)]
    assert steps == [2 * MINUTE, 4 * MINUTE, 8 * MINUTE, 6 * HOUR]


def test_jitter_spreads_checks_within_its_fraction_of_the_interval() -> None:
    policy = CadencePolicy(jitter=0.1)
    pace = WatchPace(NOW)
    earliest = next_check_at(policy, pace, NOW, 0.0)
    latest = next_check_at(policy, pace, NOW, 0.999)
    assert earliest == NOW + 10 * MINUTE
    assert latest is not None
    assert NOW + 10 * MINUTE < latest < NOW + 11 * MINUTE


def test_the_retirement_age_is_configurable() -> None:
    week = CadencePolicy(jitter=0.0, retire_after=7 * DAY)
    assert interval(WatchPace(NOW - 6 * DAY), week) == 6 * HOUR
    assert interval(WatchPace(NOW - 8 * DAY), week) is None


def test_an_old_article_retires_even_while_its_site_is_failing() -> None:
    old = NOW - 31 * DAY
    assert interval(WatchPace(old, consecutive_errors=4)) is None
    assert interval(WatchPace(old, consecutive_errors=4, pinned=True)) == 16 * MINUTE


# -- 30 days of one article, through the same schedule() the service runs -------------------

PUBLISHED = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
BANDS = ((3 * HOUR, "<3h"), (12 * HOUR, "3-12h"), (2 * DAY, "12h-2d"), (7 * DAY, "2-7d"))


def simulate(changes_at: tuple[timedelta, ...] = ()) -> list[timedelta]:
    """The ages at which an article published (and first seen) at PUBLISHED is fetched until
    it retires, when its page changes at the ages in `changes_at` and is otherwise quiet."""
    clock = [PUBLISHED]
    context = CheckContext(clock=lambda: clock[0], spread=lambda: 0.0)
    pending = sorted(changes_at)
    streak, fetched = 0, []
    article = Article("Headline", "By A. Writer", ("Body.",))
    first = NewVersion(article, URL, pack("<html></html>"), 1)
    while True:
        age = clock[0] - PUBLISHED
        changed = bool(pending) and age >= pending[0]
        if changed:
            pending.pop(0)
        record = CheckRecord(
            watch_id=1,
            started_at=clock[0],
            duration=0.1,
            outcome="changed" if changed else "first" if not fetched else "unchanged",
            next_check_at=clock[0],
            published_at=PUBLISHED,
            version=first if not fetched else None,
            diff={"paragraphs": []} if changed else None,
        )
        fetched.append(age)
        due = DueWatch(
            id=1, url=URL, etag=None, last_modified=None, every_seconds=None, pinned=False,
            created_at=PUBLISHED, published_at=PUBLISHED, last_changed_at=None,
            consecutive_unchanged=streak, consecutive_errors=0, latest=None,
        )  # fmt: skip
        scheduled = schedule(record, due, context)
        if scheduled.retire:
            return fetched
        streak = scheduled.unchanged_streak
        clock[0] = scheduled.next_check_at


def per_band(ages: list[timedelta]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for age in ages:
        band = next((name for limit, name in BANDS if age < limit), "7-30d")
        if age >= 30 * DAY:
            band = "after 30d"
        counts[band] = counts.get(band, 0) + 1
    return counts


def test_a_quiet_article_is_fetched_37_times_in_its_30_days_mostly_while_young() -> None:
    ages = simulate()
    # 10 minutes stretching x1.2 to 30 while young; then each band at 3x its base, as the
    # unchanged streak has reached the ceiling: 90 min, 6 h, 18 h, 3 days; the check that
    # lands past day 30 is the last.
    assert per_band(ages) == {
        "<3h": 9,
        "3-12h": 6,
        "12h-2d": 6,
        "2-7d": 7,
        "7-30d": 8,
        "after 30d": 1,
    }
    assert ages[:4] == [timedelta(0), 10 * MINUTE, 22 * MINUTE, 36 * MINUTE + timedelta(seconds=24)]
    assert 30 * DAY < ages[-1] < 30 * DAY + 3 * DAY


def test_a_change_resets_the_pace_to_the_base_interval_of_the_articles_age() -> None:
    quiet = simulate()
    edited = simulate(changes_at=(3 * DAY,))
    change = next(age for age in edited if age >= 3 * DAY)
    after = edited[edited.index(change) + 1]
    assert after - change == 6 * HOUR  # the 2-7 day band's base; the quiet article waits 18 h
    assert len(edited) > len(quiet)
    assert per_band(edited)["2-7d"] > per_band(quiet)["2-7d"]


def test_jitter_keeps_hundreds_of_watches_on_one_site_from_firing_in_the_same_second() -> None:
    spread = random.Random(7).random
    due = [next_check_at(CadencePolicy(), WatchPace(NOW), NOW, spread()) for _ in range(300)]
    per_second = Counter(when.replace(microsecond=0) for when in due if when is not None)
    assert len(per_second) >= 50  # a 60-second window, well used
    assert max(per_second.values()) <= 15  # 5 % of the watches at most in any one second
