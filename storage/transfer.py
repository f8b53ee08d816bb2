"""Copy a whole redline database into an empty one, e.g. from SQLite to PostgreSQL.

Rows are copied table by table in foreign-key order and id order, ids kept, through redline's
own table definitions (so timestamps, JSON and compressed pages convert on the way), inside
one transaction on the target: a failed copy leaves the target empty. Afterwards PostgreSQL's
id sequences are moved past the copied ids, so new rows do not collide with them.
"""

from sqlalchemy import Connection, Table, func, insert, inspect, select, text
from sqlmodel import SQLModel

from monitor.errors import StorageError, UsageError
from storage.engine import WRITE
from storage.repository import Store  # its modules register every table on SQLModel.metadata
from storage.search import INDEX_TABLES

CHUNK = 500  # rows read and inserted at a time (pages are kept compressed, ~10 KB each)
ALEMBIC_TABLE = "alembic_version"  # filled by the target's own migrations


def copy_database(source: Store, target: Store) -> dict[str, int]:
    """Copy every row of `source` into the empty `target`; returns rows copied per table."""
    tables = SQLModel.metadata.sorted_tables
    _check_schema(source, tables)
    reader = source.engine
    if reader.dialect.name == "postgresql":  # one snapshot for the whole copy, as SQLite gives
        reader = reader.execution_options(isolation_level="REPEATABLE READ")
    writer = target.engine.execution_options(**WRITE)
    with reader.connect() as src, src.begin(), writer.begin() as dst:
        filled = {t.name: n for t in tables if (n := _count(dst, t))}
        if filled:
            counts = ", ".join(f"{name} {n}" for name, n in filled.items())
            raise UsageError(
                f"the target database is not empty ({counts}); "
                "migrate-db copies into a new, empty database"
            )
        copied = {table.name: _copy_table(src, dst, table) for table in tables}
        for table in tables:
            if _count(dst, table) != _count(src, table):
                raise StorageError(f"copying {table.name} lost rows; the target was left empty")
        if dst.dialect.name == "postgresql":
            _advance_sequences(dst, tables)
    return copied


def _check_schema(store: Store, tables: list[Table]) -> None:
    """Refuse to run when the database has tables this code does not know (data would be lost)."""
    known = {t.name for t in tables} | {ALEMBIC_TABLE}
    # The full-text index is derived: the target's triggers rebuild it from the copied rows.
    unknown = {
        name
        for name in set(inspect(store.engine).get_table_names()) - known
        if not name.startswith(INDEX_TABLES)
    }
    if unknown:
        raise StorageError(f"unknown tables {sorted(unknown)}; upgrade redline before copying")


def _count(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _copy_table(src: Connection, dst: Connection, table: Table) -> int:
    [key] = table.primary_key.columns
    copied, last = 0, None
    while True:
        query = select(table).order_by(key).limit(CHUNK)
        if last is not None:
            query = query.where(key > last)
        rows = [dict(row) for row in src.execute(query).mappings()]
        if not rows:
            return copied
        dst.execute(insert(table), rows)
        copied += len(rows)
        last = rows[-1][key.name]


def _advance_sequences(conn: Connection, tables: list[Table]) -> None:
    quote = conn.dialect.identifier_preparer.quote
    for table in tables:
        [key] = table.primary_key.columns
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE(MAX({quote(key.name)}), 0) + 1, false) FROM {quote(table.name)}"
            ),
            {"table": quote(table.name), "column": key.name},
        )
