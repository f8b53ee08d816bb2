"""followed sources: the source table and the watch's link to the source that found it

Revision ID: 0002_sources
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_sources"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("display_url", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("match", sa.String(), nullable=True),
        sa.Column("exclude", sa.String(), nullable=True),
        sa.Column("every_seconds", sa.Integer(), nullable=True),
        sa.Column("max_per_day", sa.Integer(), nullable=False),
        sa.Column("max_active", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_poll_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_outcome", sa.String(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("notice", sa.String(), nullable=True),
        sa.Column("listed", sa.Integer(), nullable=False),
        sa.Column("consecutive_errors", sa.Integer(), nullable=False),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        sa.Column("lease_owner", sa.String(), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_next_poll_at"), ["next_poll_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_url"), ["url"], unique=True)

    with op.batch_alter_table("watch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_watch_source_id"), ["source_id"], unique=False)
        batch_op.create_foreign_key("fk_watch_source_id_source", "source", ["source_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("watch", schema=None) as batch_op:
        batch_op.drop_constraint("fk_watch_source_id_source", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_watch_source_id"))
        batch_op.drop_column("source_id")

    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_url"))
        batch_op.drop_index(batch_op.f("ix_source_next_poll_at"))

    op.drop_table("source")
