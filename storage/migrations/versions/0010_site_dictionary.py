"""site dictionaries: one stored page per site, which its later pages are compressed against

Pages of one site share most of their bytes; a page stored against its site's first page takes
a fraction of the space (storage.pages). Existing rows stay as they are.

Revision ID: 0010_site_dictionary
Revises: 0009_allow_private
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_site_dictionary"
down_revision: str | None = "0009_allow_private"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "site_dictionary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site", sa.String(), nullable=False),
        sa.Column("page", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("site_dictionary", schema=None) as batch_op:
        batch_op.create_index("ix_site_dictionary_site", ["site"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("site_dictionary", schema=None) as batch_op:
        batch_op.drop_index("ix_site_dictionary_site")
    op.drop_table("site_dictionary")
