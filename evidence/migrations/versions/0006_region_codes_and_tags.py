"""Regions become ISO 3166-2 codes and tags the vocabulary's lower-case words (issue 15).

Why: regions and tags were compared as text, so "Liberec Region" and "Liberecký kraj"
were two regions and "Digital" was not "digital". Imports now store a region as its code
and a tag in its vocabulary form (`evidence.regions`, `evidence.vocabulary`); this turns
what a store already holds into the same forms: the cluster's region, each member's
region (looked up in the member's country, else the cluster's) and every record's tags.
A value it does not recognise is left as it is, and `clex evidence validate` lists it.

A record whose content changes keeps its earlier version in `evidence_versions` (as an
import's change does), gets the next version number and its new content digest, so a
re-import of the same file finds it unchanged; its review status stays, because writing
a region's code for its name changes no fact an auditor verified. Nothing to undo on
downgrade: codes and lower-case tags are valid values of the earlier revisions too.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-15
"""

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from evidence.regions import RegionError, resolve
    from evidence.store.rows import content_sha256, db_row_to_record
    from evidence.vocabulary import normalise_tag

    conn = op.get_bind()
    meta = sa.MetaData()
    clusters = sa.Table("clusters", meta, autoload_with=conn)
    evidence = sa.Table("evidence", meta, autoload_with=conn)
    versions = sa.Table("evidence_versions", meta, autoload_with=conn)

    def code(region: str | None, country: str | None) -> str | None:
        if not region:
            return region
        try:
            return resolve(region, country)
        except RegionError:
            return region  # left for `clex evidence validate` to report

    home: dict[str, str | None] = {}
    for row in conn.execute(sa.select(clusters.c.slug, clusters.c.region, clusters.c.country)):
        home[row.slug] = row.country
        region = code(row.region, row.country)
        if region != row.region:
            conn.execute(clusters.update().where(clusters.c.slug == row.slug).values(region=region))

    has_region = "region" in evidence.c
    wanted: sa.ColumnElement[bool] = evidence.c.tags.is_not(None)
    if has_region:
        member_region = sa.and_(evidence.c.kind == "member", evidence.c.region.is_not(None))
        wanted = sa.or_(wanted, member_region)
    at = datetime.now(UTC)
    for row in conn.execute(sa.select(evidence).where(wanted)).fetchall():
        m = row._mapping
        changes: dict[str, Any] = {}
        if m["tags"]:
            items = [t for t in m["tags"].split(",") if t]
            tags = "," + ",".join(dict.fromkeys(normalise_tag(t) for t in items)) + ","
            if tags != m["tags"]:
                changes["tags"] = tags
        if has_region and m["kind"] == "member" and m["region"]:
            region = code(m["region"], m["country"] or home.get(m["cluster"]))
            if region != m["region"]:
                changes["region"] = region
        if not changes:
            continue
        try:
            old = db_row_to_record(row)
            new = db_row_to_record(_Row({**m, **changes}))
        except ValueError:  # a row today's model refuses: left for `clex evidence validate`
            continue
        key = sa.and_(evidence.c.cluster == m["cluster"], evidence.c.id == m["id"])
        conn.execute(
            versions.insert().values(
                cluster=m["cluster"],
                id=m["id"],
                version=m["version"],
                content_sha256=m["content_sha256"],
                data=json.dumps(old.model_dump(mode="json"), ensure_ascii=False, default=str),
                replaced_at=at,
                import_id=None,
            )
        )
        conn.execute(
            evidence.update()
            .where(key)
            .values(
                **changes,
                version=m["version"] + 1,
                content_sha256=content_sha256(new),
                updated_at=at,
            )
        )


class _Row:
    """A row's mapping with some values changed, as `db_row_to_record` reads a row."""

    def __init__(self, mapping: dict[str, Any]) -> None:
        self._mapping = mapping


def downgrade() -> None:
    pass
