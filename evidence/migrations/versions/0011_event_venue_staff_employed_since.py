"""An event's venue, a staff record's `employed_since` (session 22's assessor).

Why: an online webinar "in Japan" counted as a presentation abroad (C6, V3), and a
change of FTE, entered as a new staff record from the day it changed, started the
person's two years of service (G5) again. Both are new optional fields, so both are
plain nullable columns: no row changes, and a content digest leaves out an empty field
(`evidence.store.rows.content_sha256`), so every stored digest is still its record's.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("evidence", sa.Column("venue", sa.String(length=40), nullable=True))
    op.add_column("evidence", sa.Column("employed_since", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("evidence", "employed_since")
    op.drop_column("evidence", "venue")
