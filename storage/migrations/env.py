"""Alembic environment: redline always hands in an open connection (see storage.engine)."""

from alembic import context
from sqlmodel import SQLModel

import storage.alert_tables
import storage.sources
import storage.tables  # noqa: F401  (each registers its tables on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
