"""Pages of one site stored against the site's dictionary, end to end: real `redline check`
runs over a local site, every stored page read back byte for byte, and the dictionary outliving
a purge and a move to another database."""

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from monitor.newsroom import LocalNewsSite
from storage.pages import needed_dictionary
from storage.repository import Store
from storage.tables import SiteDictionary, Version

Run = Callable[..., str]  # the redline fixture: redline(*args, code=0) -> output


class StaticSite:
    """Serves fixed pages on 127.0.0.1, so the bytes a check read are known exactly."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = pages.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@pytest.fixture
def static() -> Iterator[StaticSite]:
    site = StaticSite()
    yield site
    site.server.shutdown()
    site.server.server_close()


def newsroom_pages(revised: bool) -> dict[str, bytes]:
    """The demo site's story pages as it served them (first revisions, or one revision on)."""
    with LocalNewsSite(seed=3) as newsroom, httpx.Client() as client:
        if revised:
            for slug in newsroom.slugs:
                if len(newsroom.revisions(slug)) > 1:
                    newsroom.publish_next(slug)
        return {f"/news/{s}": client.get(newsroom.url(s)).content for s in newsroom.slugs}


def stored_pages(db: str) -> dict[tuple[str, int], tuple[bytes, str | None]]:
    """Per (path, version number): the stored row's bytes and the page read back from it."""
    store = Store.open(db)
    with Session(store.engine) as session:
        rows = [(v.id, v.url, v.number, v.raw_page) for v in session.exec(select(Version))]
    pages = {}
    for version_id, url, number, raw in rows:
        assert version_id is not None
        assert raw is not None
        pages[("/" + url.split("/", 3)[3], number)] = (raw, store.raw_page(version_id))
    store.close()
    return pages


def dictionaries(db: str) -> list[tuple[int | None, str]]:
    store = Store.open(db)
    with Session(store.engine) as session:
        found = [(d.id, d.site) for d in session.exec(select(SiteDictionary))]
    store.close()
    return found


@pytest.fixture
def cli_db(db_url: str) -> str:
    """`redline` commands run on SQLite, then on PostgreSQL."""
    return db_url


def test_site_pages_read_back_exactly_through_purge_and_move(
    static: StaticSite, redline: Run, cli_db: str, tmp_path: Path
) -> None:
    first, revised = newsroom_pages(revised=False), newsroom_pages(revised=True)
    static.pages.update(first)
    paths = sorted(first)
    # The first check stores a page of the site, which becomes its dictionary ...
    redline("add", static.url(paths[0]))
    redline("check", "--min-gap", "0")
    assert dictionaries(cli_db) == [(1, "127.0.0.1")]
    # ... and the site's later pages, first versions and revisions, are packed against it.
    for path in paths[1:]:
        redline("add", static.url(path))
    redline("check", "--min-gap", "0")
    static.pages.update(revised)
    assert "changed" in redline("check", "--all", "--min-gap", "0")

    pages = stored_pages(cli_db)
    edited = [path for path in paths if revised[path] != first[path]]
    assert edited
    assert len(pages) == len(paths) + len(edited)
    for (path, number), (raw, text) in pages.items():
        served = (first if number == 1 else revised)[path]
        assert text is not None
        assert text.encode("utf-8") == served
        # Only the page that became the dictionary was stored without one.
        assert needed_dictionary(raw) == (None if (path, number) == (paths[0], 1) else 1)
    history = json.loads(redline("history", static.url(edited[0]), "--format", "json"))
    assert [v["number"] for v in history] == [1, 2]
    assert "No reader-visible change" not in redline("diff", static.url(edited[0]))

    # Purging the watch whose page is the dictionary leaves the others readable.
    redline("remove", static.url(paths[0]), "--purge")
    assert dictionaries(cli_db) == [(1, "127.0.0.1")]
    kept = stored_pages(cli_db)
    assert kept == {key: value for key, value in pages.items() if key[0] != paths[0]}

    # A move to another database keeps the dictionary and its id, so every page still reads.
    moved = f"sqlite:///{tmp_path / 'moved.db'}"
    redline("migrate-db", "--to", moved)
    assert dictionaries(moved) == [(1, "127.0.0.1")]
    assert stored_pages(moved) == kept


def test_a_new_sites_pages_checked_together_are_stored_against_the_first_of_them(
    static: StaticSite, redline: Run, cli_db: str
) -> None:
    served = newsroom_pages(revised=False)
    static.pages.update(served)
    for path in sorted(served):
        redline("add", static.url(path))
    # All claimed before the site had a dictionary: the workers pack them plain.
    redline("check", "--min-gap", "0")

    pages = stored_pages(cli_db)
    assert len(pages) == len(served) > 2
    [(dictionary_id, _)] = dictionaries(cli_db)
    kinds = sorted(needed_dictionary(raw) or 0 for raw, _ in pages.values())
    assert kinds == [0] + [dictionary_id] * (len(served) - 1)  # one page is the dictionary
    for (path, _), (_, text) in pages.items():
        assert text is not None
        assert text.encode("utf-8") == served[path]
