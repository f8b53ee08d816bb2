"""Query strings to storage filters and back: the stable URLs of lists, searches and feeds.

Pure functions over plain mappings. A malformed value is a UsageError whose message the page
shows in one line; nothing a visitor types reaches the database except as a bound value.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from monitor.errors import UsageError
from storage.browse import ChangeFilter
from storage.search import FIGURE_KINDS, QUOTE_KINDS, FlagQuery, Terms, parse_terms

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# The change-list parameters, in the order links write them.
CHANGE_KEYS = ("tag", "source", "article", "kind", "flagged", "since", "until", "limit")
FLAG_GROUPS = {"quotes": QUOTE_KINDS, "figures": FIGURE_KINDS}


@dataclass(frozen=True)
class Params:
    """A query string as read: every value of each key, in order."""

    items: tuple[tuple[str, str], ...]

    def get(self, key: str) -> str:
        """The last non-blank value of `key`, stripped; "" when absent."""
        values = self.all(key)
        return values[-1] if values else ""

    def all(self, key: str) -> list[str]:
        """Every non-blank value of `key`, stripped."""
        return [v.strip() for k, v in self.items if k == key and v.strip()]


def change_filter(params: Params) -> ChangeFilter:
    """The change list a query string asks for (`?tag=local&kind=quote_changed&flagged=1`)."""
    until = _day(params.get("until"), "until")
    article = params.get("article")
    return ChangeFilter(
        tag=params.get("tag") or None,
        source_id=_whole(params.get("source"), "source") if params.get("source") else None,
        watch_id=_whole(article, "article") if article else None,
        kinds=tuple(dict.fromkeys(params.all("kind"))),
        flagged=_flag(params.get("flagged")),
        since=_day(params.get("since"), "since"),
        until=until + timedelta(days=1) if until is not None else None,  # the whole day
        before=_whole(params.get("before"), "before") if params.get("before") else None,
        limit=_limit(params.get("limit")),
    )


def change_query(params: Params, **replaced: str | None) -> str:
    """The query string of a change list with some values replaced (None drops a key).

    Paging (`before`) is dropped unless given, so a filter link starts at the newest change.
    """
    kept = [(k, v) for k, v in params.items if k in CHANGE_KEYS and k not in replaced and v]
    kept += [(k, v) for k, v in replaced.items() if v]
    return urlencode(kept)


@dataclass(frozen=True)
class Search:
    """A search as asked: article text, or flagged quotes and figures."""

    scope: str  # "text" or "flags"
    terms: Terms
    dropped: bool = False
    flags: FlagQuery = field(default_factory=FlagQuery)

    @property
    def asked(self) -> bool:
        """False for an empty form: nothing to search for yet."""
        if self.scope == "text":
            return bool(self.terms)
        query = self.flags
        return bool(query.terms or query.speaker or query.kinds or query.moved)


def search(params: Params) -> Search:
    """The search a query string asks for (`?q=alleged&dropped=1`, `?in=flags&speaker=Nadler`)."""
    scope = params.get("in") or "text"
    if scope not in {"text", "flags"}:
        raise UsageError(f"search in 'text' or 'flags', not {scope!r}")
    terms = parse_terms(params.get("q"))
    if scope == "text":
        return Search(scope, terms, dropped=_flag(params.get("dropped")))
    group = params.get("kind")
    kinds = FLAG_GROUPS.get(group, (group,) if group else ())
    moved = params.get("moved") or None
    if moved not in {None, "up", "down"}:
        raise UsageError(f"a figure moves 'up' or 'down', not {moved!r}")
    by = params.get("by")
    flags = FlagQuery(
        terms=terms,
        speaker=params.get("speaker"),
        kinds=kinds,
        moved=moved,
        by=_percent(by) if by else 0.0,
        limit=_limit(params.get("limit")),
    )
    return Search(scope, terms, flags=flags)


def _flag(value: str) -> bool:
    return value.lower() in {"1", "true", "on", "yes"}


def _whole(value: str, name: str) -> int:
    if not value.isdigit():
        raise UsageError(f"{name} must be a whole number, not {value!r}")
    return int(value)


def _limit(value: str) -> int:
    if not value:
        return PAGE_SIZE
    limit = _whole(value, "limit")
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise UsageError(f"limit must be between 1 and {MAX_PAGE_SIZE}")
    return limit


def _percent(value: str) -> float:
    try:
        number = float(value.rstrip("% "))
    except ValueError:
        raise UsageError(f"'by' is a percentage such as 10, not {value!r}") from None
    if not 0 <= number <= 10_000:
        raise UsageError("'by' must be between 0 and 10000 (percent)")
    return number / 100


def _day(value: str, name: str) -> datetime | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        raise UsageError(f"{name} is a date such as 2026-03-04, not {value!r}") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def read_params(items: Sequence[tuple[str, str]] | Mapping[str, str]) -> Params:
    """Params from a multi-dict's items or a plain mapping."""
    pairs = items.items() if isinstance(items, Mapping) else items
    return Params(tuple((str(k), str(v)) for k, v in pairs))
