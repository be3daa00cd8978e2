"""Checks across an import's rows and the store's records, once every row is planned:
one organisation on two member records at once, member names that look like one
organisation (`evidence.members`), staff records continuing one another without
`employed_since` (`evidence.staffspells`), services without an end, which are
standing services (`standing`), a stored standing service given an end (`end_given`),
communication records whose items span more than a month (`spread`), and members
without a type (`untyped`).

Why a module of its own: the import (`evidence.ingest`) plans and writes rows chunk by
chunk; these checks need every row of the import and the store's records of the kind
besides, so the import hands each planned record here and asks for the findings at the
end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from .findings import Finding, at_source
from .members import (
    MemberName,
    near_duplicate_message,
    near_duplicates,
    same_organisation,
    same_organisation_message,
)
from .messages import M, Mp, Msg, num
from .models import Communication, Member, Record, Service, Source, Staff, kind_fields
from .staffspells import Spell, continued, spell
from .store import Store

# (field, old, new) of an update, as `model_dump(mode="json")` gives them: defined here,
# below `evidence.changes`, which imports it (an edit asks `end_given` too)
Diff = tuple[str, Any, Any]


@dataclass
class Across:
    """The member and staff records of one import, gathered as they are planned."""

    members: list[tuple[MemberName, Source | None]] = field(default_factory=list)
    staff: list[Spell] = field(default_factory=list)
    standing: list[Service] = field(default_factory=list)  # new or changed, without an end
    untyped: list[tuple[Member, str]] = field(default_factory=list)  # (record, file:row)
    ended: list[Finding] = field(default_factory=list)  # standing services given an end
    spread: list[Communication] = field(default_factory=list)  # items over > a month

    def add(
        self, record: Record, row: str, *, changed: bool = True, diffs: Sequence[Diff] = ()
    ) -> None:
        """One planned record; `row` says where in its file it is ("4", "sheet:4");
        `changed`: the import creates or updates it (not a row imported before as it is);
        `diffs`: (field, old, new) of an update."""
        where = f"{record.source.file if record.source else ''}:{row}"
        if isinstance(record, Service) and record.end is None and changed:
            self.standing.append(record)
        if isinstance(record, Communication) and changed and over_a_month(record):
            self.spread.append(record)
        if (said := end_given(record, diffs)) is not None:
            warning = at_source(record.source, said, severity="warning", record_id=record.id)
            self.ended.append(warning)
        if isinstance(record, Member):
            if changed and "type" not in record.model_fields_set:
                file = PurePath(record.source.file).name if record.source else ""
                self.untyped.append((record, f"{file}:{row}"))
            name = MemberName(
                record.id, record.title, record.org_id, where, record.start, record.end
            )
            self.members.append((name, record.source))
        elif isinstance(record, Staff):
            self.staff.append(spell(record, where))

    def findings(
        self, store: Store, conn: Any, cluster: str, *, empty: bool, refused: bool = False
    ) -> list[Finding]:
        """The findings of every check (`empty`: the store holds no record of the
        cluster, so only the import's own rows are compared; `refused`: the rows hold
        errors, so nothing is stored, and what would be stored as what is not said yet)."""
        out = []
        if self.members:
            stored = [] if empty else store.member_names(conn, cluster)
            out += _member_findings(self.members, stored)
        if self.staff:
            rows = [] if empty else store.staff_spells(conn, cluster)
            held = [Spell(i, t, s, e, since, f"stored record {i}") for i, t, s, e, since in rows]
            out += continued(self.staff, held)
        if self.standing:
            out.append(standing(self.standing))
        if not refused:
            out += self.ended
        if self.spread:
            out.append(spread(self.spread))
        if self.untyped and not refused:
            out.append(untyped(self.untyped))
        return out


SHOWN = 5  # the records a note names (standing services, untyped members); others counted


def standing(services: list[Service]) -> Finding:
    """One warning for the services an import gives no end: each is read as a standing
    service (an information desk, matchmaking offered all year), offered from its start
    in every period until its end is given, and its `members_served` as the members it
    serves a year (`Service`). The template said "empty while it is offered" and the
    assessment read such a service as delivered on its start day alone, so five services
    offered for years counted in none of them; now a service meant as delivered once
    and entered without its end would count in every later year, and the import names
    them so that the manager can tell which is which. At the first of them; said only
    for records the import creates or changes, not on every re-import."""
    ids = [s.id for s in services[:SHOWN]]
    more = len(services) - len(ids)
    named = ", ".join(ids) + (f" (+{more})" if more else "")
    return at_source(
        services[0].source,
        Mp(
            "{n} service without an end is read as a standing service, offered from its "
            "start on: {ids}; it counts in every period until its end is given, and its "
            "members_served as the members it serves a year. A service delivered once, or "
            "over a set time, needs its end (a one-day service: its day again)",
            "{n} services without an end are read as standing services, offered from "
            "their start on: {ids}; they count in every period until their end is given, "
            "and their members_served as the members each serves a year. A service "
            "delivered once, or over a set time, needs its end (a one-day service: its "
            "day again)",
            n=len(services),
            ids=named,
        ),
        severity="warning",
        record_id=services[0].id,
    )


MONTH_DAYS = 31  # the longest month: a record over more days is over more than a month


def over_a_month(record: Communication) -> bool:
    """A record of several items whose span is longer than a month (`spread`)."""
    return (
        record.items > 1
        and record.end is not None
        and ((record.end - record.start).days + 1 > MONTH_DAYS)
    )


def spread(records: list[Communication]) -> Finding:
    """One warning for the communication records an import gives several items over
    more than a month. A record's items all count where it starts (`Communication` is
    counted where it starts, so a newsletter over New Year counts once): a yearly
    social-media report of 240 posts from 2024-07-01 to 2025-06-30 added all 240 to
    2024 and none to 2025, and the evidence text of C5 asks for one record per monthly
    report, dated on its month's last day. Not refused: a campaign of a few weeks over
    a month's end is a fair record, and which months the items fell in is the source's
    to tell. At the first of them; said only for records the import creates or changes."""
    ids = [r.id for r in records[:SHOWN]]
    more = len(records) - len(ids)
    return at_source(
        records[0].source,
        Mp(
            "{n} communication record stands for several items over more than a month: "
            "{ids}; all its items count where it starts, none in a later month or year. "
            "Enter one record per month, dated on the month's last day, with that month's "
            "items",
            "{n} communication records stand for several items over more than a month: "
            "{ids}; all the items of each count where it starts, none in a later month or "
            "year. Enter one record per month, dated on the month's last day, with that "
            "month's items",
            n=len(records),
            ids=", ".join(ids) + (f" (+{more})" if more else ""),
        ),
        severity="warning",
        record_id=records[0].id,
    )


def end_given(record: Record, diffs: Sequence[Diff]) -> Msg | None:
    """What to check when a stored service without an end is given one (an import's
    update, `clex evidence edit`), or None. Without an end its `members_served` was the
    members it serves a year, counted for each year it ran; with one it is the members
    served over its whole span in all (`Service`, `assessment.attribution`), so the end
    alone made every past year's V2 take the yearly number spread over the years: 20 a
    year since 2019, ended at 2025's end, read 20 over seven years, about 3 a year, and
    nothing was said. The warning gives the yearly reading and the total it now needs
    at that rate; the number is the manager's to give (members served in all, each
    once). Nothing when the service served no stated number before."""
    if not isinstance(record, Service) or record.end is None:
        return None
    changes = {name: (old, new) for name, old, new in diffs}
    if "end" not in changes or changes["end"][0] is not None:
        return None
    yearly = changes["members_served"][0] if "members_served" in changes else record.members_served
    if yearly is None:
        return None
    years = ((record.end - record.start).days + 1) / DAYS_A_YEAR
    return M(
        "{id}: the service is given an end ({end}). Without one its members_served "
        "({yearly}) was read as the members it serves a year; with it, members_served is "
        "the members served from {start} to {end} in all: at {yearly} a year, about "
        "{total}. It gives {given}: check it is that total (each member once)",
        id=record.id,
        start=record.start,
        end=record.end,
        yearly=num(yearly, digits=0),
        total=num(round(yearly * years), digits=0),
        given=num(record.members_served, digits=0) if record.members_served is not None else "-",
    )


DAYS_A_YEAR = 365.25


def untyped(members: list[tuple[Member, str]]) -> Finding:
    """One warning for the member rows an import gives no type (an empty cell, no
    column): each is stored as `other`, which is what it is until the manager says more
    (a participant, S1, but not a company for S2, nor in a helix for S4), and that is
    the conservative reading: a guess of `sme` could lift S2 over a step the cluster
    does not reach. Before, nothing was said, and S2 fell by the untyped members with no
    word. At the first of them; said only for records the import creates or changes,
    so an unchanged re-import says nothing; a row that gives `other` is not named."""
    shown = [f"{m.title} ({where})" for m, where in members[:SHOWN]]
    more = len(members) - len(shown)
    named = "; ".join(shown) + (f" (+{more})" if more else "")
    choices = [c for c in kind_fields("member")["type"].choices if c != "other"]
    return at_source(
        members[0][0].source,
        Mp(
            "{n} member without a type is stored as other: {rows}. It counts as a "
            "participant but not as a company (S2) nor in a helix (S4); give its type: "
            "{types} (other if none fits)",
            "{n} members without a type are stored as other: {rows}. They count as "
            "participants but not as companies (S2) nor in a helix (S4); give each its "
            "type: {types} (other if none fits)",
            n=len(members),
            rows=named,
            types=", ".join(choices),
        ),
        severity="warning",
        record_id=members[0][0].id,
    )


def _member_findings(
    new: list[tuple[MemberName, Source | None]], stored: list[MemberName]
) -> list[Finding]:
    """An error for each pair of member records with one org_id at once, and a warning
    for each pair that look like one organisation (the file's rows among themselves and
    against the store's members, `evidence.members`)."""
    sources = {m.id: source for m, source in new}
    # this import's own rows may already be written (chunks are applied as they come)
    others = [m for m in stored if m.id not in sources]
    out = []
    for a, b in same_organisation([m for m, _ in new], others):
        out.append(at_source(sources[a.id], same_organisation_message(a, b), record_id=a.id))
    for a, b, score in near_duplicates([m for m, _ in new], others):
        said = near_duplicate_message(a, b, score)
        out.append(at_source(sources[a.id], said, severity="warning", record_id=a.id))
    return out
