"""The review log is append-only in the database itself, not only by convention.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER review_log_no_{action.lower()} BEFORE {action} ON review_log "
                "BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION review_log_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'the review log is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER review_log_append_only BEFORE UPDATE OR DELETE ON review_log "
            "FOR EACH ROW EXECUTE FUNCTION review_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER review_log_no_update")
        op.execute("DROP TRIGGER review_log_no_delete")
    else:
        op.execute("DROP TRIGGER review_log_append_only ON review_log")
        op.execute("DROP FUNCTION review_log_append_only()")
