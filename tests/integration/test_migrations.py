"""Upgrading a database that already has history: nothing is lost and checking goes on."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from monitor.article import Article
from storage.dictionaries import site_slot
from storage.engine import SCHEMA_HEAD, WRITE, create_store_engine, stored_revisions
from storage.migrating import MIGRATIONS, alembic_config
from storage.pages import pack
from storage.records import CheckRecord, NewVersion, Shard
from storage.repository import Store

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
Run = Callable[..., str]  # the redline fixture: redline(*args, code=0) -> output


def database_at(revision: str, path: Path) -> str:
    """A database at an earlier revision, with one watch, two versions, the two checks that
    stored them and the change between them."""
    url = f"sqlite:///{path}"
    engine = create_store_engine(url)
    with engine.execution_options(**WRITE).begin() as connection:
        command.upgrade(alembic_config(connection), revision)
        run = connection.execute
        run(
            text(
                "INSERT INTO watch (id, url, display_url, tags, pinned, state, created_at, "
                "next_check_at, consecutive_unchanged, consecutive_errors) VALUES (1, "
                "'https://news.example/a', 'https://news.example/a', '[]', 0, 'active', :t, :t, "
                "0, 0)"
            ),
            {"t": T0},
        )
        for number in (1, 2):
            run(
                text(
                    "INSERT INTO version (id, watch_id, number, fingerprint, fetched_at, url, "
                    "headline, byline, paragraphs) VALUES (:n, 1, :n, :f, :t, "
                    "'https://news.example/a', 'Headline', 'By A. Writer', '[\"Text.\"]')"
                ),
                {"n": number, "f": f"fingerprint-{number}", "t": T0},
            )
            run(
                text(
                    'INSERT INTO "check" (id, watch_id, started_at, duration, size, outcome, '
                    "version_id) VALUES (:n, 1, :t, 0.1, 100, 'first', :n)"
                ),
                {"n": number, "t": T0 + timedelta(hours=number)},
            )
        run(
            text(
                "INSERT INTO change (id, watch_id, from_version_id, to_version_id, detected_at, "
                "diff, flag_count) VALUES (1, 1, 1, 2, :t, '{}', 0)"
            ),
            {"t": T0},
        )
    engine.dispose()
    return url


# SQLite copies a table to alter it; rows pointing at the old copy must not stop the upgrade.
@pytest.mark.parametrize("revision", ["0001", "0002_sources", "0003_notifications"])
def test_an_existing_history_is_carried_over_and_checking_goes_on(
    tmp_path: Path, revision: str
) -> None:
    store = Store.open(database_at(revision, tmp_path / "old.db"))

    [change] = store.changes()
    assert (change.kind, change.from_version, change.to_version) == ("edit", 1, 2)
    [watch] = store.list_watches()
    assert (watch.presence, watch.versions, watch.changes) == ("live", 2, 1)
    [due] = store.claim_due(T0 + timedelta(days=1), owner="me", lease=timedelta(minutes=5), limit=5)
    assert due.latest is not None
    assert due.latest.number == 2  # the version readers saw last
    assert set(due.known) == {"fingerprint-1", "fingerprint-2"}

    edited = Article("Headline", "By A. Writer", ("New text.",))
    [change_id] = store.record_checks(
        [
            CheckRecord(
                watch_id=1,
                started_at=T0 + timedelta(days=1),
                duration=0.1,
                outcome="changed",
                next_check_at=T0 + timedelta(days=2),
                status=200,
                version=NewVersion(edited, "https://news.example/a", pack("<html></html>"), 3),
                diff={"paragraphs": []},
                presence="live",
            )
        ],
        owner="me",
    )
    assert change_id is not None
    assert [(c.from_version, c.to_version) for c in store.changes()] == [(2, 3), (1, 2)]
    store.close()


def test_the_head_known_without_alembic_is_the_newest_migration_script() -> None:
    # A database stamped with SCHEMA_HEAD is opened without reading the scripts: the two agree.
    assert set(ScriptDirectory(str(MIGRATIONS)).get_heads()) == {SCHEMA_HEAD}


def test_an_older_database_is_still_upgraded_when_opened(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'older.db'}"
    engine = create_store_engine(url)
    with engine.execution_options(**WRITE).begin() as connection:
        command.upgrade(alembic_config(connection), "0008_search_index")

    Store.open(url).close()

    with engine.connect() as connection:
        assert stored_revisions(connection) == {SCHEMA_HEAD}
    engine.dispose()


def test_a_database_from_a_newer_redline_is_refused_in_one_line_and_left_as_it_is(
    redline: Run, cli_db: str
) -> None:
    url = f"sqlite:///{cli_db}"
    Store.open(url).close()
    engine = create_store_engine(url)
    with engine.execution_options(**WRITE).begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0042_from_later'"))

    output = redline("list", code=2)

    assert output.startswith("redline: the database's schema is at revision 0042_from_later")
    assert "newer redline" in output
    assert len(output.strip().splitlines()) == 1
    with engine.connect() as connection:
        assert stored_revisions(connection) == {"0042_from_later"}
    engine.dispose()


def test_watches_from_before_site_slots_are_claimed_by_the_process_of_their_site(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_store_engine(url)
    with engine.execution_options(**WRITE).begin() as connection:
        command.upgrade(alembic_config(connection), "0010_site_dictionary")
        connection.execute(
            text(
                "INSERT INTO watch (url, display_url, tags, pinned, state, created_at, "
                "next_check_at, consecutive_unchanged, consecutive_errors, ignore_robots, "
                "allow_private, presence) VALUES ('https://news.example/a', "
                "'https://news.example/a', '[]', 0, 'active', :t, :t, 0, 0, 0, 0, 'live')"
            ),
            {"t": T0},
        )
    engine.dispose()
    store = Store.open(url)
    slot = site_slot("https://news.example/a")
    mine, other = Shard(slot % 2, 2), Shard(1 - slot % 2, 2)
    later, lease = T0 + timedelta(days=1), timedelta(minutes=5)

    assert store.claim_due(later, owner="other", lease=lease, limit=5, shard=other) == []
    [due] = store.claim_due(later, owner="mine", lease=lease, limit=5, shard=mine)
    assert due.url == "https://news.example/a"
    store.close()
