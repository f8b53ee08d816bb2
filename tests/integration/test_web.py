"""`redline web` over a real HTTP connection, on databases filled by real checks of the demo site.

Every test runs on SQLite and on PostgreSQL: the same pages, search and API from both.
"""

import json
import re
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import fromstring

import httpx
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from monitor.cli import app
from monitor.newsroom import LocalNewsSite
from monitor.review.feed import ATOM
from monitor.testing import WebThread
from monitor.web.app import create_app
from monitor.web.security import CONTENT_SECURITY_POLICY
from monitor.web.settings import WebSettings
from storage.pgserver import TemporaryPostgres
from storage.repository import Store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
PUBLIC = "https://redline.example.org"
BRIDGE = "harbour-street-bridge"


@dataclass
class Desk:
    """A web view on a filled database, and the CLI on the same database to compare with."""

    client: httpx.Client
    run: Callable[..., str]
    store: Store
    site: LocalNewsSite

    def page(self, path: str, status: int = 200) -> str:
        response = self.client.get(path)
        assert response.status_code == status, response.text
        return response.text

    def api(self, path: str) -> Any:
        response = self.client.get(path)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json")
        return response.json()


@pytest.fixture(scope="module", params=BACKENDS)
def desk(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    check_every_revision: Callable[..., None],
) -> Iterator[Desk]:
    """Every demo story watched (tagged "city") through all its revisions, then served."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    else:
        server: TemporaryPostgres = request.getfixturevalue("postgres")
        url = server.url(server.create_database())
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["--db", url, *args])
        assert result.exit_code == code, result.output
        return result.output

    with LocalNewsSite(seed=3) as site:
        check_every_revision(run, site, "city")
        run("add", site.url(BRIDGE) + "?edition=2", "--tag", "other")  # never checked
        store = Store.open(url)
        view = create_app(store, WebSettings(public_url=PUBLIC), clock=lambda: datetime.now(UTC))
        with WebThread(view) as served, httpx.Client(base_url=served.url) as client:
            yield Desk(client, run, store, site)
        store.close()


def cli_json(desk: Desk, *args: str) -> Any:
    return json.loads(desk.run(*args, "--format", "json"))


def links(html: str, pattern: str) -> list[str]:
    return re.findall(rf'href="({pattern})"', html)


def test_the_change_list_is_the_cli_list_with_a_page_for_each_change(desk: Desk) -> None:
    listed = cli_json(desk, "changes")
    html = desk.page("/")
    assert links(html, r"/changes/\d+") == [f"/changes/{c['id']}" for c in listed]
    assert desk.api("/api/changes") == listed


def test_filters_select_by_kind_flag_tag_and_date_and_the_api_agrees(desk: Desk) -> None:
    every = cli_json(desk, "changes")
    quotes = cli_json(desk, "changes", "--kind", "quote_changed")
    assert 0 < len(quotes) < len(every)
    assert desk.api("/api/changes?kind=quote_changed") == quotes
    assert desk.api("/api/changes?flagged=1") == cli_json(desk, "changes", "--flagged")
    assert desk.api("/api/changes?tag=city") == every
    assert desk.api("/api/changes?tag=cit") == []  # a tag matches whole, not in part
    today = datetime.now(UTC).date().isoformat()
    assert desk.api(f"/api/changes?since={today}&until={today}") == every
    assert desk.api("/api/changes?until=2000-01-01") == []


def test_pages_follow_each_other_without_gaps_or_repeats(desk: Desk) -> None:
    every = [c["id"] for c in cli_json(desk, "changes")]
    seen: list[int] = []
    path: str | None = "/?limit=4"
    while path is not None:
        html = desk.page(path)
        seen += [int(link.rsplit("/", 1)[1]) for link in links(html, r"/changes/\d+")]
        older = re.search(r'rel="next" href="([^"]+)"', html)
        path = older.group(1).replace("&amp;", "&") if older else None
    assert seen == every


def test_a_bad_filter_is_one_line_on_the_page_and_in_the_api(desk: Desk) -> None:
    html = desk.page("/?since=yesterday", status=400)
    assert "since is a date such as 2026-03-04, not &#39;yesterday&#39;" in html
    response = desk.client.get("/api/changes?limit=0")
    assert response.status_code == 400
    assert response.json() == {"error": "limit must be between 1 and 500"}
    assert desk.client.get("/api/changes/999999").json() == {
        "error": "no change with id 999999; see `redline changes`"
    }


def test_a_change_page_puts_flags_before_the_diff_and_links_its_neighbours(desk: Desk) -> None:
    bridge = cli_json(desk, "changes", "--url", desk.site.url(BRIDGE))
    oldest, second, third, newest = bridge[-1], bridge[-2], bridge[-3], bridge[0]
    html = desk.page(f"/changes/{second['id']}")
    assert f'rel="prev" href="/changes/{oldest["id"]}"' in html
    assert f'rel="next" href="/changes/{third["id"]}"' in html
    assert html.index('class="flags"') < html.index('class="diff')
    assert 'rel="next"' not in desk.page(f"/changes/{newest['id']}")
    assert 'rel="prev"' not in desk.page(f"/changes/{oldest['id']}")


def test_the_change_api_is_the_show_document(desk: Desk) -> None:
    [figure] = cli_json(desk, "changes", "--kind", "figure_changed", "--limit", "1")
    shown = cli_json(desk, "show", str(figure["id"]))
    assert desk.api(f"/api/changes/{figure['id']}") == shown


def test_an_article_page_shows_state_versions_timeline_and_changes(desk: Desk) -> None:
    [watch] = [w for w in cli_json(desk, "list") if w["url"] == desk.site.url(BRIDGE)]
    html = desk.page(f"/articles/{watch['id']}")
    history = cli_json(desk, "history", str(watch["id"]))
    assert f"<h2>Versions ({len(history)})</h2>" in html
    assert "Glenn Haverford" in html  # a quote's speaker, in the timeline
    assert "Next check" in html
    assert "Last check" in html
    changes = cli_json(desk, "changes", "--url", str(watch["id"]))
    assert links(html, r"/changes/\d+") == [f"/changes/{c['id']}" for c in changes]
    assert desk.api(f"/api/articles/{watch['id']}") == watch
    assert desk.api(f"/api/articles/{watch['id']}/history") == history
    assert desk.api(f"/api/articles/{watch['id']}/timeline") == cli_json(
        desk, "timeline", str(watch["id"])
    )


def first_and_last_words(desk: Desk, watch_id: int) -> tuple[str, str]:
    """A word only the first version of an article has, and one its current version has."""
    history = cli_json(desk, "history", str(watch_id))

    def words(version: dict[str, Any]) -> set[str]:
        text = " ".join([version["headline"], *version["paragraphs"]])
        return {w.lower() for w in re.findall(r"[A-Za-z]{5,}", text)}

    dropped = sorted(words(history[0]) - words(history[-1]))
    kept = sorted(words(history[0]) & words(history[-1]))
    return dropped[0], kept[0]


def test_search_finds_a_word_in_any_version_and_the_stories_that_dropped_it(desk: Desk) -> None:
    [watch] = [w for w in cli_json(desk, "list") if w["url"] == desk.site.url(BRIDGE)]
    dropped, kept = first_and_last_words(desk, watch["id"])

    [hit] = [h for h in desk.api(f"/api/search?q={dropped}") if h["watch_id"] == watch["id"]]
    assert 1 in hit["matched"]
    assert not hit["in_current"]
    assert dropped in hit["snippet"].lower()
    assert watch["id"] in [h["watch_id"] for h in desk.api(f"/api/search?q={dropped}&dropped=1")]
    assert watch["id"] not in [h["watch_id"] for h in desk.api(f"/api/search?q={kept}&dropped=1")]
    html = desk.page(f"/search?q={dropped}&dropped=1")
    assert f'href="/articles/{watch["id"]}"' in html
    assert "not in the current version" in html


def test_search_reads_phrases_and_left_out_words(desk: Desk) -> None:
    bridge = {h["watch_id"] for h in desk.api('/api/search?q="Harbour Street Bridge"')}
    assert bridge
    assert not {h["watch_id"] for h in desk.api('/api/search?q="Bridge Street Harbour"')}
    assert not {h["watch_id"] for h in desk.api('/api/search?q="Harbour Street" -bridge')}
    # Operators of the index's own syntax are words like any other: no error, no injection.
    assert desk.api("/api/search?q=NEAR(bridge) OR * ^harbour:") == []
    response = desk.client.get("/api/search?q=-bridge")
    assert response.status_code == 400
    assert "at least one word" in response.json()["error"]


def every_flag(desk: Desk) -> list[tuple[int, dict[str, Any]]]:
    return [
        (c["id"], flag)
        for c in cli_json(desk, "changes")
        for flag in cli_json(desk, "show", str(c["id"]))["flags"]
    ]


def test_flag_search_finds_quotes_by_a_speaker(desk: Desk) -> None:
    expected = [
        (cid, f)
        for cid, f in every_flag(desk)
        if f["kind"].startswith("quote_") and "Haverford" in (f.get("speaker") or "")
    ]
    assert expected
    found = desk.api("/api/search?in=flags&kind=quotes&speaker=haverford")
    assert [(h["change"]["id"], h["flag"]) for h in found] == expected
    html = desk.page("/search?in=flags&kind=quotes&speaker=Haverford")
    assert "QUOTE CHANGED" in html
    assert "Glenn Haverford" in html


@pytest.mark.parametrize(("moved", "by"), [("up", 10), ("up", 20), ("down", 0), ("down", 10)])
def test_flag_search_finds_figures_that_moved_by_at_least(desk: Desk, moved: str, by: int) -> None:
    sign = 1 if moved == "up" else -1
    expected = [
        (cid, f)
        for cid, f in every_flag(desk)
        if f["kind"] == "figure_changed"
        and isinstance(f.get("relative"), float | int)
        and sign * f["relative"] > 0
        and sign * f["relative"] >= by / 100
    ]
    assert expected  # the demo has figures moving each way
    found = desk.api(f"/api/search?in=flags&moved={moved}&by={by}")
    assert [(h["change"]["id"], h["flag"]) for h in found] == expected


def test_the_feed_links_each_change_to_its_page_at_the_public_address(desk: Desk) -> None:
    response = desk.client.get("/feed.atom?kind=quote_changed")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = fromstring(response.content)
    entries = feed.findall(f"{{{ATOM}}}entry")
    quotes = cli_json(desk, "changes", "--kind", "quote_changed")
    pages = [e.find(f"{{{ATOM}}}link[@rel='alternate']") for e in entries]
    assert [link.get("href") for link in pages if link is not None] == [
        f"{PUBLIC}/changes/{c['id']}" for c in quotes
    ]
    [self_link] = feed.findall(f"{{{ATOM}}}link[@rel='self']")
    assert self_link.get("href") == f"{PUBLIC}/feed.atom?kind=quote_changed"


def test_watches_and_sources_pages_list_what_the_cli_lists(desk: Desk) -> None:
    html = desk.page("/watches")
    watched = cli_json(desk, "list")
    assert links(html, r"/articles/\d+") == [f"/articles/{w['id']}" for w in watched]
    assert desk.api("/api/watches") == watched
    assert links(desk.page("/watches?tag=other"), r"/articles/\d+") == [
        f"/articles/{w['id']}" for w in watched if "other" in w["tags"]
    ]
    assert "No followed sources" in desk.page("/sources")
    assert desk.api("/api/sources") == cli_json(desk, "sources")


def test_every_response_carries_the_strict_policy_and_the_pages_have_no_script(
    desk: Desk, read_html: Callable[[str], Any]
) -> None:
    for path in ("/", "/search?q=bridge", "/watches", "/sources", "/changes/1", "/nope"):
        response = desk.client.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
        page = read_html(response.text)
        assert "script" not in page.tags
        assert not [name for name, _ in page.attributes if name.startswith("on")]
        assert "style" not in [name for name, _ in page.attributes]  # the policy would block it


def test_a_host_name_other_than_loopback_is_refused(desk: Desk) -> None:
    # A page elsewhere reaching the loopback view through its own DNS name (DNS rebinding).
    response = desk.client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400


def test_stylesheet_is_served_from_the_app(desk: Desk) -> None:
    response = desk.client.get("/static/redline.css")
    assert response.headers["content-type"].startswith("text/css")
    assert ".diff" in response.text
    assert "@media (max-width: 700px)" in response.text


def test_adding_a_watch_needs_the_forms_csrf_token(desk: Desk) -> None:
    desk.page("/watches")  # sets the CSRF cookie
    url = desk.site.url("no-such-story") + "?from=web"
    refused = desk.client.post("/watches", data={"url": url, "csrf": "forged"})
    assert refused.status_code == 403
    assert url not in [w["display_url"] for w in cli_json(desk, "list")]
    token = re.search(r'name="csrf" value="([^"]+)"', desk.page("/watches"))
    assert token is not None
    from_elsewhere = desk.client.post(
        "/watches",
        data={"url": url, "csrf": token.group(1)},
        headers={"origin": "https://attacker.example"},
    )
    assert from_elsewhere.status_code == 403
    added = desk.client.post(
        "/watches", data={"url": url, "tags": "web, desk", "csrf": token.group(1)}
    )
    assert added.status_code == 303
    [watch] = [w for w in cli_json(desk, "list") if w["display_url"] == url]
    assert added.headers["location"] == f"/articles/{watch['id']}"
    assert watch["tags"] == ["web", "desk"]
    again = desk.client.post("/watches", data={"url": url, "csrf": token.group(1)})
    assert again.status_code == 400
    assert f"already watching {url}" in again.text
    bad = desk.client.post("/watches", data={"url": "ftp://x", "csrf": token.group(1)})
    assert bad.status_code == 400
    assert "Traceback" not in bad.text
    desk.run("remove", str(watch["id"]))


def test_with_a_token_every_request_needs_it_and_signing_in_sets_a_session(
    tmp_path: Path, web_view: Callable[..., WebThread]
) -> None:
    token = "correct horse battery staple"
    store = Store.open(f"sqlite:///{tmp_path / 'token.db'}")
    with web_view(store, token=token) as served, httpx.Client(base_url=served.url) as client:
        assert client.get("/api/changes").status_code == 401
        assert client.get("/feed.atom").status_code == 401
        bearer = {"authorization": f"Bearer {token}"}
        assert client.get("/api/changes", headers=bearer).json() == []
        sent_away = client.get("/search?q=x")
        assert sent_away.status_code == 303
        assert sent_away.headers["location"] == "/login?next=/search%3Fq%3Dx"
        form = client.get(sent_away.headers["location"]).text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form)
        assert csrf is not None
        wrong = client.post("/login", data={"token": "guess", "csrf": csrf.group(1)})
        assert wrong.status_code == 403
        right = client.post(
            "/login", data={"token": token, "csrf": csrf.group(1), "next": "//attacker.example"}
        )
        assert right.status_code == 303
        assert right.headers["location"] == "/"
        assert client.get("/search?q=x").status_code == 200
    store.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--host", "0.0.0.0"], "binding to 0.0.0.0 opens redline to the network; set a token"),
        (["--public-url", "redline.example.org"], "is not a public base URL"),
        (["--token-file", "/nonexistent/token"], "cannot read the token file"),
    ],
)
def test_web_refuses_unsafe_or_bad_settings_in_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "web.db"), "web", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_pausing_resuming_and_editing_a_watch_from_its_page(desk: Desk) -> None:
    [watch] = [w for w in cli_json(desk, "list") if "other" in w["tags"]]
    page = f"/articles/{watch['id']}"
    token = re.search(r'name="csrf" value="([^"]+)"', desk.page(page))
    assert token is not None
    csrf = token.group(1)
    assert desk.client.post(f"{page}/pause", data={"csrf": "forged"}).status_code == 403
    paused = desk.client.post(f"{page}/pause", data={"csrf": csrf})
    assert (paused.status_code, paused.headers["location"]) == (303, page)
    assert desk.api(f"/api/articles/{watch['id']}")["state"] == "paused"
    bad = desk.client.post(f"{page}/edit", data={"csrf": csrf, "every": "often", "tags": "x"})
    assert bad.status_code == 400
    assert "&#39;often&#39; is not a duration" in bad.text
    assert desk.api(f"/api/articles/{watch['id']}")["tags"] == ["other"]  # nothing half-done
    edited = desk.client.post(
        f"{page}/edit",
        data={"csrf": csrf, "label": "Second edition", "tags": "other, b", "every": "2h"},
    )
    assert edited.status_code == 303
    after = desk.api(f"/api/articles/{watch['id']}")
    assert (after["label"], after["tags"], after["every_seconds"]) == (
        "Second edition",
        ["other", "b"],
        7200,
    )
    desk.client.post(f"{page}/resume", data={"csrf": csrf, "next": "//attacker.example"})
    assert desk.api(f"/api/articles/{watch['id']}")["state"] == "active"
    desk.client.post(f"{page}/edit", data={"csrf": csrf, "tags": "other"})


def test_a_busy_port_is_one_line(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            app, ["--db", str(tmp_path / "web.db"), "web", "--port", str(port)]
        )
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "choose another --port" in result.output


def test_the_source_filter_lists_the_changes_of_the_articles_a_source_found(desk: Desk) -> None:
    desk.run("follow", desk.site.url("/feeds/rss.xml"), "--label", "City RSS")
    [source] = cli_json(desk, "sources")
    [bridge] = [w for w in cli_json(desk, "list") if w["url"] == desk.site.url(BRIDGE)]
    with desk.store.engine.begin() as connection:  # as if the feed had found the story
        connection.execute(
            text("UPDATE watch SET source_id = :source WHERE id = :watch"),
            {"source": source["id"], "watch": bridge["id"]},
        )
    try:
        found = desk.api(f"/api/changes?source={source['id']}")
        assert found == cli_json(desk, "changes", "--url", str(bridge["id"]))
        assert f'<option value="{source["id"]}">City RSS</option>' in desk.page("/")
        assert "City RSS" in desk.page("/sources")
    finally:
        desk.run("unfollow", str(source["id"]))
