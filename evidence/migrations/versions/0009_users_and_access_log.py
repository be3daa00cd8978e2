"""The web page's users and its access log (issue 20).

Why in the store: `clex serve` and `clex user` work on the same database as every other
command, so that an association's PostgreSQL holds its people with its evidence and a
backup of the store is a backup of both. `users` holds one row per person who signs in
to the web page: an argon2id hash (never the password), a role, the cluster the role is
for, and what the login lockout needs. `access_log` is append-only in the database, as
the review log (0002), the awards (0004) and the change log (0007) are: every action in
the web page (a sign-in, a refused sign-in, a download, a user added or disabled) with
the user's name; the record changes themselves go to `batches`, `changes` and
`review_log` as they do from the command line.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("cluster", sa.String(length=63), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cluster"], ["clusters.slug"]),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "access_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("cluster", sa.String(length=63), nullable=True),
        sa.Column("target", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("client", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index("ix_access_log_actor", "access_log", ["actor", "seq"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER access_log_no_{action.lower()} BEFORE {action} ON access_log "
                "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION access_log_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'the access log is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log "
            "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER access_log_no_update")
        op.execute("DROP TRIGGER access_log_no_delete")
    else:
        op.execute("DROP TRIGGER access_log_append_only ON access_log")
        op.execute("DROP FUNCTION access_log_append_only()")
    op.drop_index("ix_access_log_actor", table_name="access_log")
    op.drop_table("access_log")
    op.drop_table("users")
