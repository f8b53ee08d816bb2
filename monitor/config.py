"""Watch list files (TOML) and durations: user-written input, validated with clear messages."""

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError, InvalidURL
from monitor.urls import canonical_url
from storage.records import WatchSpec

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_WATCH_KEYS = {"url", "label", "tags", "every"}
_DEFAULT_KEYS = {"tags", "every"}


def parse_duration(text: str) -> int:
    """Seconds in a duration such as `90s`, `30m`, `2h`, `1d` or `1h30m`."""
    compact = text.strip().replace(" ", "")
    parts = _DURATION_PART.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise ConfigError(f"{text!r} is not a duration; write e.g. 90s, 30m, 2h, 1d or 1h30m")
    seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in parts)
    if seconds < 1:
        raise ConfigError(f"{text!r} is too short; the shortest interval is 1s")
    return int(seconds)


def watch_spec(
    url: str,
    *,
    label: str | None = None,
    tags: tuple[str, ...] = (),
    every: str | None = None,
) -> WatchSpec:
    """Validate what a user asked to watch and give it its canonical URL."""
    return WatchSpec(
        url=canonical_url(url),
        display_url=url.strip(),
        label=label,
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
        every_seconds=parse_duration(every) if every else None,
    )


def load_watchlist(path: Path) -> list[WatchSpec]:
    """Read a TOML watch list; every problem is reported with the entry that has it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    unknown = set(data) - {"defaults", "watch"}
    if unknown:
        raise ConfigError(
            f"{path}: unknown section {sorted(unknown)}; use [defaults] and [[watch]]"
        )
    defaults = _table(data.get("defaults", {}), f"{path}: [defaults]", _DEFAULT_KEYS)
    entries = data.get("watch", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: `watch` must be an array of tables: [[watch]]")
    return [
        _entry(entry, defaults, f"{path}: [[watch]] #{n}") for n, entry in enumerate(entries, 1)
    ]


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
        return watch_spec(url, label=label, tags=tuple(tags), every=every)
    except (InvalidURL, ConfigError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc
