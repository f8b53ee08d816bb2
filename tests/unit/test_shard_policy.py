"""How a cycle's checks are shared between processes: how many, each one's part, which sites."""

import os

import pytest

from monitor.cli.cycles import CycleSettings
from monitor.errors import UsageError
from monitor.watching.scheduling import CadencePolicy
from monitor.watching.service import CycleSummary
from monitor.watching.shards import MIN_CHECKS_PER_PROCESS, process_count, share
from storage.dictionaries import site_slot
from storage.records import Shard

CORES = os.cpu_count() or 1


def test_processes_asked_for_are_used_but_never_more_than_there_are_checks() -> None:
    assert process_count(2, checks=1000) == 2
    assert process_count(4, checks=3) == 3
    assert process_count(2, checks=0) == 1
    assert process_count(3) == 3  # a service: its cycles' size is not known


def test_by_default_one_process_per_core_each_with_enough_checks_to_pay_for_itself() -> None:
    assert process_count(None, checks=MIN_CHECKS_PER_PROCESS - 1) == 1
    assert process_count(None, checks=100 * MIN_CHECKS_PER_PROCESS) == CORES
    assert process_count(None) == CORES


def test_a_limit_over_all_processes_is_shared_without_leaving_one_at_zero() -> None:
    assert share(10, 2) == 5
    assert share(11, 2) == 6
    assert share(1, 4) == 1


def test_a_site_has_one_slot_whatever_the_page_scheme_or_case() -> None:
    slot = site_slot("https://news.example/politics/story-1")
    assert site_slot("http://NEWS.example/other?x=1") == slot
    assert site_slot("https://news.example:443/") == slot
    assert 0 <= slot < 2**31  # fits a 32-bit integer column


def test_a_shard_claims_its_own_sites_and_those_it_took_over() -> None:
    first = Shard(0, 3)
    assert first.slots == {0}
    assert first.taking_over(Shard(2, 3)).slots == {0, 2}
    with pytest.raises(ValueError, match="does not exist"):
        Shard(3, 3)


def test_a_summary_of_a_shared_cycle_counts_what_each_process_checked() -> None:
    first, second, taken_over = CycleSummary(checked=3), CycleSummary(checked=2), CycleSummary(1)
    first.add(second)
    first.add(taken_over, elsewhere=False)  # checked by the first process, for a stopped one
    assert first.checked == 6
    assert first.processes == [4, 2]


def settings(
    concurrency: int = 10, workers: int | None = None, fetchers: int | None = None
) -> CycleSettings:
    policy = CadencePolicy()
    return CycleSettings(concurrency, 2, 1.0, False, workers, 10.0, policy, fetchers=fetchers)


def test_processes_never_outnumber_the_pages_fetched_at_once_or_the_workers_allowed() -> None:
    assert settings(concurrency=3).processes(checks=10_000) == min(CORES, 3)
    assert settings(workers=1).processes(checks=10_000) == 1
    assert settings(workers=0, fetchers=4).processes() == 4  # pages analysed where fetched
    assert settings(fetchers=2).processes(checks=1) == 1


def test_asking_for_more_processes_than_either_limit_allows_is_refused_at_once() -> None:
    with pytest.raises(UsageError, match="--fetchers 3 needs"):
        settings(workers=2, fetchers=3)
    with pytest.raises(UsageError, match="--fetchers 4 needs"):
        settings(concurrency=3, fetchers=4)
