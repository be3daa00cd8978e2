"""When each web user last signed out (issue 20's review).

Why: a session is a signed cookie the server keeps no copy of, so "Sign out" only made the
browser forget it; a copy (another device, a proxy's log, a shared computer's profile)
still signed its holder in for the rest of its eight hours. The sign-in time is now in
the session, and a session begun before its user's last sign-out is refused: signing out
ends every session of that user, on every device. One column of the row every request
reads already, so no request reads more than before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("signed_out_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("signed_out_at")
