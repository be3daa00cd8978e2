"""Batches and the field-level change log (issue 17).

Why: a manager corrects, withdraws, restores and undoes; each of those, and every
import, must be logged with who, when and which field changed from what to what, and
be reversible as a whole. `batches` holds one row per command that changed records,
`changes` one row per changed field (append-only in the database, as the review log
(0002) and the awards (0004) are), and the review log and the imports point at their
batch. A store from before keeps its rows; they simply belong to no batch.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("cluster", sa.String(length=63), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.Column("review_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cluster"], ["clusters.slug"]),
        sa.ForeignKeyConstraint(["undoes"], ["batches.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_batches_cluster", "batches", ["cluster", "id"], unique=False)
    op.create_table(
        "changes",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("cluster", sa.String(length=63), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=True),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["batch"], ["batches.id"]),
        sa.ForeignKeyConstraint(["cluster", "record_id"], ["evidence.cluster", "evidence.id"]),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index("ix_changes_record", "changes", ["cluster", "record_id"], unique=False)
    op.create_index("ix_changes_batch", "changes", ["batch"], unique=False)
    # plain ADD COLUMN (no table rebuild): the review log's append-only triggers stay
    op.add_column("review_log", sa.Column("batch", sa.Integer(), nullable=True))
    op.add_column("imports", sa.Column("batch", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER changes_no_{action.lower()} BEFORE {action} ON changes "
                "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION changes_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'the change log is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE ON changes "
            "FOR EACH ROW EXECUTE FUNCTION changes_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER changes_no_update")
        op.execute("DROP TRIGGER changes_no_delete")
    else:
        op.execute("DROP TRIGGER changes_append_only ON changes")
        op.execute("DROP FUNCTION changes_append_only()")
    op.drop_column("imports", "batch")
    op.drop_column("review_log", "batch")
    op.drop_index("ix_changes_batch", table_name="changes")
    op.drop_index("ix_changes_record", table_name="changes")
    op.drop_table("changes")
    op.drop_index("ix_batches_cluster", table_name="batches")
    op.drop_table("batches")
