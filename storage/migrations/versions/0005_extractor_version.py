"""extractor version per stored version

Each version records which extractor version read its page, so that after an upgrade the
checker re-reads the last version from its stored raw page before comparing (an upgrade must
not be reported as an edit). Versions stored before this migration have none: read by an
extractor older than any that records itself.

Revision ID: 0005_extractor_version
Revises: 0004_article_events
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_extractor_version"
down_revision: str | None = "0004_article_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extractor", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("version", schema=None) as batch_op:
        batch_op.drop_column("extractor")
