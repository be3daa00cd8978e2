"""The labels a cluster was awarded: the `awards` table, append-only like the review log.

Why: readiness is what clex computes; an award is what ECEI gave on a date, and a label's
validity and renewal window run from that date (issue 14). An award entered in error is
withdrawn by a later row (`withdraws`), never changed or deleted, so the database refuses
both, as it does for the review log (0002).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "awards",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("cluster", sa.String(length=63), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("awarded_by", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdraws", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["cluster"], ["clusters.slug"]),
        sa.ForeignKeyConstraint(["withdraws"], ["awards.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_awards_cluster", "awards", ["cluster", "awarded_on"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER awards_no_{action.lower()} BEFORE {action} ON awards "
                "BEGIN SELECT RAISE(ABORT, 'awards are append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION awards_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'awards are append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER awards_append_only BEFORE UPDATE OR DELETE ON awards "
            "FOR EACH ROW EXECUTE FUNCTION awards_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER awards_no_update")
        op.execute("DROP TRIGGER awards_no_delete")
    else:
        op.execute("DROP TRIGGER awards_append_only ON awards")
        op.execute("DROP FUNCTION awards_append_only()")
    op.drop_index("ix_awards_cluster", table_name="awards")
    op.drop_table("awards")
