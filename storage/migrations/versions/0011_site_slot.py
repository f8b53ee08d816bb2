"""site slot per watch: which of the processes sharing the checks fetches it

Processes that share the checks split the sites between them by this number (a hash of the
URL's host), so each site is fetched by one process and stays within its politeness limits.
Existing watches get theirs from their URL.

Revision ID: 0011_site_slot
Revises: 0010_site_dictionary
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.dictionaries import site_slot

revision: str = "0011_site_slot"
down_revision: str | None = "0010_site_dictionary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WATCH = sa.table(
    "watch", sa.column("id", sa.Integer), sa.column("url", sa.String), sa.column("site_slot")
)


def upgrade() -> None:
    with op.batch_alter_table("watch", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("site_slot", sa.Integer(), nullable=False, server_default="0")
        )
    connection = op.get_bind()
    slots = [
        {"watch_id": watch_id, "slot": site_slot(url)}
        for watch_id, url in connection.execute(sa.select(_WATCH.c.id, _WATCH.c.url))
    ]
    if slots:
        connection.execute(
            _WATCH.update()
            .where(_WATCH.c.id == sa.bindparam("watch_id"))
            .values(site_slot=sa.bindparam("slot")),
            slots,
        )


def downgrade() -> None:
    with op.batch_alter_table("watch", schema=None) as batch_op:
        batch_op.drop_column("site_slot")
