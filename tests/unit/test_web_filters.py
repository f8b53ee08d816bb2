"""What the web view reads from a query string, a search box and its own settings."""

from datetime import UTC, datetime

import pytest

from monitor.config import public_base
from monitor.errors import ConfigError, UsageError
from monitor.web.filters import Params, change_filter, change_query, read_params, search
from monitor.web.security import safe_next
from monitor.web.settings import WebSettings, is_loopback
from storage.browse import ChangeFilter
from storage.search import FIGURE_KINDS, QUOTE_KINDS, Terms, fts5_query, parse_terms, snippet


def params(query: str) -> Params:
    pairs = [tuple(part.split("=", 1)) for part in query.split("&") if part]
    return read_params([(k, v) for k, v in pairs])


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("alleged", Terms(("alleged",))),
        ("  Nadler   said ", Terms(("Nadler", "said"))),
        ('"public works" budget', Terms(("public works", "budget"))),
        ("bridge -toll", Terms(("bridge",), ("toll",))),
        ('harbour -"sea wall"', Terms(("harbour",), ("sea wall",))),
        ("$119 million", Terms(("119", "million"))),
        ("NEAR(a b) OR c*", Terms(("NEAR a", "b", "OR", "c"))),  # operators are only words
        ('"unclosed phrase', Terms(("unclosed", "phrase"))),  # no phrase without its end
        ("", Terms(())),
    ],
)
def test_a_search_box_reads_words_phrases_and_words_to_leave_out(typed: str, terms: Terms) -> None:
    assert parse_terms(typed) == terms


def test_only_words_to_leave_out_is_a_clear_error() -> None:
    with pytest.raises(UsageError, match="at least one word to find"):
        parse_terms("-alleged")


def test_every_term_reaches_fts5_as_a_quoted_phrase() -> None:
    query = fts5_query(Terms(("public works", "NEAR"), ("toll",)))
    assert query == '"public works" "NEAR" NOT "toll"'


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["Nothing here.", "The mayor was alleged to have lied."], "The mayor was alleged"),
        (["ALLEGED in capitals"], "ALLEGED in capitals"),
        (["no match at all"], "no match at all"),
    ],
)
def test_a_snippet_is_the_first_paragraph_with_a_term(paragraphs: list[str], expected: str) -> None:
    assert snippet(paragraphs, Terms(("alleged",))).startswith(expected)


def test_a_long_paragraph_is_cut_around_the_term() -> None:
    text = "word " * 200 + "alleged " + "word " * 200
    cut = snippet([text], Terms(("alleged",)), width=60)
    assert cut.startswith("\u2026")
    assert cut.endswith("\u2026")
    assert "alleged" in cut


def test_the_change_list_reads_every_filter() -> None:
    wanted = change_filter(
        params("tag=local&source=3&article=7&kind=quote_changed&kind=removed&flagged=1"
               "&since=2026-03-01&until=2026-03-04&before=120&limit=20")
    )  # fmt: skip
    assert wanted == ChangeFilter(
        tag="local",
        source_id=3,
        watch_id=7,
        kinds=("quote_changed", "removed"),
        flagged=True,
        since=datetime(2026, 3, 1, tzinfo=UTC),
        until=datetime(2026, 3, 5, tzinfo=UTC),  # the whole of the last day
        before=120,
        limit=20,
    )
    assert change_filter(params("tag=&kind=&flagged=")) == ChangeFilter()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=yesterday", "since is a date such as 2026-03-04"),
        ("until=2026-13-01", "until is a date"),
        ("source=abc", "source must be a whole number"),
        ("before=-1", "before must be a whole number"),
        ("limit=0", "limit must be between 1 and 500"),
        ("limit=501", "limit must be between 1 and 500"),
    ],
)
def test_a_bad_filter_says_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        change_filter(params(query))


def test_filter_links_keep_the_filters_and_drop_the_page() -> None:
    shown = params("tag=local&kind=a&kind=b&before=99&utm=x")
    assert change_query(shown) == "tag=local&kind=a&kind=b"
    assert change_query(shown, before="42") == "tag=local&kind=a&kind=b&before=42"
    assert change_query(shown, tag=None) == "kind=a&kind=b"


@pytest.mark.parametrize(
    ("query", "kinds", "moved", "by"),
    [
        ("in=flags&kind=quotes&speaker=Nadler", QUOTE_KINDS, None, 0.0),
        ("in=flags&kind=figures", FIGURE_KINDS, None, 0.0),
        ("in=flags&kind=title_changed", ("title_changed",), None, 0.0),
        ("in=flags&moved=down&by=10", (), "down", 0.1),
        ("in=flags&moved=up&by=12.5%", (), "up", 0.125),
    ],
)
def test_a_flag_search_reads_kind_speaker_and_how_far_a_figure_moved(
    query: str, kinds: tuple[str, ...], moved: str | None, by: float
) -> None:
    asked = search(params(query))
    assert asked.scope == "flags"
    assert asked.asked
    assert (asked.flags.kinds, asked.flags.moved, asked.flags.by) == (kinds, moved, by)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("in=everywhere", "search in 'text' or 'flags'"),
        ("in=flags&moved=sideways", "'up' or 'down'"),
        ("in=flags&moved=up&by=lots", "'by' is a percentage"),
    ],
)
def test_a_bad_search_says_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        search(params(query))


def test_an_empty_search_form_asks_nothing() -> None:
    assert not search(params("")).asked
    assert not search(params("in=flags")).asked
    assert search(params("q=alleged&dropped=1")).dropped


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True),
     ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False), ("::", False),
     ("desk.example.org", False)],
)  # fmt: skip
def test_only_loopback_counts_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_binding_beyond_loopback_needs_a_token() -> None:
    with pytest.raises(UsageError, match="set a token first"):
        WebSettings(host="0.0.0.0")
    with pytest.raises(ConfigError, match="too short"):
        WebSettings(host="0.0.0.0", token="secret")
    assert WebSettings(host="0.0.0.0", token="x" * 16).every_host()


def test_the_allowed_host_names_are_loopback_the_bound_host_and_the_public_one() -> None:
    settings = WebSettings(host="10.1.2.3", token="x" * 16, public_url="https://desk.example.org")
    assert settings.allowed_hosts == [
        "127.0.0.1", "localhost", "[::1]", "10.1.2.3", "desk.example.org",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("target", "safe"),
    [("/changes/3", "/changes/3"), ("/search?q=a", "/search?q=a"), ("//evil.example", "/"),
     ("https://evil.example/", "/"), ("/\\evil.example", "/"), ("", "/")],
)  # fmt: skip
def test_signing_in_only_ever_returns_to_this_site(target: str, safe: str) -> None:
    assert safe_next(target) == safe


@pytest.mark.parametrize(
    ("given", "base"),
    [("https://desk.example.org/", "https://desk.example.org"),
     ("http://127.0.0.1:8080/redline", "http://127.0.0.1:8080/redline"), (None, None), ("", None)],
)  # fmt: skip
def test_a_public_url_is_a_plain_web_address(given: str | None, base: str | None) -> None:
    assert public_base(given) == base


@pytest.mark.parametrize("given", ["desk.example.org", "ftp://desk.example.org", "https://x/?a=1"])
def test_anything_else_as_a_public_url_is_a_clear_error(given: str) -> None:
    with pytest.raises(ConfigError, match="not a public base URL"):
        public_base(given)
