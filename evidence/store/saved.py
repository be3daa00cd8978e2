"""Assessments kept in the store: the `snapshots` table, written by the demo and the web page.

Why: the web page shows a cluster's assessments to people who never see a snapshot file
(the dashboard, the periods to compare, the PDF and the workbook to download); a
snapshot is a self-contained document, so the store keeps it whole, as text, with the
few columns a list needs. The store never reads inside the document (that is
`assessment.snapshot`'s); rows are only added.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import insert, select

from ..schema import snapshots
from .connection import StoreBase, now, storable


class Saved(StoreBase):
    def save_snapshot(
        self,
        cluster: str,
        document: str,
        *,
        period_start: date,
        period_end: date,
        catalogue_id: str,
        sha256: str,
    ) -> int:
        """Keeps one snapshot document; returns its number in the store."""
        with self.write() as conn:
            done = conn.execute(
                insert(snapshots)
                .values(
                    cluster=cluster,
                    created_at=now(),
                    period_start=period_start,
                    period_end=period_end,
                    catalogue_id=catalogue_id,
                    sha256=sha256,
                    document=document,
                )
                .returning(snapshots.c.id)
            )
            return int(done.scalar_one())

    def saved_snapshots(self, cluster: str) -> list[dict[str, Any]]:
        """The cluster's kept snapshots without their documents, newest period first (the
        latest kept first within a period)."""
        cols = [c for c in snapshots.c if c.name != "document"]
        query = (
            select(*cols)
            .where(snapshots.c.cluster == cluster)
            .order_by(snapshots.c.period_end.desc(), snapshots.c.id.desc())
        )
        with self.read() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def saved_snapshot(self, cluster: str, number: int) -> str | None:
        """The document of the cluster's kept snapshot `number` (None: no such one there)."""
        if not storable(number):
            return None
        query = select(snapshots.c.document).where(
            snapshots.c.cluster == cluster, snapshots.c.id == number
        )
        with self.read() as conn:
            return conn.execute(query).scalar()

    def latest_snapshots(self) -> dict[str, str]:
        """Each cluster's newest kept snapshot document (by period end, then by when kept):
        what the association's benchmark compares."""
        newest: dict[str, tuple[Any, int]] = {}
        with self.read() as conn:
            for row in conn.execute(
                select(snapshots.c.cluster, snapshots.c.period_end, snapshots.c.id)
            ):
                key = (row.period_end, row.id)
                if row.cluster not in newest or key > newest[row.cluster]:
                    newest[row.cluster] = key
            if not newest:
                return {}
            ids = [key[1] for key in newest.values()]
            rows = conn.execute(
                select(snapshots.c.cluster, snapshots.c.document).where(snapshots.c.id.in_(ids))
            )
            return {r.cluster: r.document for r in rows}
