"""language per stored version

Each version records the article's language (a code such as "de", as the page declared it or
as detected), so that figures and quotes of stored versions are read by that language's rules.
Versions stored before this migration have "" (unknown); a comparison then takes the other
version's language.

Revision ID: 0007_version_language
Revises: 0006_watch_final_url
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_version_language"
down_revision: str | None = "0006_watch_final_url"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("version", schema=None) as batch_op:
        batch_op.drop_column("language")
