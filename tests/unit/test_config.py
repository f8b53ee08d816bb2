"""Durations and TOML watch lists: user input, validated with messages that say what to fix."""

from pathlib import Path

import pytest

from monitor.config import load_sources, load_watchlist, parse_duration, source_spec, watch_spec
from monitor.errors import ConfigError, InvalidURL

EXAMPLE = Path(__file__).parents[2] / "config" / "watchlist.example.toml"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("30m", 1800),
        ("2h", 7200),
        ("1d", 86400),
        ("1h30m", 5400),
        ("1.5h", 5400),
        ("1w", 604800),
        (" 15 m ", 900),
    ],
)
def test_durations_are_read_as_seconds(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "30", "soon", "5x", "m30", "0s", "1h-5m"])
def test_bad_durations_say_how_to_write_one(text: str) -> None:
    with pytest.raises(ConfigError, match=r"duration|too short"):
        parse_duration(text)


def test_watch_spec_keeps_what_was_typed_and_stores_the_canonical_url() -> None:
    spec = watch_spec(
        "https://Example.com/a?utm_source=x", label="A", tags=("x", "x", " y "), every="15m"
    )
    assert spec.url == "https://example.com/a"
    assert spec.display_url == "https://Example.com/a?utm_source=x"
    assert spec.tags == ("x", "y")
    assert spec.every_seconds == 900


def test_example_watchlist_loads_with_defaults_applied() -> None:
    specs = load_watchlist(EXAMPLE)
    assert [s.label for s in specs] == ["Council budget vote", "Ceasefire talks"]
    assert specs[0].tags == ("example", "local", "politics")
    assert specs[1].url == "https://www.example.org/world/ceasefire-talks"
    assert specs[1].every_seconds == 900
    assert (specs[0].pinned, specs[1].pinned) == (False, True)


def test_pin_and_ignore_robots_come_from_defaults_unless_an_entry_says_otherwise(
    tmp_path: Path,
) -> None:
    path = tmp_path / "list.toml"
    path.write_text(
        "[defaults]\nignore_robots = true\n"
        "[[watch]]\nurl = 'https://a.example/x'\npin = true\n"
        "[[watch]]\nurl = 'https://a.example/y'\nignore_robots = false\n"
    )
    first, second = load_watchlist(path)
    assert (first.pinned, first.ignore_robots) == (True, True)
    assert (second.pinned, second.ignore_robots) == (False, False)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[watch]]\nurl = 'https://a.example/x'\nlabl = 'typo'\n", r"#1: unknown key \['labl'\]"),
        ("[[watch]]\nlabel = 'no url'\n", "#1: `url` is required"),
        (
            "[[watch]]\nurl = 'https://a.example/x'\n[[watch]]\nurl = 'gopher://b'\n",
            "#2: .*unsupported scheme",
        ),
        ("[[watch]]\nurl = 'https://a.example/x'\nevery = 'often'\n", "#1: 'often' is not a dura"),
        ("[[watch]]\nurl = 'https://a.example/x'\ntags = 'one'\n", "#1: `tags` must be a list"),
        (
            "[[watch]]\nurl = 'https://a.example/x'\npin = 'yes'\n",
            "#1: `pin` must be true or false",
        ),
        ("[[watch]\nurl = 'x'\n", "not valid TOML"),
        ("[watches]\n", "unknown section"),
    ],
)
def test_bad_watchlist_lines_name_the_entry_and_the_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "list.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_watchlist(path)


def test_missing_watchlist_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_watchlist(tmp_path / "absent.toml")


def test_watch_spec_rejects_invalid_urls() -> None:
    with pytest.raises(InvalidURL):
        watch_spec("not a url")


def test_source_spec_validates_and_keeps_what_was_typed() -> None:
    spec = source_spec(
        "https://Example.com/politics/rss?utm_source=x",
        label="Politics",
        tags=("a", "a", " b "),
        kind="feed",
        match="/politics/",
        every="10m",
        max_per_day=50,
    )
    assert spec.url == "https://example.com/politics/rss"
    assert spec.display_url == "https://Example.com/politics/rss?utm_source=x"
    assert (spec.tags, spec.kind, spec.match, spec.exclude) == (
        ("a", "b"),
        "feed",
        "/politics/",
        None,
    )
    assert (spec.every_seconds, spec.max_per_day, spec.max_active) == (600, 50, 1000)
    assert source_spec("https://example.com/feed", kind="auto").kind is None


def test_example_watchlist_declares_a_source_with_the_default_tags() -> None:
    [spec] = load_sources(EXAMPLE)
    assert (spec.label, spec.url, spec.exclude) == (
        "Politics",
        "https://www.example.com/politics/rss.xml",
        "/live/",
    )
    assert spec.tags == ("example", "politics")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "[[source]]\nurl = 'https://a.example/rss'\nlable = 'x'\n",
            r"#1: unknown key \['lable'\]",
        ),
        ("[[source]]\nlabel = 'no url'\n", r"\[\[source\]\] #1: `url` is required"),
        ("[[source]]\nurl = 'https://a.example/rss'\nkind = 'json'\n", "kind 'json' is not one of"),
        ("[[source]]\nurl = 'https://a.example/rss'\nmatch = '('\n", "not a regular expression"),
        ("[[source]]\nurl = 'https://a.example/rss'\nevery = '30s'\n", "too often for a source"),
        ("[[source]]\nurl = 'https://a.example/rss'\nmax_active = '9'\n", "must be a whole number"),
        ("[[source]]\nurl = 'https://a.example/rss'\nexclude = 3\n", "`exclude` must be a string"),
        ("[source]\nurl = 'https://a.example/rss'\n", r"`source` must be an array of tables"),
    ],
)
def test_bad_source_entries_name_the_entry_and_the_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "list.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_sources(path)


def test_a_watch_list_with_only_sources_has_no_watches(tmp_path: Path) -> None:
    path = tmp_path / "list.toml"
    path.write_text("[[source]]\nurl = 'https://a.example/rss'\n")
    assert load_watchlist(path) == []
    assert [s.url for s in load_sources(path)] == ["https://a.example/rss"]
