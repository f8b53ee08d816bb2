"""Full-text search over every stored version and every flag, in the database's own index.

The index (SQLite FTS5 tables, PostgreSQL tsvector columns with GIN indexes) is built by
migration 0008 and kept current by triggers in the transaction that writes a row. Queries are
written once here: the words a person typed become an FTS5 MATCH expression or a tsquery with
bound values, never SQL text, so no input can break the query or reach the database as code.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, TextClause, bindparam, text
from sqlmodel import Session, col, select

from monitor.errors import UsageError
from storage.browse import change_infos
from storage.engine import Database
from storage.records import ChangeInfo
from storage.tables import Change, FlagRow, Version, Watch

_TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_WORD = re.compile(r"\w+")
QUOTE_KINDS = ("quote_changed", "quote_added", "quote_removed", "attribution_changed")
FIGURE_KINDS = ("figure_changed", "figure_added", "figure_removed")
Condition = ColumnElement[bool] | TextClause
# SQLite's FTS5 tables of the index (and the shadow tables named after them); on PostgreSQL
# the index is a column of `version` and `flag`.
INDEX_TABLES = ("version_search", "flag_search")
# Matching versions ranked per search, newest first; older matches are not listed. A search
# for stories that dropped the terms looks further back: those are the older matches.
NEWEST_MATCHES = 1_000
DROPPED_WINDOW = 5_000
_SPARSE = 2_000  # fewer matching flags than this are sorted whole (see Searcher.flags)


@dataclass(frozen=True)
class Terms:
    """What to look for: words or "quoted phrases" that must all appear, and ones that must not."""

    wanted: tuple[str, ...]
    unwanted: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.wanted)


def parse_terms(typed: str) -> Terms:
    """Words, "phrases" and -excluded words, as search boxes everywhere read them."""
    wanted: list[str] = []
    unwanted: list[str] = []
    for phrase_minus, phrase, word_minus, word in _TERM.findall(typed):
        words = " ".join(_WORD.findall(phrase or word))
        if words:
            (unwanted if phrase_minus or word_minus else wanted).append(words)
    if unwanted and not wanted:
        raise UsageError("a search needs at least one word to find, not only words to leave out")
    return Terms(tuple(wanted), tuple(unwanted))


def fts5_query(terms: Terms) -> str:
    """The FTS5 MATCH expression: each term a quoted phrase (so no word is an operator)."""
    query = " ".join(f'"{term}"' for term in terms.wanted)
    return query + "".join(f' NOT "{term}"' for term in terms.unwanted)


@dataclass(frozen=True)
class VersionHit:
    """An article some of whose versions contain the terms."""

    watch_id: int
    url: str
    label: str | None
    headline: str  # of the version readers saw last
    matched: tuple[int, ...]  # version numbers that contain the terms
    in_current: bool  # False: the words were there once and are gone now
    snippet: str  # the first paragraph of the newest matching version that has a term
    last_matched_at: datetime


@dataclass(frozen=True)
class FlagQuery:
    """Flags to find: words in the quote, figure or speaker; kinds; how far a figure moved."""

    terms: Terms = Terms(())
    speaker: str = ""  # words of the speaker's name
    kinds: tuple[str, ...] = ()
    moved: str | None = None  # "up" or "down": figures whose relative change has that sign
    by: float = 0.0  # ... by at least this fraction (0.1 is 10 %)
    limit: int = 50


@dataclass(frozen=True)
class FlagHit:
    """One flag of one change."""

    change: ChangeInfo
    flag: dict[str, object]


class Searcher(Database):
    """Searches of versions and flags; the store holds one as `store.search`."""

    def versions(self, terms: Terms, *, dropped: bool = False, limit: int = 50) -> list[VersionHit]:
        """Articles with a version that has every wanted term, most recently matched first.

        The newest `NEWEST_MATCHES` matching versions are ranked, so a word in every story
        answers as fast as a rare one. With `dropped`, only articles whose current version no
        longer has the terms ("every story that dropped the word 'alleged'"), among the newest
        `DROPPED_WINDOW` matching versions.
        """
        with self._read() as session:
            window = _Window(session, terms, DROPPED_WINDOW if dropped else NEWEST_MATCHES)
            ranked = window.articles()
            if dropped:
                current = dict(
                    session.exec(
                        select(Watch.id, Watch.current_version_id).where(col(Watch.id).in_(ranked))
                    ).all()
                )
                ranked = [w for w in ranked if not window.has(current.get(w))]
            ranked = ranked[:limit]
            watches = {
                w.id: w for w in session.exec(select(Watch).where(col(Watch.id).in_(ranked)))
            }
            shown = _texts(session, [window.newest(w) for w in ranked])
            heads = _headlines(session, [watches[w].current_version_id for w in ranked])
            hits = []
            for watch_id in ranked:
                watch = watches[watch_id]
                headline, paragraphs, when = shown[window.newest(watch_id)]
                hits.append(
                    VersionHit(
                        watch_id=watch_id,
                        url=watch.display_url,
                        label=watch.label,
                        headline=heads.get(watch.current_version_id or -1, headline),
                        matched=window.numbers(watch_id),
                        in_current=window.has(watch.current_version_id),
                        snippet=snippet([headline, *paragraphs], terms),
                        last_matched_at=when,
                    )
                )
            return hits

    def flags(self, query: FlagQuery) -> list[FlagHit]:
        """Flags that match every part of `query`, newest change first.

        Few matching flags are read and sorted whole; when there are many, changes are read
        newest first, each probed for a matching flag, until `limit` are found.
        """
        with self._read() as session:
            conditions = _flag_conditions(session, query)
            newest = (col(Change.detected_at).desc(), col(Change.id).desc())
            matching = select(FlagRow.id).where(*conditions)
            # Words go through the index, whose matches are few enough to sort whole; else
            # up to _SPARSE matching flags are listed once, and sorted whole if that is all.
            words = bool(query.terms or query.speaker.strip())
            listed = [] if words else session.exec(matching.limit(_SPARSE)).all()
            if words or len(listed) < _SPARSE:
                chosen = conditions if words else [col(FlagRow.id).in_(listed)]
                rows = session.exec(
                    select(FlagRow.change_id, FlagRow.data)
                    .join(Change, col(Change.id) == FlagRow.change_id)
                    .where(*chosen)
                    .order_by(*newest, col(FlagRow.position))
                    .limit(query.limit)
                ).all()
            else:
                has_one = matching.where(col(FlagRow.change_id) == Change.id).exists()
                ids = session.exec(
                    select(Change.id).where(has_one).order_by(*newest).limit(query.limit)
                ).all()
                order = {change_id: n for n, change_id in enumerate(ids)}
                found = session.exec(
                    select(FlagRow.change_id, FlagRow.data, FlagRow.position).where(
                        col(FlagRow.change_id).in_(ids), *conditions
                    )
                ).all()
                ranked = sorted(found, key=lambda row: (order[row[0]], row[2]))
                rows = [(change_id, data) for change_id, data, _ in ranked][: query.limit]
            changes = session.exec(
                select(Change, Watch)
                .join(Watch, col(Watch.id) == Change.watch_id)
                .where(col(Change.id).in_({change_id for change_id, _ in rows}))
            ).all()
            infos = {info.id: info for info in change_infos(session, changes)}
            return [FlagHit(infos[change_id], dict(data)) for change_id, data in rows]


class _Window:
    """The newest matching versions of a search, read once and then asked about.

    Every matching version newer than the oldest one read is in the window, so whether such
    a version matches is known without asking the index again; only an older one is probed.
    Versions are stored as they are fetched, so a higher id is a later version.
    """

    def __init__(self, session: Session, terms: Terms, size: int) -> None:
        self.session, self.terms = session, terms
        rows = session.exec(
            select(Version.id, Version.watch_id, Version.number).where(
                col(Version.id).in_(_newest_matches(session, terms, size))
            )
        ).all()
        self.ids = {_id(version_id) for version_id, _, _ in rows}
        self.floor = min(self.ids) if len(rows) >= size else 0
        self.by_watch: dict[int, list[tuple[int, int]]] = {}
        for version_id, watch_id, number in rows:
            self.by_watch.setdefault(watch_id, []).append((_id(version_id), number))

    def articles(self) -> list[int]:
        """Watch ids, the one with the newest match first."""
        return sorted(self.by_watch, key=self.newest, reverse=True)

    def newest(self, watch_id: int) -> int:
        """The id of a watch's newest matching version."""
        return max(version_id for version_id, _ in self.by_watch[watch_id])

    def numbers(self, watch_id: int) -> tuple[int, ...]:
        """The numbers of a watch's matching versions in the window."""
        return tuple(sorted(number for _, number in self.by_watch.get(watch_id, ())))

    def has(self, version_id: int | None) -> bool:
        """True when the version has the terms."""
        if version_id is None:
            return False
        if version_id >= self.floor:
            return version_id in self.ids
        return bool(_matching(self.session, self.terms, [version_id]))


def _newest_matches(session: Session, terms: Terms, newest: int) -> TextClause:
    """The ids of the `newest` versions that have the terms."""
    if _is_sqlite(session):
        found = "SELECT rowid FROM version_search WHERE version_search MATCH :q"
        values: dict[str, object] = {"q": fts5_query(terms)}
    else:
        found = f"SELECT v.id FROM version v WHERE v.search_document @@ {_tsquery(terms, 'v')}"
        values = dict(_ts_values(terms, "v"))
    return text(f"{found} ORDER BY 1 DESC LIMIT :newest").bindparams(newest=newest, **values)


def _matching(session: Session, terms: Terms, version_ids: list[int]) -> set[int]:
    """Which of `version_ids` have the terms (the index asked about those versions only)."""
    if _is_sqlite(session):
        query = "SELECT rowid FROM version_search WHERE version_search MATCH :q AND rowid IN :ids"
        values: dict[str, object] = {"q": fts5_query(terms)}
    else:
        query = "SELECT v.id FROM version v WHERE v.id IN :ids AND v.search_document @@ "
        query += _tsquery(terms, "v")
        values = dict(_ts_values(terms, "v"))
    statement = text(query).bindparams(bindparam("ids", expanding=True))
    return set(session.connection().execute(statement, {**values, "ids": version_ids}).scalars())


def _flag_conditions(session: Session, query: FlagQuery) -> list[Condition]:
    conditions: list[Condition] = []
    sqlite = _is_sqlite(session)
    speaker = " ".join(_WORD.findall(query.speaker))
    if query.terms or speaker:
        if sqlite:
            parts = [fts5_query(query.terms)] if query.terms else []
            parts += [f'speaker : "{speaker}"'] if speaker else []
            conditions.append(
                col(FlagRow.id).in_(
                    text("SELECT rowid FROM flag_search WHERE flag_search MATCH :q").bindparams(
                        q=" ".join(parts)
                    )
                )
            )
        else:
            conditions.append(_pg_flag_match(query.terms, speaker))
    if query.kinds:
        conditions.append(col(FlagRow.kind).in_(query.kinds))
    if query.moved is not None:
        relative = FlagRow.__table__.c.data["relative"].as_float()  # type: ignore[attr-defined]
        conditions.append(col(FlagRow.kind) == "figure_changed")
        # One comparison, so the JSON is read once per flag: "by 0 %" means any move at all.
        if query.moved == "up":
            conditions.append(relative >= query.by if query.by > 0 else relative > 0)
        else:
            conditions.append(relative <= -query.by if query.by > 0 else relative < 0)
    return conditions


def _pg_flag_match(terms: Terms, speaker: str) -> Condition:
    parts, values = [], {}
    if terms:
        parts.append(_tsquery(terms, "t"))
        values.update(_ts_values(terms, "t"))
    if speaker:
        # Lexemes labelled A: only the speaker's name (weighted A by the migration) matches.
        parts.append("to_tsquery('simple', :speaker)")
        values["speaker"] = " & ".join(f"{word.lower()}:A" for word in speaker.split())
    return text(f"flag.search_document @@ ({' && '.join(parts)})").bindparams(**values)


def _tsquery(terms: Terms, prefix: str) -> str:
    """A tsquery over bound values: every wanted phrase, and none of the unwanted ones."""
    wanted = [f"phraseto_tsquery('simple', :{prefix}w{i})" for i in range(len(terms.wanted))]
    unwanted = [f"!! phraseto_tsquery('simple', :{prefix}u{i})" for i in range(len(terms.unwanted))]
    return "(" + " && ".join(wanted + unwanted) + ")"


def _ts_values(terms: Terms, prefix: str) -> dict[str, str]:
    values = {f"{prefix}w{i}": term for i, term in enumerate(terms.wanted)}
    return values | {f"{prefix}u{i}": term for i, term in enumerate(terms.unwanted)}


def _texts(session: Session, ids: list[int]) -> dict[int, tuple[str, list[str], datetime]]:
    """Headline, paragraphs and fetch time of versions by id (not their stored pages)."""
    rows = session.exec(
        select(Version.id, Version.headline, Version.paragraphs, Version.fetched_at).where(
            col(Version.id).in_(ids)
        )
    )
    return {_id(i): (head, list(paragraphs), when) for i, head, paragraphs, when in rows}


def _headlines(session: Session, ids: list[int | None]) -> dict[int, str]:
    rows = session.exec(select(Version.id, Version.headline).where(col(Version.id).in_(ids)))
    return {_id(i): headline for i, headline in rows}


def _id(value: int | None) -> int:
    assert value is not None
    return value


def snippet(paragraphs: list[str], terms: Terms, width: int = 240) -> str:
    """The first paragraph holding a wanted term, cut to `width` characters around it."""
    for paragraph in paragraphs:
        lowered = paragraph.lower()
        for term in terms.wanted:
            at = lowered.find(term.split()[0].lower())
            if at >= 0:
                start = max(0, at - width // 3)
                cut = paragraph[start : start + width]
                more = "\u2026" if start + width < len(paragraph) else ""
                return ("\u2026" if start else "") + cut + more
    return paragraphs[0][:width] if paragraphs else ""


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"
