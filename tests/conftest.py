"""Shared fixtures: real databases (SQLite files and a throwaway PostgreSQL server), changes
from real analysis.

`db_url` and `store` run each test that uses them twice, once per backend. One PostgreSQL
server serves the whole run; every test gets a new database on it.
"""

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from monitor.analysis.comparison import analyse
from monitor.article import Article
from monitor.newsroom import WebhookReceiver
from storage.pgserver import TemporaryPostgres, find_binaries
from storage.records import ChangeDetail, ChangeInfo, StoredVersion
from storage.repository import Store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres() -> Iterator[TemporaryPostgres]:
    """A PostgreSQL server for this test run (skipped only where none can be installed)."""
    # ./dev test sets REDLINE_PG_BIN once the server is installed: from then on it must run.
    required = os.environ.get("REDLINE_PG_BIN")
    bin_dir = Path(required) if required else find_binaries()
    if bin_dir is None:
        pytest.skip(
            "no PostgreSQL server programs (initdb, pg_ctl) on this machine; "
            "`./dev test` installs Debian's postgresql package when run as root"
        )
    with TemporaryPostgres(bin_dir) as server:
        yield server


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database file, for tests about SQLite itself."""
    return f"sqlite:///{tmp_path / 'redline.db'}"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        yield sqlite_url
        return
    server: TemporaryPostgres = request.getfixturevalue("postgres")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An opened, migrated store on a real database."""
    opened = Store.open(db_url)
    yield opened
    opened.close()


class HtmlPage(HTMLParser):
    """What a browser builds from HTML: its elements, their attributes, the text a reader sees."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        if self.tags[-1:] not in (["style"], ["title"]):
            self._text.append(data)

    @property
    def visible(self) -> str:
        """The page's text with runs of white space made single spaces."""
        return " ".join("".join(self._text).split())


@pytest.fixture
def read_html() -> type[HtmlPage]:
    """Parse HTML (a report, a browser's DOM dump) into elements, attributes and visible text."""
    return HtmlPage


@pytest.fixture
def make_change() -> Callable[..., ChangeDetail]:
    """Build a stored change from two articles, through the same analysis the checker runs."""

    def make(
        old: Article,
        new: Article,
        *,
        change_id: int = 1,
        url: str = "https://news.example/council-budget",
        at: datetime = datetime(2026, 3, 4, 9, 0, tzinfo=UTC),
    ) -> ChangeDetail:
        comparison = analyse(old, new)
        flags = comparison.flag_dicts()
        info = ChangeInfo(
            id=change_id,
            watch_id=1,
            url=url,
            label=None,
            headline=new.headline,
            detected_at=at,
            from_version=change_id,
            to_version=change_id + 1,
            flag_count=len(flags),
            kinds=tuple(dict.fromkeys(str(f["kind"]) for f in flags)),
        )
        versions = [
            StoredVersion(change_id + n, 1, change_id + n, a.fingerprint(), at, url, a)
            for n, a in enumerate((old, new))
        ]
        diff = comparison.diff.to_dict()
        return ChangeDetail(info, versions[0], versions[1], diff, flags)

    return make


# Article text that runs code if a renderer ever lets it through as markup. Each payload marks
# the page (<html data-pwned=...>) so a browser test can see whether anything ran.
PLAIN = (
    "Millbrook council approved the harbour plan on Tuesday after a long debate about costs.",
    "\u201cThe plan is sound,\u201d said Mayor Ann Lee.",
    "The plan will cost $12 million over three years, officials said.",
    "Work on the harbour wall is expected to begin in the spring, weather permitting, and the "
    "ferry terminal will stay open throughout, the port authority said in a statement.",
)
HOSTILE_HEADLINE = 'Council approves plan "><svg onload="document.documentElement.dataset.pwned=1">'
HOSTILE = (
    PLAIN[0],
    "\u201cThe plan is <script>document.documentElement.dataset.pwned='script'</script> sound,"
    "\u201d said Mayor Ann Lee.",
    "The plan will cost $14 million over three years, officials said. "
    "<img src=x onerror=\"document.documentElement.dataset.pwned='img'\">",
    PLAIN[3],
    "Read <a href=\"javascript:document.documentElement.dataset.pwned='link'\">the plan</a> "
    "at javascript:alert(1) today.",
)


@pytest.fixture
def hostile_articles() -> tuple[Article, Article]:
    """A version, then one whose headline, quote, figure sentence and new paragraph attack."""
    old = Article("Council approves harbour plan", "By A. Writer", PLAIN)
    return old, Article(HOSTILE_HEADLINE, "By A. Writer <b>Mallory</b>", HOSTILE)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    """A webhook receiver on a free local port."""
    with WebhookReceiver() as running:
        yield running
