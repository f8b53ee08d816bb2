"""The repository on a real SQLite file: watches, claims, and atomic check records."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from alembic.script import ScriptDirectory

from monitor.article import Article
from monitor.errors import NotFound, UsageError
from storage.engine import MIGRATIONS
from storage.records import CheckRecord, NewVersion, WatchSpec
from storage.repository import Store

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
SPEC = WatchSpec(url="https://news.example/a", display_url="https://news.example/a?utm_x=1")


def article(*paragraphs: str, headline: str = "Council passes budget") -> Article:
    return Article(headline=headline, byline="By A. Writer", paragraphs=paragraphs)


def version_record(watch_id: int, when: datetime, art: Article, diff: bool) -> CheckRecord:
    return CheckRecord(
        watch_id=watch_id,
        started_at=when,
        duration=0.1,
        outcome="changed" if diff else "first",
        next_check_at=when + timedelta(minutes=10),
        status=200,
        version=NewVersion(article=art, url=SPEC.url, raw_page="<html>page</html>"),
        diff={"headline": [], "byline": [], "paragraphs": [], "rewrite": False} if diff else None,
        flags=({"kind": "figure_changed", "before": "3", "after": "4"},) if diff else (),
    )


def record(store: Store, check: CheckRecord) -> int | None:
    [change_id] = store.record_checks([check], owner="a")
    return change_id


def test_schema_is_created_by_migrations_and_reopening_is_a_no_op(db_url: str) -> None:
    Store.open(db_url).close()
    store = Store.open(db_url)
    assert store.list_watches() == []
    store.close()
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        stamped = {row[0] for row in raw.execute("SELECT version_num FROM alembic_version")}
    assert stamped == set(ScriptDirectory(str(MIGRATIONS)).get_heads())


def test_a_url_can_be_watched_once(store: Store) -> None:
    store.add_watch(SPEC, T0)
    with pytest.raises(UsageError, match="already watching"):
        store.add_watch(SPEC, T0)


def test_upsert_updates_label_and_tags_without_duplicating(store: Store) -> None:
    assert store.upsert_watch(SPEC, T0) is True
    assert store.upsert_watch(WatchSpec(SPEC.url, SPEC.display_url, "Budget", ("x",)), T0) is False
    [watch] = store.list_watches()
    assert (watch.label, watch.tags) == ("Budget", ("x",))


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
    assert (detail.info.from_number, detail.info.to_number) == (1, 2)
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


def test_removing_a_watch_deletes_its_history(store: Store) -> None:
    watch_id = store.add_watch(SPEC, T0)
    record(store, version_record(watch_id, T0, article("One."), False))
    record(store, version_record(watch_id, T0, article("Two."), True))
    assert store.remove_watch(str(watch_id)) == SPEC.display_url
    assert store.list_watches() == []
    with pytest.raises(NotFound):
        store.versions(SPEC.url)


def test_a_reader_sees_committed_data_while_a_writer_holds_the_lock(
    store: Store, db_url: str
) -> None:
    watch_id = store.add_watch(SPEC, T0)
    writer = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE watch SET label = 'uncommitted' WHERE id = ?", (watch_id,))
    try:
        reader = Store.open(db_url)
        assert [w.label for w in reader.list_watches()] == [None]
        reader.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_version_numbers_count_up_per_watch(store: Store) -> None:
    watch_id = store.add_watch(SPEC, T0)
    for n in range(3):
        record(store, version_record(watch_id, T0, article(f"P{n}."), n > 0))
    assert [v.number for v in store.versions(SPEC.url)] == [1, 2, 3]
