"""Manners toward sites: turns per host, Retry-After, retries and robots.txt, on a fake clock."""

import asyncio
from datetime import UTC, datetime

import pytest

from monitor.errors import FetchError
from monitor.fetching.politeness import (
    HostGate,
    Politeness,
    RobotsAnswer,
    RobotsCache,
    parse_retry_after,
    retry_delay,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


class FakeTime:
    """A monotonic clock whose sleep only moves the clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def request_starts(gate: HostGate, time: FakeTime, hosts: list[str]) -> list[tuple[str, float]]:
    """When each request (one per host in `hosts`, one after another) gets its turn."""

    async def run() -> list[tuple[str, float]]:
        starts = []
        for host in hosts:
            async with gate.turn(host):
                starts.append((host, time.now - 1000.0))
        return starts

    return asyncio.run(run())


def test_requests_to_one_host_start_at_least_the_minimum_gap_apart() -> None:
    time = FakeTime()
    gate = HostGate(Politeness(min_gap=2.0), clock=time.clock, sleep=time.sleep)
    starts = request_starts(gate, time, ["a.example", "a.example", "b.example", "a.example"])
    assert starts == [
        ("a.example", 0.0),
        ("a.example", 2.0),
        ("b.example", 2.0),
        ("a.example", 4.0),
    ]


def test_a_crawl_delay_widens_the_gap_up_to_a_cap() -> None:
    time = FakeTime()
    gate = HostGate(Politeness(min_gap=1.0, max_crawl_delay=30), clock=time.clock, sleep=time.sleep)
    gate.slow_down("slow.example", 120)
    gate.slow_down("brisk.example", 0.1)  # never faster than our own minimum
    starts = request_starts(gate, time, ["slow.example"] * 2 + ["brisk.example"] * 2)
    assert [t for _, t in starts] == [0.0, 30.0, 30.0, 31.0]


def test_a_short_retry_after_is_waited_out_and_a_long_one_fails_at_once() -> None:
    time = FakeTime()
    gate = HostGate(Politeness(min_gap=0.0, max_wait=30), clock=time.clock, sleep=time.sleep)
    gate.hold_off("busy.example", 20)
    assert request_starts(gate, time, ["busy.example"]) == [("busy.example", 20.0)]

    gate.hold_off("closed.example", 3600)
    with pytest.raises(FetchError) as caught:
        request_starts(gate, time, ["closed.example"])
    assert caught.value.outcome == "rate_limited"
    assert caught.value.retry_after == pytest.approx(3600)


def test_at_most_per_host_requests_to_one_host_run_at_once() -> None:
    running: dict[str, int] = {}
    peak: dict[str, int] = {}

    async def request(gate: HostGate, host: str) -> None:
        async with gate.turn(host):
            running[host] = running.get(host, 0) + 1
            peak[host] = max(peak.get(host, 0), running[host])
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            running[host] -= 1

    async def run() -> None:
        gate = HostGate(Politeness(per_host=2, min_gap=0.0))
        await asyncio.gather(*(request(gate, h) for h in ["a"] * 6 + ["b"] * 6))

    asyncio.run(run())
    assert peak == {"a": 2, "b": 2}


def error(outcome: str, status: int | None = None, retry_after: float | None = None) -> FetchError:
    return FetchError("failed", outcome=outcome, status=status, retry_after=retry_after)


FAST = Politeness(retries=2, retry_base=1.0, max_wait=30)


@pytest.mark.parametrize(
    ("failure", "attempt", "delay"),
    [
        (error("connection"), 0, 1.0),  # reset, refused, DNS: retried at once-ish
        (error("connection"), 1, 2.0),  # then twice as long
        (error("connection"), 2, None),  # two retries, then the schedule takes over
        (error("http_error", 503), 0, 1.0),
        (error("http_error", 502), 1, 2.0),
        (error("http_error", 429, retry_after=12), 0, 12.0),  # the server said 12 s
        (error("http_error", 503, retry_after=600), 0, None),  # too long to wait inside a check
        (error("http_error", 404), 0, None),  # an answer, not a fault
        (error("http_error", 403), 0, None),
        (error("timeout"), 0, None),  # already took the whole budget; the schedule retries
        (error("tls"), 0, None),  # a bad certificate does not fix itself in a second
        (error("too_large"), 0, None),
        (error("rate_limited", retry_after=900), 0, None),
    ],
)
def test_transient_faults_are_retried_with_exponential_backoff(
    failure: FetchError, attempt: int, delay: float | None
) -> None:
    assert retry_delay(failure, attempt, FAST, spread=0.0) == delay


def test_retry_backoff_has_up_to_half_again_as_jitter() -> None:
    delays = [retry_delay(error("connection"), 1, FAST, spread=s) for s in (0.0, 0.5, 0.999)]
    assert delays == [2.0, 2.5, pytest.approx(2.999)]


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("Thu, 26 Nov 2026 12:05:00 GMT", 300.0),
        ("Thu, 26 Nov 2026 11:00:00 GMT", 0.0),  # already past
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(
    header: str | None, seconds: float | None
) -> None:
    assert parse_retry_after(header, NOW) == seconds


class Robots:
    """A robots.txt reader that answers from a script and records the sites read."""

    def __init__(self, *answers: RobotsAnswer) -> None:
        self.answers = list(answers)
        self.origins: list[str] = []

    @property
    def reads(self) -> int:
        return len(self.origins)

    async def __call__(self, origin: str) -> RobotsAnswer:
        self.origins.append(origin)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def robots_check(cache: RobotsCache, url: str) -> float | None:
    return asyncio.run(cache.check("https://news.example", url))


RULES = (
    "User-agent: *\nDisallow: /private/\n\nUser-agent: redline\nDisallow: /live/\nCrawl-delay: 5\n"
)


def test_robots_rules_for_redline_are_obeyed_and_read_once_a_day() -> None:
    time = FakeTime()
    read = Robots(RobotsAnswer(200, RULES))
    cache = RobotsCache(Politeness(robots_ttl=86400), read, clock=time.clock)

    assert robots_check(cache, "https://news.example/news/story") == 5.0  # its Crawl-delay
    with pytest.raises(FetchError) as caught:
        robots_check(cache, "https://news.example/live/blog")
    assert caught.value.outcome == "robots_disallowed"
    assert "--ignore-robots" in str(caught.value)
    assert read.origins == ["https://news.example"]
    time.now += 86400
    robots_check(cache, "https://news.example/news/story")
    assert read.reads == 2


@pytest.mark.parametrize("status", [404, 401, 403, 410])
def test_a_missing_or_forbidden_robots_txt_means_no_rules(status: int) -> None:
    cache = RobotsCache(Politeness(), Robots(RobotsAnswer(status, "Disallow: /")))
    assert robots_check(cache, "https://news.example/news/story") is None


def test_a_failing_robots_txt_keeps_redline_away_until_it_answers_again() -> None:
    time = FakeTime()
    read = Robots(RobotsAnswer(503), RobotsAnswer(200, ""))
    cache = RobotsCache(Politeness(robots_retry=600), read, clock=time.clock)
    with pytest.raises(FetchError) as caught:
        robots_check(cache, "https://news.example/news/story")
    assert caught.value.outcome == "robots_unreachable"
    assert "503" in str(caught.value)
    time.now += 601
    assert robots_check(cache, "https://news.example/news/story") is None


def test_an_older_robots_txt_is_used_while_the_server_fails() -> None:
    time = FakeTime()
    read = Robots(RobotsAnswer(200, RULES), RobotsAnswer(500))
    cache = RobotsCache(Politeness(robots_ttl=60), read, clock=time.clock)
    robots_check(cache, "https://news.example/news/story")
    time.now += 61
    with pytest.raises(FetchError) as caught:
        robots_check(cache, "https://news.example/live/blog")
    assert caught.value.outcome == "robots_disallowed"  # the old rules, not "unreachable"
    assert read.reads == 2
