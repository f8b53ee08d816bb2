"""The repository on real SQLite files and PostgreSQL databases: watches, claims, leases and
atomic check records. Every test that takes `store` or `db_url` runs on both."""

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from monitor.article import Article
from monitor.errors import NotFound, UsageError
from storage.engine import create_store_engine
from storage.migrating import MIGRATIONS
from storage.pages import pack
from storage.pgserver import TemporaryPostgres
from storage.records import CheckRecord, NewVersion, Upserted, WatchSpec
from storage.repository import Store

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
SPEC = WatchSpec(url="https://news.example/a", display_url="https://news.example/a?utm_x=1")


def article(*paragraphs: str, headline: str = "Council passes budget") -> Article:
    return Article(headline=headline, byline="By A. Writer", paragraphs=paragraphs)


def version_record(
    watch_id: int, when: datetime, art: Article, diff: bool, number: int | None = None
) -> CheckRecord:
    """A check that found `art`: version 1, or (with a diff) version 2 unless `number` says."""
    number = number or (2 if diff else 1)
    return CheckRecord(
        watch_id=watch_id,
        started_at=when,
        duration=0.1,
        outcome="changed" if diff else "first",
        next_check_at=when + timedelta(minutes=10),
        status=200,
        version=NewVersion(art, SPEC.url, pack("<html>page</html>"), number),
        diff={"headline": [], "byline": [], "paragraphs": [], "rewrite": False} if diff else None,
        flags=({"kind": "figure_changed", "before": "3", "after": "4"},) if diff else (),
    )


def at_once(*tasks: Callable[[], object]) -> None:
    """Run `tasks` in threads released at the same moment (like processes starting together)."""
    start = threading.Barrier(len(tasks))
    errors: list[BaseException] = []

    def run(task: Callable[[], object]) -> None:
        start.wait()
        try:
            task()
        except BaseException as exc:  # reported below, after every thread has ended
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def record(store: Store, check: CheckRecord) -> int | None:
    [change_id] = store.record_checks([check], owner="a")
    return change_id


def test_schema_is_created_by_migrations_and_reopening_is_a_no_op(db_url: str) -> None:
    Store.open(db_url).close()
    store = Store.open(db_url)
    assert store.list_watches() == []
    with store.engine.connect() as conn:
        applied = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    store.close()
    assert applied == set(ScriptDirectory(str(MIGRATIONS)).get_heads())


def test_sqlite_databases_run_in_wal_mode(sqlite_url: str) -> None:
    Store.open(sqlite_url).close()
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.postgres
def test_services_starting_together_on_a_new_postgresql_database_migrate_it_once(
    postgres: TemporaryPostgres,
) -> None:
    db_url = postgres.url(postgres.create_database())
    opened: list[Store] = []
    try:
        at_once(*[lambda: opened.append(Store.open(db_url))] * 4)
    finally:
        for store in opened:
            store.close()
    assert len(opened) == 4


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u@db.example/redline", "postgresql+psycopg"),
        ("postgres://u@db.example/redline", "postgresql+psycopg"),
        ("postgresql+psycopg://u@db.example/redline", "postgresql+psycopg"),
    ],
)
def test_postgresql_urls_use_psycopg_3(url: str, driver: str) -> None:
    engine = create_store_engine(url)
    assert engine.url.drivername == driver
    engine.dispose()


def test_a_url_can_be_watched_once(store: Store) -> None:
    store.add_watch(SPEC, T0)
    with pytest.raises(UsageError, match="already watching"):
        store.add_watch(SPEC, T0)


def test_upsert_updates_label_and_tags_without_duplicating(store: Store) -> None:
    assert store.upsert_watches([SPEC], T0) == [Upserted("added")]
    labelled = WatchSpec(SPEC.url, SPEC.display_url, "Budget", ("x",))
    assert store.upsert_watches([labelled], T0) == [Upserted("updated", ("label", "tags"))]
    assert store.upsert_watches([labelled], T0) == [Upserted("unchanged")]
    [watch] = store.list_watches()
    assert (watch.label, watch.tags) == ("Budget", ("x",))


def test_upsert_adds_tags_and_keeps_what_the_spec_leaves_out_unless_replacing(
    store: Store,
) -> None:
    store.add_watch(WatchSpec(SPEC.url, SPEC.display_url, "Budget", ("desk",), 600), T0)
    partial = WatchSpec(SPEC.url, SPEC.display_url, None, ("x",), given=frozenset())
    assert store.upsert_watches([partial], T0) == [Upserted("updated", ("tags",))]
    [watch] = store.list_watches()
    assert (watch.label, watch.tags, watch.every_seconds) == ("Budget", ("desk", "x"), 600)
    store.upsert_watches([partial], T0, replace=True)
    [watch] = store.list_watches()
    assert (watch.label, watch.tags, watch.every_seconds) == (None, ("x",), None)


def test_claim_hands_each_due_watch_to_one_owner_until_its_lease_expires(store: Store) -> None:
    watch_id = store.add_watch(SPEC, T0)
    first = store.claim_due(T0, owner="a", lease=LEASE, limit=10)
    assert [d.id for d in first] == [watch_id]
    assert store.claim_due(T0, owner="b", lease=LEASE, limit=10) == []
    after_lease = store.claim_due(T0 + LEASE, owner="b", lease=LEASE, limit=10)
    assert [d.id for d in after_lease] == [watch_id]


def test_watches_not_yet_due_are_not_claimed(store: Store) -> None:
    store.add_watch(SPEC, T0)
    assert store.claim_due(T0 - timedelta(seconds=1), owner="a", lease=LEASE, limit=10) == []


def test_recording_a_check_stores_version_change_flags_and_next_time_together(
    store: Store,
) -> None:
    watch_id = store.add_watch(SPEC, T0)
    store.claim_due(T0, owner="a", lease=LEASE, limit=10)
    assert record(store, version_record(watch_id, T0, article("One."), False)) is None
    t1 = T0 + timedelta(minutes=10)
    [due] = store.claim_due(t1, owner="a", lease=LEASE, limit=10)
    assert due.latest is not None
    assert due.latest.article.paragraphs == ("One.",)
    change_id = record(store, version_record(watch_id, t1, article("Two."), True))
    assert change_id is not None

    detail = store.change_detail(change_id)
    assert (detail.info.from_version, detail.info.to_version) == (1, 2)
    assert detail.flags == ({"kind": "figure_changed", "before": "3", "after": "4"},)
    assert store.raw_page(detail.new.id) == "<html>page</html>"
    [watch] = store.list_watches()
    assert (watch.versions, watch.changes, watch.next_check_at) == (
        2,
        1,
        t1 + timedelta(minutes=10),
    )
    assert store.claim_due(t1, owner="b", lease=LEASE, limit=10) == []  # lease released, not due


def test_changes_filter_by_flag_kind_and_time(store: Store) -> None:
    watch_id = store.add_watch(SPEC, T0)
    record(store, version_record(watch_id, T0, article("One."), False))
    t1 = T0 + timedelta(hours=1)
    record(store, version_record(watch_id, t1, article("Two."), True))
    assert [c.kinds for c in store.changes(flagged=True)] == [("figure_changed",)]
    assert store.changes(kinds=("quote_removed",)) == []
    assert store.changes(since=t1 + timedelta(seconds=1)) == []
    assert len(store.changes(url=SPEC.url)) == 1


def test_purging_a_watch_deletes_its_history_and_counts_what_went(store: Store) -> None:
    watch_id = store.add_watch(SPEC, T0)
    record(store, version_record(watch_id, T0, article("One."), False))
    record(store, version_record(watch_id, T0, article("Two."), True))
    purged = store.purge(str(watch_id))
    assert purged.display_url == SPEC.display_url
    assert (purged.versions, purged.changes, purged.checks, purged.rules) == (2, 1, 2, 0)
    assert store.list_watches() == []
    with pytest.raises(NotFound):
        store.versions(SPEC.url)


@pytest.mark.parametrize("stop", ["pause", "archive"])
def test_a_watch_stopped_while_its_check_runs_stays_stopped(store: Store, stop: str) -> None:
    watch_id = store.add_watch(SPEC, T0)
    [due] = store.claim_due(T0, owner="a", lease=LEASE, limit=10)
    getattr(store, stop)(str(watch_id))
    store.record_checks([version_record(watch_id, T0, article("One."), False)], owner="a")
    [watch] = store.list_watches()
    assert (watch.state, watch.versions) == ({"pause": "paused", "archive": "archived"}[stop], 1)
    assert store.claim_due(T0 + timedelta(days=1), owner="a", lease=LEASE, limit=10) == []
    assert store.next_due_at() is None
    store.resume(str(watch_id), T0 + timedelta(days=1))
    assert [
        d.id for d in store.claim_due(T0 + timedelta(days=1), owner="a", lease=LEASE, limit=9)
    ] == [due.id]


def test_a_reader_sees_committed_sqlite_data_while_a_writer_holds_the_lock(
    sqlite_url: str,
) -> None:
    store = Store.open(sqlite_url)
    watch_id = store.add_watch(SPEC, T0)
    store.close()
    writer = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE watch SET label = 'uncommitted' WHERE id = ?", (watch_id,))
    try:
        reader = Store.open(sqlite_url)
        assert [w.label for w in reader.list_watches()] == [None]
        reader.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_claim_lists_every_version_so_the_check_can_number_the_next(store: Store) -> None:
    watch_id = store.add_watch(SPEC, T0)
    for n in range(3):
        record(store, version_record(watch_id, T0, article(f"P{n}."), n > 0, number=n + 1))
    store.make_due([watch_id], T0)
    [due] = store.claim_due(T0, owner="me", lease=LEASE, limit=1)
    assert sorted(ref.number for ref in due.known.values()) == [1, 2, 3]
    assert [v.number for v in store.versions(SPEC.url)] == [1, 2, 3]


def test_a_version_keeps_its_language_and_the_list_shows_the_current_one(store: Store) -> None:
    watch_id = store.add_watch(SPEC, T0)
    german = Article(
        headline="Umbau", byline="Von K. Lehmann", paragraphs=("Satz.",), language="de"
    )
    record(store, version_record(watch_id, T0, german, diff=False))
    assert [v.article.language for v in store.versions(SPEC.url)] == ["de"]
    assert [w.language for w in store.list_watches()] == ["de"]


# -- several processes sharing one watch list -------------------------------------------------


def test_concurrent_claimers_never_get_the_same_watch(db_url: str) -> None:
    setup = Store.open(db_url)
    for n in range(60):
        setup.add_watch(WatchSpec(f"https://news.example/{n}", f"https://news.example/{n}"), T0)
    setup.close()
    stores = [Store.open(db_url) for _ in range(3)]
    claims: dict[str, list[int]] = {}

    def claim(store: Store, owner: str) -> None:
        mine = claims.setdefault(owner, [])
        while batch := store.claim_due(T0, owner=owner, lease=LEASE, limit=7):
            mine.extend(d.id for d in batch)

    try:
        at_once(*(partial(claim, s, f"p{i}") for i, s in enumerate(stores)))
    finally:
        for store in stores:
            store.close()
    every_claim = [watch_id for ids in claims.values() for watch_id in ids]
    assert sorted(every_claim) == list(range(1, 61))


def test_extending_a_lease_keeps_a_slow_check_s_watch_from_other_claimers(
    store: Store,
) -> None:
    watch_id = store.add_watch(SPEC, T0)
    store.claim_due(T0, owner="a", lease=LEASE, limit=10)
    assert store.extend_leases(owner="a", until=T0 + 2 * LEASE) == 1
    assert store.claim_due(T0 + LEASE, owner="b", lease=LEASE, limit=10) == []
    assert [d.id for d in store.claim_due(T0 + 2 * LEASE, owner="b", lease=LEASE, limit=10)] == [
        watch_id
    ]
    assert store.extend_leases(owner="a", until=T0 + 3 * LEASE) == 0  # b has it now


def test_a_result_arriving_after_another_process_took_the_watch_over_is_dropped(
    store: Store,
) -> None:
    watch_id = store.add_watch(SPEC, T0)
    claim = store.claim_due(T0, owner="a", lease=LEASE, limit=10)
    takeover = store.claim_due(T0 + LEASE, owner="b", lease=LEASE, limit=10)  # a's lease ran out
    [change_id] = store.record_checks(
        [version_record(watch_id, T0, article("One."), False)], owner="a", claimed=claim
    )
    assert change_id is None
    assert store.versions(SPEC.url) == []
    assert store.check_count(watch_id) == 0
    first = version_record(watch_id, T0 + LEASE, article("One."), False)
    store.record_checks([first], owner="b", claimed=takeover)
    assert [v.number for v in store.versions(SPEC.url)] == [1]


def test_a_stale_check_finishing_after_a_takeover_cannot_store_a_version_twice(
    store: Store,
) -> None:
    watch_id = store.add_watch(SPEC, T0)
    record(store, version_record(watch_id, T0, article("One."), False))
    t1 = T0 + timedelta(hours=1)
    store.make_due([watch_id], t1)
    claim = store.claim_due(t1, owner="a", lease=LEASE, limit=10)
    takeover = store.claim_due(t1 + LEASE, owner="b", lease=LEASE, limit=10)
    # b finds the edit and records it (releasing its lease) before the stalled a finishes.
    edited = version_record(watch_id, t1 + LEASE, article("Two."), True)
    [b_change] = store.record_checks([edited], owner="b", claimed=takeover)
    [a_change] = store.record_checks(
        [version_record(watch_id, t1, article("Two."), True)], owner="a", claimed=claim
    )
    assert b_change is not None
    assert a_change is None
    assert [v.number for v in store.versions(SPEC.url)] == [1, 2]
    assert [c.id for c in store.changes()] == [b_change]
    assert store.check_count(watch_id) == 2  # the first check and b's


def test_two_first_checks_of_one_watch_store_one_first_version(store: Store) -> None:
    watch_id = store.add_watch(SPEC, T0)
    claim = store.claim_due(T0, owner="a", lease=LEASE, limit=10)
    first = version_record(watch_id, T0, article("One."), False)
    assert store.record_checks([first, first], owner="a", claimed=claim * 2) == [None, None]
    assert [v.number for v in store.versions(SPEC.url)] == [1]
    assert store.check_count(watch_id) == 1
