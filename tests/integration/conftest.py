"""Fixtures for driving redline end to end: the local news site, the CLI, service processes."""

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from monitor.article import Article
from monitor.cli import app
from monitor.config import watch_spec
from monitor.newsroom import LocalNewsSite, Revision, Story
from monitor.testing import WebThread
from monitor.web.app import create_app
from monitor.web.settings import WebSettings
from storage.repository import Store

Run = Callable[..., str]  # redline(*args, code=0) -> output


@pytest.fixture
def site() -> Iterator[LocalNewsSite]:
    """The demo news site, its stories at their first revision."""
    with LocalNewsSite(seed=3) as running:
        yield running


@pytest.fixture
def cli_db(tmp_path: Path) -> str:
    """The database `redline` runs on: a SQLite file; a test module may override this."""
    return str(tmp_path / "cli.db")


@pytest.fixture
def redline(cli_db: str) -> Run:
    """Run a `redline` command on this test's database; asserts the exit code, returns output."""
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["--db", cli_db, *args])
        assert result.exit_code == code, result.output
        assert "Traceback" not in result.output
        return result.output

    return run


class Services:
    """Start real `python -m monitor serve` processes; any left running are killed at the end."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._started: list[subprocess.Popen[bytes]] = []

    def start(self, *args: str, verbose: bool = False) -> subprocess.Popen[bytes]:
        """A service on the test's database with a fast tick, plus `args` for `serve`."""
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "monitor",
                "--db",
                str(self.db),
                *(["--verbose"] if verbose else []),
                "serve",
                "--tick",
                "0.2",
                "--min-gap",  # one local site stands in for many: no gap, the per-host limit kept
                "0",
                *args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._started.append(process)
        return process

    def watch(self, site: LocalNewsSite) -> Store:
        """Watch every story of `site` once a second; returns the open store (close it)."""
        store = Store.open(f"sqlite:///{self.db}")
        for slug in site.slugs:
            store.add_watch(watch_spec(site.url(slug), every="1s"), datetime.now(UTC))
        return store

    def query(self, sql: str) -> list[tuple[object, ...]]:
        """Rows from the database, read the way another process would (the services write)."""
        with sqlite3.connect(self.db, timeout=15) as conn:
            return conn.execute(sql).fetchall()

    def count(self, sql: str) -> int:
        """The single number a `SELECT count(*) ...` gives."""
        return int(str(self.query(sql)[0][0]))

    @staticmethod
    def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
        """Poll until `condition` holds (the processes work meanwhile); fail after `seconds`."""
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL whatever still runs and reap it."""
        for process in self._started:
            if process.returncode is None:
                process.kill()
                process.communicate()


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """Service processes on `tmp_path / "service.db"`."""
    started = Services(tmp_path / "service.db")
    yield started
    started.kill()


@pytest.fixture
def web_view() -> Callable[..., WebThread]:
    """Serve `create_app(store, WebSettings(...))` on a free port: `with web_view(store): ...`."""

    def start(store: Store, **settings: Any) -> WebThread:
        return WebThread(
            create_app(store, WebSettings(**settings), clock=lambda: datetime.now(UTC))
        )

    return start


def _check_through_every_revision(run: Run, site: LocalNewsSite, *tags: str) -> None:
    for slug in site.slugs:
        run("add", site.url(slug), *(arg for tag in tags for arg in ("--tag", tag)))
    run("check", "--min-gap", "0")  # the local site stands in for many: no gap needed
    while any(site.revision(s) + 1 < len(site.revisions(s)) for s in site.slugs):
        for slug in site.slugs:
            if site.revision(slug) + 1 < len(site.revisions(slug)):
                site.publish_next(slug)
        assert "changed" in run("check", "--all", "--min-gap", "0")


@pytest.fixture(scope="session")
def check_every_revision() -> Callable[..., None]:
    """`(run, site, *tags)`: watch every story of `site` (tagged so), then publish and check
    each revision until none is left."""
    return _check_through_every_revision


def _hostile_story(old: Article, new: Article) -> Story:
    def revision(article: Article, minute: int) -> Revision:
        when = datetime(2026, 3, 4, 9, minute, tzinfo=UTC)
        return Revision(article.headline, ("A. Writer",), article.paragraphs, when)

    return Story("harbour-plan", "City Hall", revision(old, 0).modified, (
        revision(old, 0), revision(new, 30),
    ))  # fmt: skip


@pytest.fixture(scope="session")
def hostile_story() -> Callable[[Article, Article], Story]:
    """`(old, new)`: a story "harbour-plan" of the local site, published as `old`, then `new`."""
    return _hostile_story
