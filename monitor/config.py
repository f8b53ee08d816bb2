"""Watch list files (TOML) and durations: user-written input, validated with clear messages."""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.errors import ConfigError, InvalidURL
from monitor.fetching.urls import canonical_url
from monitor.watching.listings import KINDS, Kind
from storage.records import WatchSpec
from storage.source_records import DEFAULT_MAX_ACTIVE, DEFAULT_MAX_PER_DAY, SourceSpec

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_SWITCHES = ("pin", "ignore_robots", "allow_private")
_WATCH_KEYS = {"url", "label", "tags", "every", *_SWITCHES}
_RULE_KEYS = {"for", "source", "apprise", "webhook", "secret", "flagged_only"}
_DEFAULT_KEYS = {"tags", "every", *_SWITCHES}
_SOURCE_KEYS = {"url", "label", "tags", "kind", "match", "exclude", "every"} | {
    "max_per_day",
    "max_active",
    "allow_private",
}
# Where `redline web` is reached by others: notifications, feeds and reports link changes there.
PUBLIC_URL_ENV = "REDLINE_PUBLIC_URL"
# Reading a source more often than this is not watching, it is hammering the publisher.
MIN_POLL_SECONDS = 60
# Longer durations are typing mistakes, and past year 9999 a date cannot be stored at all.
MAX_DURATION = 3650 * 86400


def parse_duration(text: str) -> int:
    """Seconds in a duration such as `90s`, `30m`, `2h`, `1d` or `1h30m`."""
    compact = text.strip().replace(" ", "")
    parts = _DURATION_PART.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise ConfigError(f"{text!r} is not a duration; write e.g. 90s, 30m, 2h, 1d or 1h30m")
    seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in parts)
    if seconds < 1:
        raise ConfigError(f"{text!r} is too short; the shortest interval is 1s")
    if seconds > MAX_DURATION:
        raise ConfigError(f"{text!r} is too long; the longest duration is 3650d (ten years)")
    return int(seconds)


def cadence(every: str, what: str) -> int:
    """Seconds between checks or polls that a user chose; one floor for articles and sources,
    since under a minute is hammering a publisher, not watching (tests build specs directly)."""
    seconds = parse_duration(every)
    if seconds < MIN_POLL_SECONDS:
        raise ConfigError(f"every {every!r} is too often for {what}; the shortest is 1m")
    return seconds


def watch_spec(
    url: str,
    *,
    label: str | None = None,
    tags: tuple[str, ...] = (),
    every: str | None = None,
    pin: bool = False,
    ignore_robots: bool = False,
    allow_private: bool = False,
) -> WatchSpec:
    """Validate what a user asked to watch and give it its canonical URL."""
    return WatchSpec(
        url=canonical_url(url),
        display_url=url.strip(),
        label=label,
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
        every_seconds=parse_duration(every) if every else None,
        pinned=pin,
        ignore_robots=ignore_robots,
        allow_private=allow_private,
    )


def source_spec(
    url: str,
    *,
    label: str | None = None,
    tags: tuple[str, ...] = (),
    kind: str | None = None,
    match: str | None = None,
    exclude: str | None = None,
    every: str | None = None,
    max_per_day: int = DEFAULT_MAX_PER_DAY,
    max_active: int = DEFAULT_MAX_ACTIVE,
    allow_private: bool = False,
) -> SourceSpec:
    """Validate a source to follow: its URL, kind, patterns, poll interval and caps."""
    every_seconds = cadence(every, "a source") if every else None
    for name, cap in (("max_per_day", max_per_day), ("max_active", max_active)):
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
            raise ConfigError(f"`{name}` must be a whole number, 0 or more (got {cap!r})")
    return SourceSpec(
        url=canonical_url(url),
        display_url=url.strip(),
        label=label,
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
        kind=_kind(kind),
        match=_pattern("match", match),
        exclude=_pattern("exclude", exclude),
        every_seconds=every_seconds,
        max_per_day=max_per_day,
        max_active=max_active,
        allow_private=allow_private,
    )


def _kind(kind: str | None) -> Kind | None:
    if kind is None or kind == "auto":
        return None
    for known in KINDS:
        if kind == known:
            return known
    raise ConfigError(f"kind {kind!r} is not one of auto, {', '.join(KINDS)}")


def _pattern(name: str, pattern: str | None) -> str | None:
    if not pattern:
        return None
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{name} {pattern!r} is not a regular expression: {exc}") from exc
    return pattern


def load_watchlist(path: Path) -> list[WatchSpec]:
    """Read the [[watch]] entries of a TOML watch list, each problem named with its entry."""
    data, defaults = _read(path)
    return [
        _entry(entry, defaults, f"{path}: [[watch]] #{n}")
        for n, entry in enumerate(_entries(data, "watch", path), 1)
    ]


def load_sources(path: Path) -> list[SourceSpec]:
    """Read the [[source]] entries of a TOML watch list; [defaults] tags apply to them too."""
    data, defaults = _read(path)
    return [
        _source_entry(entry, defaults, f"{path}: [[source]] #{n}")
        for n, entry in enumerate(_entries(data, "source", path), 1)
    ]


@dataclass(frozen=True)
class RuleEntry:
    """A [[notify]] entry as written: whose changes (`for`, or a source) go to which channel."""

    scope: str | None  # a tag, a watched URL or id, or "*"
    source: str | None  # a followed source's id, URL or label, instead of `scope`
    apprise: str | None
    webhook: str | None
    secret: str | None
    flagged_only: bool


def load_rules(path: Path) -> list[RuleEntry]:
    """Read the [[notify]] entries of a TOML watch list; channels are checked by the caller."""
    data, _ = _read(path)
    return [
        _rule_entry(entry, f"{path}: [[notify]] #{n}")
        for n, entry in enumerate(_entries(data, "notify", path), 1)
    ]


def _rule_entry(value: Any, where: str) -> RuleEntry:
    entry = _table(value, where, _RULE_KEYS)
    texts = {key: entry.get(key) for key in ("for", "source", "apprise", "webhook", "secret")}
    for key, text in texts.items():
        if text is not None and not isinstance(text, str):
            raise ConfigError(f"{where}: `{key}` must be a string")
    if (texts["for"] is None) == (texts["source"] is None):
        raise ConfigError(f'{where}: give `for` (a tag, URL or "*") or `source`, not both')
    flagged_only = entry.get("flagged_only", False)
    if not isinstance(flagged_only, bool):
        raise ConfigError(f"{where}: `flagged_only` must be true or false")
    return RuleEntry(
        scope=texts["for"],
        source=texts["source"],
        apprise=texts["apprise"],
        webhook=texts["webhook"],
        secret=texts["secret"],
        flagged_only=flagged_only,
    )


def _read(path: Path) -> tuple[dict[str, Any], Mapping[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    unknown = set(data) - {"defaults", "watch", "source", "notify"}
    if unknown:
        raise ConfigError(
            f"{path}: unknown section {sorted(unknown)}; "
            "use [defaults], [[watch]], [[source]] and [[notify]]"
        )
    return data, _table(data.get("defaults", {}), f"{path}: [defaults]", _DEFAULT_KEYS)


def _entries(data: Mapping[str, Any], name: str, path: Path) -> list[Any]:
    entries = data.get(name, [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: `{name}` must be an array of tables: [[{name}]]")
    return entries


def _table(value: Any, where: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = set(value) - allowed
    if unknown:
        raise ConfigError(f"{where}: unknown key {sorted(unknown)}; allowed: {sorted(allowed)}")
    return value


def _tags(table: Mapping[str, Any], where: str) -> list[str]:
    tags = table.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ConfigError(f'{where}: `tags` must be a list of strings, e.g. ["politics"]')
    return tags


def _entry(value: Any, defaults: Mapping[str, Any], where: str) -> WatchSpec:
    entry = _table(value, where, _WATCH_KEYS)
    url = entry.get("url")
    if not isinstance(url, str):
        raise ConfigError(f"{where}: `url` is required and must be a string")
    label = entry.get("label")
    if label is not None and not isinstance(label, str):
        raise ConfigError(f"{where}: `label` must be a string")
    tags = [*_tags(defaults, f"{where} (from [defaults])"), *_tags(entry, where)]
    every = entry.get("every", defaults.get("every"))
    if every is not None and not isinstance(every, str):
        raise ConfigError(f'{where}: `every` must be a duration string such as "30m"')
    try:
        if every is not None:
            cadence(every, "an article")
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    switches = {key: entry.get(key, defaults.get(key, False)) for key in _SWITCHES}
    for key, switch in switches.items():
        if not isinstance(switch, bool):
            raise ConfigError(f"{where}: `{key}` must be true or false")
    try:
        spec = watch_spec(url, label=label, tags=tuple(tags), every=every, **switches)
    except (InvalidURL, ConfigError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    given = {key for key in ("label", "every", *_SWITCHES) if key in entry}
    given |= {key for key in ("every", *_SWITCHES) if key in defaults}
    return replace(spec, given=frozenset(given))


def _source_entry(value: Any, defaults: Mapping[str, Any], where: str) -> SourceSpec:
    entry = _table(value, where, _SOURCE_KEYS)
    url = entry.get("url")
    if not isinstance(url, str):
        raise ConfigError(f"{where}: `url` is required and must be a string")
    texts = {key: entry.get(key) for key in ("label", "kind", "match", "exclude", "every")}
    for key, text in texts.items():
        if text is not None and not isinstance(text, str):
            raise ConfigError(f"{where}: `{key}` must be a string")
    tags = [*_tags(defaults, f"{where} (from [defaults])"), *_tags(entry, where)]
    allow_private = entry.get("allow_private", False)
    if not isinstance(allow_private, bool):
        raise ConfigError(f"{where}: `allow_private` must be true or false")
    try:
        return source_spec(
            url,
            tags=tuple(tags),
            max_per_day=entry.get("max_per_day", DEFAULT_MAX_PER_DAY),
            max_active=entry.get("max_active", DEFAULT_MAX_ACTIVE),
            allow_private=allow_private,
            **texts,
        )
    except (InvalidURL, ConfigError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def public_base(url: str | None) -> str | None:
    """A public base URL (`https://redline.example.org`) without its trailing slash."""
    if url is None or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query:
        raise ConfigError(
            f"{url!r} is not a public base URL; write e.g. https://redline.example.org"
        )
    return url.strip().rstrip("/")
