"""Dates known only to the month or the year (issue 18).

Why: a web page says "v červnu 2020" or "im Jahr 2019"; a record made from it must
neither invent a day nor lose the date. `evidence.date_precision` says how exactly a
record's `start` and `end` are known: "day", "month" or "year" (`evidence.precision`).
Every record stored before was dated to the day, so the column is added NOT NULL with
the default "day" and no row changes: its content digest stays what it was, since a
digest leaves out a precision of "day" (`evidence.store.rows.content_sha256`), and a
re-import of the same file finds it unchanged. A plain ADD COLUMN, no table rebuild.

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-12
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "evidence",
        sa.Column("date_precision", sa.String(length=5), nullable=False, server_default="day"),
    )


def downgrade() -> None:
    op.drop_column("evidence", "date_precision")
