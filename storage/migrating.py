"""Alembic migrations: creating a schema, upgrading an older one, refusing a newer one.

Loaded only when a database is not at `storage.engine.SCHEMA_HEAD`: Alembic reads every
migration script before it can say anything.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from monitor.errors import StorageError
from storage.engine import WRITE

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATE_LOCK = 0x7265646C696E65  # "redline": the PostgreSQL advisory lock held while migrating


def alembic_config(connection: Connection) -> Config:
    """Alembic's configuration, run on `connection` (see migrations/env.py)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the database at `engine` to the newest migration."""
    with engine.connect() as connection:
        _migrate(connection)


def _schema_is_current(connection: Connection, scripts: ScriptDirectory) -> bool:
    """True at the newest migration; a StorageError when the database is newer than the code."""
    stored = set(MigrationContext.configure(connection).get_current_heads())
    known = {script.revision for script in scripts.walk_revisions()}
    unknown = sorted(stored - known)
    if unknown:
        raise StorageError(
            f"the database's schema is at revision {', '.join(unknown)}, which this redline does "
            f"not know (its newest is {', '.join(sorted(scripts.get_heads()))}): it was "
            "written by a newer redline; run that version, or give another --db"
        )
    return stored == set(scripts.get_heads())


def _migrate(connection: Connection) -> None:
    """Run the migrations in one write transaction.

    SQLite alters a table by copying it (Alembic's batch mode), and dropping the old copy fails
    while rows of other tables point at it, unless foreign keys are off. As SQLite documents
    for this procedure, they are turned off outside the transaction, checked before it
    commits, and turned back on.
    """
    config = alembic_config(connection)
    scripts = ScriptDirectory.from_config(config)
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
            if not _schema_is_current(connection, scripts):
                command.upgrade(config, "heads")
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
