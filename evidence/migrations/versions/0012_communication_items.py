"""A communication record's `items`: how many news items, posts or mentions it stands for
(session 24's assessor).

Why: C5's evidence text invites one record per monthly social-media report, and C5
counted records, so twelve monthly reports of about 20 posts each read as 12 posts.
A record now says how many items it stands for, and the indicators that count
communication items (C1, C3, C5, C10) add them up. Every communication record stored
before stood for one item, so the column is added and set to 1 on them (other kinds
leave it empty); a content digest leaves out `items` of 1
(`evidence.store.rows.content_sha256`), so every stored digest is still its record's
and a re-import of the same file finds it unchanged.

Revision ID: 0012
Revises: 0011
Create Date: 2027-02-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("evidence", sa.Column("items", sa.Integer(), nullable=True))
    op.execute("UPDATE evidence SET items = 1 WHERE kind = 'communication'")


def downgrade() -> None:
    op.drop_column("evidence", "items")
