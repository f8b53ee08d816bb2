"""The cadence policy: frequent while young, slower with age and quiet, retired when old."""

from datetime import UTC, datetime, timedelta

import pytest

from monitor.scheduling import DAY, HOUR, MINUTE, CadencePolicy, WatchPace, next_check_at

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
POLICY = CadencePolicy(jitter=0.0)


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
