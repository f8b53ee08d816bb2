"""article events, flip-flops, politeness settings per watch

Watches learn the article's presence (live, removed, redirected, collapsed), which version
readers saw last (after a flip-flop, an older one), a digest and the dateModified of the last
page, and a robots.txt override. Changes gain a kind (edit or an event), event details, and the
check that made them; a change may now point back at an earlier version (a variant) or at no
version at all (a removal), so "one change per check" replaces "one change per new version".

Downgrading drops every change that is not an edit.

Revision ID: 0004_article_events
Revises: 0003_notifications
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_article_events"
down_revision: str | None = "0003_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite keeps the old unique constraint unnamed; batch mode names it by this convention so it
# can be dropped. Other databases named it themselves (found by reflection).
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
_OLD_UNIQUE = ["watch_id", "to_version_id"]


def upgrade() -> None:
    with op.batch_alter_table("watch", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("ignore_robots", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("presence", sa.String(), nullable=False, server_default="live")
        )
        batch_op.add_column(sa.Column("presence_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("current_version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("page_digest", sa.String(), nullable=True))
        batch_op.add_column(
            sa.Column("page_modified_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.execute(
        "UPDATE watch SET current_version_id = (SELECT v.id FROM version v "
        "WHERE v.watch_id = watch.id ORDER BY v.number DESC LIMIT 1)"
    )

    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("check_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(), nullable=False, server_default="edit"))
        batch_op.add_column(sa.Column("event", sa.JSON(), nullable=True))
    # Every stored version was written with the check that found it.
    op.execute(
        'UPDATE change SET check_id = (SELECT MIN(k.id) FROM "check" k '
        "WHERE k.version_id = change.to_version_id)"
    )

    sqlite = op.get_bind().dialect.name == "sqlite"
    old_unique = "uq_change_watch_id" if sqlite else _reflected_unique_name()
    with op.batch_alter_table(
        "change", schema=None, naming_convention=_NAMING if sqlite else None
    ) as batch_op:
        batch_op.drop_constraint(old_unique, type_="unique")
        batch_op.alter_column("check_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("to_version_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key("fk_change_check_id_check", "check", ["check_id"], ["id"])
        batch_op.create_index("ix_change_check_id", ["check_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_change_kind"), ["kind"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM flag WHERE change_id IN (SELECT id FROM change WHERE kind <> 'edit')")
    op.execute("DELETE FROM change WHERE kind <> 'edit'")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_kind"))
        batch_op.drop_index("ix_change_check_id")
        batch_op.drop_constraint("fk_change_check_id_check", type_="foreignkey")
        batch_op.alter_column("to_version_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("event")
        batch_op.drop_column("kind")
        batch_op.drop_column("check_id")
        batch_op.create_unique_constraint("uq_change_watch_id", _OLD_UNIQUE)

    with op.batch_alter_table("watch", schema=None) as batch_op:
        batch_op.drop_column("page_modified_at")
        batch_op.drop_column("page_digest")
        batch_op.drop_column("current_version_id")
        batch_op.drop_column("presence_since")
        batch_op.drop_column("presence")
        batch_op.drop_column("ignore_robots")


def _reflected_unique_name() -> str:
    for constraint in sa.inspect(op.get_bind()).get_unique_constraints("change"):
        if constraint["column_names"] == _OLD_UNIQUE and constraint["name"]:
            return constraint["name"]
    raise RuntimeError("the unique constraint on change(watch_id, to_version_id) is missing")
