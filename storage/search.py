"""Full-text search over every stored version and every flag, in the database's own index.

The index (SQLite FTS5 tables, PostgreSQL tsvector columns with GIN indexes) is built by
migration 0008 and kept current by triggers in the transaction that writes a row. Queries are
written once here: the words a person typed become an FTS5 MATCH expression or a tsquery with
bound values, never SQL text, so no input can break the query or reach the database as code.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, TextClause, func, text
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

        With `dropped`, only articles whose current version no longer has them ("every story
        that dropped the word 'alleged'").
        """
        with self._read() as session:
            matching = _version_match(session, terms)
            query = (
                select(Watch, func.max(Version.fetched_at), func.max(Version.id))
                .join(Version, col(Version.watch_id) == Watch.id)
                .where(matching)
                .group_by(col(Watch.id))
                .order_by(func.max(Version.fetched_at).desc())
                .limit(limit)
            )
            if dropped:
                still = select(Version.id).where(matching).correlate(None)
                query = query.where(col(Watch.current_version_id).not_in(still))
            rows = [(w, when, _id(v)) for w, when, v in session.exec(query).all()]
            matched = _matched(session, [w.id for w, _, _ in rows], matching)
            shown = _texts(session, [v for _, _, v in rows])
            heads = _headlines(session, [w.current_version_id for w, _, _ in rows])
            return [
                VersionHit(
                    watch_id=_id(watch.id),
                    url=watch.display_url,
                    label=watch.label,
                    headline=heads.get(watch.current_version_id or -1, shown[newest][0]),
                    matched=tuple(n for _, n in matched.get(_id(watch.id), ())),
                    in_current=watch.current_version_id
                    in {i for i, _ in matched.get(_id(watch.id), ())},
                    snippet=snippet([shown[newest][0], *shown[newest][1]], terms),
                    last_matched_at=when,
                )
                for watch, when, newest in rows
            ]

    def flags(self, query: FlagQuery) -> list[FlagHit]:
        """Flags that match every part of `query`, newest change first."""
        with self._read() as session:
            conditions = _flag_conditions(session, query)
            rows = session.exec(
                select(FlagRow.change_id, FlagRow.data)
                .join(Change, col(Change.id) == FlagRow.change_id)
                .where(*conditions)
                .order_by(col(Change.detected_at).desc(), col(FlagRow.id))
                .limit(query.limit)
            ).all()
            changes = session.exec(
                select(Change, Watch)
                .join(Watch, col(Watch.id) == Change.watch_id)
                .where(col(Change.id).in_({change_id for change_id, _ in rows}))
            ).all()
            infos = {info.id: info for info in change_infos(session, changes)}
            return [FlagHit(infos[change_id], dict(data)) for change_id, data in rows]


def _version_match(session: Session, terms: Terms) -> Condition:
    if _is_sqlite(session):
        return col(Version.id).in_(
            text("SELECT rowid FROM version_search WHERE version_search MATCH :q").bindparams(
                q=fts5_query(terms)
            )
        )
    return text(f"version.search_document @@ {_tsquery(terms, 'v')}").bindparams(
        **_ts_values(terms, "v")
    )


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
        if query.moved == "up":
            conditions += [relative > 0, relative >= query.by]
        else:
            conditions += [relative < 0, relative <= -query.by]
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


def _matched(
    session: Session, watch_ids: list[int | None], matching: Condition
) -> dict[int, list[tuple[int, int]]]:
    """Per watch, the ids and numbers of its versions that match."""
    found: dict[int, list[tuple[int, int]]] = {}
    for watch_id, version_id, number in session.exec(
        select(Version.watch_id, Version.id, Version.number)
        .where(col(Version.watch_id).in_(watch_ids), matching)
        .order_by(col(Version.number))
    ):
        found.setdefault(watch_id, []).append((_id(version_id), number))
    return found


def _texts(session: Session, ids: list[int]) -> dict[int, tuple[str, list[str]]]:
    """Headline and paragraphs of versions by id (not their stored pages)."""
    rows = session.exec(
        select(Version.id, Version.headline, Version.paragraphs).where(col(Version.id).in_(ids))
    )
    return {_id(i): (headline, list(paragraphs)) for i, headline, paragraphs in rows}


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
