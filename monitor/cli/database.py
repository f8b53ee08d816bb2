"""Commands that manage the database itself."""

from typing import Annotated

import typer

from monitor.cli.app import command, open_store, out
from storage.location import database_url


@command("migrate-db", panel="Database")
def migrate_db(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="The new, empty database: a URL such as "
            "postgresql+psycopg://user:password@host/redline, or a SQLite file path.",
        ),
    ],
) -> None:
    """Copy the whole database (--db or $REDLINE_DATABASE_URL) into a new one, ids kept."""
    from sqlalchemy.engine import make_url

    from storage.repository import Store
    from storage.transfer import copy_database

    target_url = database_url(to, None)
    with open_store(ctx) as source:
        target = Store.open(target_url)
        try:
            copied = copy_database(source, target)
        finally:
            target.close()
    shown = make_url(target_url).render_as_string(hide_password=True)
    counts = ", ".join(f"{table} {n}" for table, n in copied.items())
    out.print(f"copied to {shown}: {counts}", markup=False)
