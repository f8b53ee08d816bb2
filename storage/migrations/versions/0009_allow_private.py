"""allow private addresses per watch and per source

A watch or a followed source may be allowed to lead redline to loopback, private and
link-local addresses through redirects and links (see monitor.fetching.addresses); the default
refuses them.

Revision ID: 0009_allow_private
Revises: 0008_search_index
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_allow_private"
down_revision: str | None = "0008_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("watch", "source")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("allow_private", sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("allow_private")
