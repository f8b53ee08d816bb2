"""The service log: one line per redline event, libraries quiet unless asked, JSON on request."""

import json
import signal
from typing import TYPE_CHECKING

import pytest

from monitor.newsroom import LocalNewsSite

if TYPE_CHECKING:
    from conftest import Services  # the fixture's type

LIBRARY_CHATTER = ("HTTP Request", "Running job", "Context impl", "Will assume")


def _serve_a_while(services: "Services", site: LocalNewsSite, *args: str) -> list[str]:
    """Run `serve` until every story was checked twice; the lines it wrote to stderr."""
    services.watch(site).close()
    service = services.start(*args)
    try:
        services.wait_for(
            lambda: services.count('SELECT count(*) FROM "check"') >= 2 * len(site.slugs),
            "two checks of every story",
        )
    finally:
        service.send_signal(signal.SIGTERM)
        _, errors = service.communicate(timeout=60)
    assert service.returncode == 0, errors.decode()
    return errors.decode().splitlines()


def test_the_service_logs_its_own_checks_and_not_the_libraries_chatter(
    services: "Services", site: LocalNewsSite
) -> None:
    lines = _serve_a_while(services, site)
    assert any("service" in line and "started" in line for line in lines)
    assert sum(site.url(site.slugs[0]) in line for line in lines) >= 2  # each check is a line
    assert not [line for line in lines if any(noise in line for noise in LIBRARY_CHATTER)]


def test_json_log_lines_for_a_log_shipper_even_when_given_after_the_command(
    services: "Services", site: LocalNewsSite
) -> None:
    lines = _serve_a_while(services, site, "--log-format", "json")
    records = [json.loads(line) for line in lines]
    assert {r["level"] for r in records} <= {"info", "warning"}
    assert [r for r in records if not r["logger"].startswith("redline.")] == []
    assert all(r["time"].endswith("+00:00") for r in records)
    assert any(site.url(site.slugs[0]) in r["message"] for r in records)


@pytest.mark.parametrize("quiet", ["-q", "--quiet"])
def test_a_quiet_service_logs_only_problems(
    services: "Services", site: LocalNewsSite, quiet: str
) -> None:
    lines = _serve_a_while(services, site, quiet)
    assert not [line for line in lines if " INFO " in line]


def test_a_verbose_service_shows_the_libraries_info_lines_too(
    services: "Services", site: LocalNewsSite
) -> None:
    lines = _serve_a_while(services, site, "-v")
    assert any("HTTP Request" in line for line in lines)
