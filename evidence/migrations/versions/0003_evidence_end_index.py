"""An index on each cluster's records by kind and end date.

Why: a metric "in the period" over one-day records (events, news, documents) matches a
record that starts in the period or ends in it. With an index on the start only, SQLite
and PostgreSQL read the whole history of a kind up to the period's end to find them;
with this one as well they read the two ranges and join them (a multi-index OR, a
bitmap OR), so assessing a year reads about that year (issue 8, BENCHMARKS.md). The
start and status ride along so that the index alone answers the count of a cluster's
records by status that every assessment makes (it read every record before: a tenth
of assessing a cluster of 100,000 records).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_evidence_cluster_kind_end", "evidence", ["cluster", "kind", "end", "start", "status"]
    )


def downgrade() -> None:
    op.drop_index("ix_evidence_cluster_kind_end", table_name="evidence")
