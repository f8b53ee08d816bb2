"""The full-text index: built for an existing history by its migration, kept by every write.

Run on SQLite (FTS5) and PostgreSQL (tsvector + GIN) alike.
"""

import json
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import text

from monitor.article import Article
from monitor.config import watch_spec
from storage.engine import WRITE, create_store_engine
from storage.migrating import alembic_config
from storage.pages import pack
from storage.records import CheckRecord, NewVersion
from storage.repository import Store
from storage.search import FlagQuery, Terms, parse_terms

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
BEFORE_SEARCH = "0004_article_events"
OLD_TEXT = ["The mayor was alleged to have misled the council.", "Voters were not told."]


def history_before_search(url: str) -> None:
    """A database at the revision before the index, with one article in two versions whose
    second dropped the word "alleged", the change between them and its quote flag."""
    engine = create_store_engine(url)
    with engine.execution_options(**WRITE).begin() as connection:
        command.upgrade(alembic_config(connection), BEFORE_SEARCH)
        run = connection.execute
        run(
            text(
                "INSERT INTO watch (id, url, display_url, tags, pinned, state, created_at, "
                "next_check_at, consecutive_unchanged, consecutive_errors, ignore_robots, "
                "presence, current_version_id) VALUES (1, 'https://news.example/a', "
                "'https://news.example/a', '[]', :no, 'active', :t, :t, 0, 0, :no, 'live', 2)"
            ),
            {"t": T0, "no": False},
        )
        texts = [OLD_TEXT, [OLD_TEXT[0].replace("was alleged to have", "had"), OLD_TEXT[1]]]
        for number, paragraphs in enumerate(texts, start=1):
            run(
                text(
                    "INSERT INTO version (id, watch_id, number, fingerprint, fetched_at, url, "
                    "headline, byline, paragraphs) VALUES (:n, 1, :n, :f, :t, "
                    "'https://news.example/a', 'Mayor’s statement', 'By A. Writer', :p)"
                ),
                {
                    "n": number,
                    "f": f"f{number}",
                    "t": T0 + timedelta(hours=number),
                    "p": _json(paragraphs),
                },
            )
            run(
                text(
                    'INSERT INTO "check" (id, watch_id, started_at, duration, size, outcome, '
                    "version_id) VALUES (:n, 1, :t, 0.1, 100, 'changed', :n)"
                ),
                {"n": number, "t": T0 + timedelta(hours=number)},
            )
        run(
            text(
                "INSERT INTO change (id, watch_id, check_id, kind, from_version_id, "
                "to_version_id, detected_at, diff, flag_count) "
                "VALUES (1, 1, 2, 'edit', 1, 2, :t, '{}', 1)"
            ),
            {"t": T0 + timedelta(hours=2)},
        )
        run(
            text(
                "INSERT INTO flag (id, change_id, position, kind, data) VALUES "
                "(1, 1, 0, 'quote_changed', :d)"
            ),
            {"d": _json({"kind": "quote_changed", "before": "We did nothing wrong.",
                         "after": "We made mistakes.", "speaker": "Jerrold Nadler"})},
        )  # fmt: skip
    engine.dispose()


def _json(value: object) -> str:
    return json.dumps(value)


def test_the_migration_indexes_an_existing_history(db_url: str) -> None:
    history_before_search(db_url)
    store = Store.open(db_url)  # upgrades to the newest schema
    [hit] = store.search.versions(parse_terms("alleged"))
    assert (hit.watch_id, hit.matched, hit.in_current) == (1, (1,), False)
    assert hit.snippet.startswith("The mayor was alleged")
    assert [h.watch_id for h in store.search.versions(parse_terms("alleged"), dropped=True)] == [1]
    assert store.search.versions(parse_terms("voters"), dropped=True) == []
    [quote] = store.search.flags(FlagQuery(speaker="nadler", kinds=("quote_changed",)))
    assert quote.flag["after"] == "We made mistakes."
    assert quote.change.id == 1
    store.close()


def test_a_stored_check_is_searchable_at_once_and_a_purged_watch_leaves_nothing(
    db_url: str,
) -> None:
    store = Store.open(db_url)
    watch_id = store.add_watch(watch_spec("https://news.example/b"), T0)
    article = Article("Harbour plan", "By B. Writer", ("Dredging starts in spring.",))
    record = CheckRecord(
        watch_id=watch_id,
        started_at=T0,
        duration=0.1,
        outcome="first",
        next_check_at=T0 + timedelta(hours=1),
        status=200,
        version=NewVersion(article, "https://news.example/b", pack("<html></html>"), 1),
    )
    store.record_checks([record], owner="test")
    assert [h.watch_id for h in store.search.versions(parse_terms("dredging"))] == [watch_id]
    assert [h.watch_id for h in store.search.versions(Terms(("harbour plan",)))] == [watch_id]
    store.purge(str(watch_id))
    assert store.search.versions(parse_terms("dredging")) == []
    store.close()
