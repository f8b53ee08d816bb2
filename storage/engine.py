"""Engine setup: SQLite tuned for one writer and many readers, PostgreSQL as it comes.

SQLite runs in WAL mode so the CLI can read while the service writes; a busy timeout makes a
second writer wait instead of failing; write transactions start with BEGIN IMMEDIATE so two
writers never both read and then collide on the upgrade to a write lock.
"""

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from monitor.errors import StorageError

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 15_000
# Execution option that asks for BEGIN IMMEDIATE on SQLite; other dialects ignore it.
WRITE = {"redline_write": True}
MIGRATE_LOCK = 0x7265646C696E65  # "redline": the PostgreSQL advisory lock held while migrating


def default_database_url() -> str:
    """The per-user database used when neither --db nor REDLINE_DATABASE_URL is given."""
    path = user_data_path("redline", appauthor=False) / "redline.db"
    return f"sqlite:///{path}"


def database_url(db_path: str | None, env_url: str | None) -> str:
    """Resolve the database: an explicit --db path or URL wins, then the environment."""
    if db_path:
        return db_path if "://" in db_path else f"sqlite:///{Path(db_path).expanduser()}"
    return env_url or default_database_url()


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
    """A write transaction (BEGIN IMMEDIATE on SQLite), committed when the block ends."""
    with Session(engine.execution_options(**WRITE)) as session, session.begin():
        yield session


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


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _schema_is_current(connection: Connection) -> bool:
    heads = set(ScriptDirectory.from_config(_alembic_config(connection)).get_heads())
    return set(MigrationContext.configure(connection).get_current_heads()) == heads


def upgrade_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration; a no-op when already current."""
    try:
        with engine.connect() as connection:
            if _schema_is_current(connection):
                return
        with engine.connect() as connection:
            _migrate(connection)
    except DBAPIError as exc:
        raise StorageError(f"cannot open the database {engine.url!r}: {exc.orig}") from exc


def _migrate(connection: Connection) -> None:
    """Run the migrations in one write transaction.

    SQLite alters a table by copying it (Alembic's batch mode), and dropping the old copy fails
    while rows of other tables point at it, unless foreign keys are off. As SQLite documents
    for this procedure, they are turned off outside the transaction, checked before it
    commits, and turned back on.
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(connection, enforce=False)
    try:
        with connection.execution_options(**WRITE).begin():
            if connection.dialect.name == "postgresql":
                # Service processes starting together on a new database: one migrates, the
                # others wait here and then find the schema current.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK}
                )
            if not _schema_is_current(connection):
                command.upgrade(_alembic_config(connection), "heads")
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise StorageError("a migration left rows pointing at rows that do not exist")
    finally:
        if sqlite:
            _sqlite_foreign_keys(connection, enforce=True)


def _sqlite_foreign_keys(connection: Connection, *, enforce: bool) -> None:
    # On the driver's connection: through SQLAlchemy it would open a transaction first, and
    # inside one SQLite ignores this pragma.
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys={'ON' if enforce else 'OFF'}")
