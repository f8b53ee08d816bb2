"""Engine setup: SQLite tuned for one writer and many readers, PostgreSQL as it comes.

SQLite runs in WAL mode so the CLI can read while the service writes; a busy timeout makes a
second writer wait instead of failing; write transactions start with BEGIN IMMEDIATE so two
writers never both read and then collide on the upgrade to a write lock.
"""

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from monitor.errors import DiskFull, StorageError

BUSY_TIMEOUT_MS = 15_000
# Execution option that asks for BEGIN IMMEDIATE on SQLite; other dialects ignore it.
WRITE = {"redline_write": True}
# The newest migration. A database stamped with it is opened without Alembic, which would read
# every migration script first; tests/integration/test_migrations.py holds it to the scripts.
SCHEMA_HEAD = "0011_site_slot"


def create_store_engine(url: str) -> Engine:
    """Create an engine for `url`, with redline's SQLite settings where it applies."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"not a database URL: {url!r}") from exc
    if parsed.drivername in {"postgres", "postgresql"}:  # psycopg 3 is the driver we ship
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except (ImportError, ArgumentError) as exc:  # a database or driver redline cannot load
            raise StorageError(f"cannot use {parsed.drivername}: {exc}") from exc
    if parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the database folder {folder}: {exc}") from exc
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A write transaction (BEGIN IMMEDIATE on SQLite), committed when the block ends.

    A full disk raises `DiskFull` after the rollback, so callers stop cleanly with nothing
    half-written instead of recording the failure as something else.
    """
    try:
        with Session(engine.execution_options(**WRITE)) as session, session.begin():
            yield session
    except OperationalError as exc:
        if not _disk_full(exc):
            raise
        raise DiskFull(
            "the disk holding the database is full; nothing was written. Free some space "
            "and run the command again"
        ) from exc


# SQLite's SQLITE_FULL and I/O errors on ENOSPC, PostgreSQL's disk_full (53100) and its
# "could not extend file" messages.
_DISK_FULL = ("database or disk is full", "no space left on device", "could not extend file")


def _disk_full(exc: OperationalError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return code == "53100" or any(text in str(exc.orig).lower() for text in _DISK_FULL)


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for reads."""
    with Session(engine) as session:
        yield session


class Database:
    """An engine and its two kinds of transaction; the repository's parts share it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _write(self) -> AbstractContextManager[Session]:
        return writing(self.engine)

    def _read(self) -> AbstractContextManager[Session]:
        return reading(self.engine)


def _configure_sqlite(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Take transaction control away from the sqlite3 module so _begin_sqlite decides the mode.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe in WAL mode
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_sqlite(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("redline_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def upgrade_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration; a no-op when already current.

    The common case, a database at `SCHEMA_HEAD`, costs one query; Alembic is loaded only when
    the database is new, older or newer than this code.
    """
    try:
        with engine.connect() as connection:
            if stored_revisions(connection) == {SCHEMA_HEAD}:
                return
        # Alembic and its scripts: only when there is something to migrate (or refuse).
        from storage.migrating import migrate  # noqa: PLC0415

        migrate(engine)
    except DBAPIError as exc:
        raise StorageError(f"cannot open the database {engine.url!r}: {exc.orig}") from exc


def stored_revisions(connection: Connection) -> set[str]:
    """The migrations a database is stamped with; none for a new (or not redline's) database."""
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
