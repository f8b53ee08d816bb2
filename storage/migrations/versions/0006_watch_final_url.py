"""the URL a watched article is really served from

A watch learns, at its first check, the canonical URL its link redirected to (a feed's tracking
or short link, say), so the same story reached by its direct link is recognised as one watch.

Revision ID: 0006_watch_final_url
Revises: 0005_extractor_version
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_watch_final_url"
down_revision: str | None = "0005_extractor_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("watch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("final_url", sa.String(), nullable=True))
        batch_op.create_index("ix_watch_final_url", ["final_url"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("watch", schema=None) as batch_op:
        batch_op.drop_index("ix_watch_final_url")
        batch_op.drop_column("final_url")
