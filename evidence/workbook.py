"""The evidence workbook: the blank template a manager fills in, and the export an auditor
reviews. Both have one sheet per evidence kind with the same columns, so an exported
workbook can be imported again (the review columns are then read as reviews).

Text from evidence is never written as a formula: cells starting with = + - @ are
stored as text with Excel's quote prefix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .models import KINDS, REVIEW_STATUSES, FieldInfo, Record, kind_fields
from .outfile import closing_zip, output_file, zip_problem
from .template_notes import PICK, column_note
from .terms import N_

KIND_HELP = {
    "member": N_("Cluster participants: companies, research, universities, public bodies."),
    "event": N_("Events the cluster organised or took part in: fairs, workshops, board meetings."),
    "project": N_("Projects with partners, funders and budgets."),
    "document": N_("Statutes, strategy, action plan, KPI reports, minutes, success stories."),
    "communication": N_("Newsletters, press releases, media mentions, web news and social posts."),
    "presence": N_(
        "The cluster's own website, ECCP profile and social accounts: since when, "
        "in which languages."
    ),
    "service": N_("Services delivered to members: matchmaking, training, internationalisation."),
    "staff": N_("The cluster management team, with FTE."),
    "training": N_("Training the management team took: date, hours, person."),
    "finance": N_(
        "Income by source; start..end is the span the amount covers (a financial "
        "year, or a multi-year grant entered once); how far ahead funding is secured."
    ),
    "survey": N_("Member satisfaction surveys and their results."),
}
# The instructions sheet's paragraphs (msgids: `write_template(..., translate=...)`).
INSTRUCTIONS = (
    N_(
        "One sheet per kind of evidence, one row per item. Leave the id empty for a new "
        "item: clex derives a stable one. Hover over a column's header to read what it asks "
        "for."
    ),
    N_(
        "Dates: a date cell, 2024-03-31 or 31.3.2024. Yes/no columns: yes or no. The "
        "dropdowns list the allowed words; keep them as they are written, as clex reads them."
    ),
    N_(
        "Merged cells: a value merged down over rows of one column is read in each of those "
        "rows (the import notes it). Do not merge header cells, nor a value across two "
        "fields' columns: such cells are refused; unmerge them."
    ),
    N_(
        "Import with: clex import THIS_FILE.xlsx --cluster YOUR-SLUG (add --dry-run to check "
        "first). Nothing is stored while any cell has a problem; every problem is listed "
        "with its sheet, row and column."
    ),
)
HEADER_LABELS = {
    ("member", "start"): "joined",
    ("member", "end"): "left",
    ("staff", "start"): "employed_from",
    ("staff", "end"): "employed_until",
}
EXPORT_COLUMNS = ("status", "reviewer", "review_note", "digest", "last_review")
_SHOWN = {"month": "yyyy-mm", "year": "yyyy"}  # a record's dates of `date_precision`
DATA_ROWS = 1000
_HEADER_FILL = "FF1F4E79"
_EXAMPLES: dict[str, dict[str, Any]] = {
    "member": {
        "title": "Nanofibre Tech s.r.o.",
        "start": date(2018, 3, 1),
        "type": "sme",
        "country": "CZ",
        "region": "Liberec",
        "committed": "yes",
        "fee_paying": "yes",
        "org_id": "CZ25412345",
    },
    "event": {
        "title": "Cluster day 2024",
        "start": date(2024, 5, 14),
        "role": "organiser",
        "format": "conference",
        "city": "Liberec",
        "country": "CZ",
        "participants": 85,
        "members_involved": 24,
        "audience": "members",
    },
    "project": {
        "title": "Nanofibres for filtration",
        "acronym": "NANOFIL",
        "start": date(2023, 1, 1),
        "end": date(2025, 12, 31),
        "role": "lead",
        "funder": "TA CR",
        "budget_eur": 450000,
        "partner_countries": "CZ, DE",
        "member_participants": 4,
        "project_status": "running",
        "tags": "green",
    },
    "document": {
        "title": "Cluster strategy 2024-2028",
        "start": date(2024, 2, 20),
        "doc_type": "strategy",
        "approved_by": "General assembly",
        "approved_on": date(2024, 2, 20),
        "attachment": "docs/strategy-2024.pdf",
    },
    "staff": {
        "title": "Cluster manager",
        "start": date(2019, 1, 1),
        "role": "manager",
        "fte": 1.0,
    },
    "training": {
        "title": "Cluster management course, module 1",
        "start": date(2024, 4, 9),
        "hours": 16,
        "person": "Cluster manager",
    },
    "presence": {
        "title": "Cluster website",
        "start": date(2015, 6, 1),
        "platform": "website",
        "url": "https://www.example-cluster.eu",
        "languages": "en, cs",
    },
    "finance": {
        "title": "Membership fees 2024",
        "start": date(2024, 1, 1),
        "end": date(2024, 12, 31),
        "year": 2024,
        "source_type": "membership_fees",
        "amount_eur": 38000,
        "secured_until": date(2025, 12, 31),
    },
}


def header_label(kind: str, field: str) -> str:
    return HEADER_LABELS.get((kind, field), field)


def template_fields(kind: str) -> list[FieldInfo]:
    return [f for name, f in kind_fields(kind).items() if name != "status"]


def safe_text(value: Any) -> Any:
    """Dates stay dates, numbers stay numbers; text never becomes a formula, and a control
    character a worksheet cannot hold (an escape sequence in a review note) is written as
    U+FFFD, as the reports' workbooks write it, instead of stopping the export."""
    if isinstance(value, tuple):
        value = ", ".join(value)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # loaded already: we write

        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _is_risky(value: Any) -> bool:
    return isinstance(value, str) and value[:1] in ("=", "+", "-", "@")


def write_template(path: Path, *, translate: Callable[[str], str] | None = None) -> None:
    """A blank workbook a manager can fill in without a manual.

    `translate` (a gettext function, e.g. Czech from the reports' catalogue) gives the
    notes, the instructions and the sheet help in the reader's language; sheet names,
    column headers and the words of the dropdowns stay as an import reads them."""
    from openpyxl import Workbook

    wb = Workbook()
    _instructions(wb.active, translate=translate)
    for kind in KINDS:
        ws = wb.create_sheet(kind)
        _kind_sheet(ws, kind, template_fields(kind), [], review_columns=False, translate=translate)
    _examples(wb.create_sheet("examples"), translate=translate)
    _save(wb, path)


EXPORTED = "exported"  # the instructions sheet's row with the time of the export


def write_export(
    path: Path,
    records_by_kind: Mapping[str, Sequence[Record]],
    reviews: dict[str, tuple[str, str]],
    exported_at: datetime | None = None,
) -> None:
    """Every record in the template's layout plus the review columns.

    `reviews` maps record id -> (its digest, the last review as text): the digest
    (`evidence.review_import.export_digest`, of the content and status as exported) is
    what a review import compares with the store to find the rows changed since.
    `reviewer` and `review_note` are left blank for the auditor to fill in.
    `exported_at` is written below the instructions (`exported_at_of` reads it back).
    """
    from openpyxl import Workbook

    wb = Workbook()
    _instructions(wb.active, export=True)
    if exported_at is not None:
        ws: Any = wb.active
        row = ws.max_row + 2
        ws.cell(row=row, column=1, value=EXPORTED)
        ws.cell(row=row, column=2, value=exported_at.isoformat())
    for kind in KINDS:
        ws = wb.create_sheet(kind)
        rows = []
        for rec in records_by_kind.get(kind, []):
            digest, last = reviews.get(rec.id, ("", ""))
            rows.append(
                {**rec.model_dump(), "status": rec.status, "digest": digest, "last_review": last}
            )
        _kind_sheet(ws, kind, template_fields(kind), rows, review_columns=True)
    _save(wb, path)


def _save(wb: Any, path: Path) -> None:
    """What `wb.save(path)` does, whole and checked or not at all (`evidence.outfile`)."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    wb.properties.modified = datetime.now(UTC).replace(tzinfo=None)
    with (
        output_file(path, check=zip_problem) as tmp,
        closing_zip(zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True)) as zf,
    ):
        ExcelWriter(wb, zf).write_data()


def exported_at_of(path: Path) -> datetime | None:
    """When the export `path` was written (None: not written down, or not a time)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        if "instructions" not in wb.sheetnames:
            return None
        for a, b, *_ in wb["instructions"].iter_rows(max_col=2, values_only=True):
            if a == EXPORTED:
                try:
                    return datetime.fromisoformat(str(b))
                except ValueError:
                    return None
        return None
    finally:
        wb.close()


def _kind_sheet(
    ws: Any,
    kind: str,
    fields: list[FieldInfo],
    rows: Iterable[dict[str, Any]],
    *,
    review_columns: bool,
    translate: Callable[[str], str] | None = None,
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns: list[tuple[str, FieldInfo | None]] = [(f.name, f) for f in fields]
    if review_columns:
        columns += [(c, None) for c in EXPORT_COLUMNS]
    bold = Font(bold=True, color="FFFFFFFF")
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    last_row = DATA_ROWS + 1
    for col, (name, info) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=header_label(kind, name))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center")
        letter = get_column_letter(col)
        note = _column_note(kind, name, info, translate)
        cell.comment = Comment(note, "clex", width=320, height=140)
        ws.column_dimensions[letter].width = (
            max(12, min(40, len(name) + 6)) if name != "title" else 42
        )
        choices = _choices(name, info)
        if choices:
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f"{name}",
                error=(translate or str)(PICK).format(choices=", ".join(choices)),
            )
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(dv)
        if info is not None and info.type == "date" and not review_columns:
            # blank template rows get the date format up front; exported rows get it per cell
            for r in range(2, last_row + 1):
                ws.cell(row=r, column=col).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "B2"
    for r, row in enumerate(rows, start=2):
        for col, (name, info) in enumerate(columns, start=1):
            value = row.get(name)
            if info is not None and info.type == "bool" and value is not None:
                value = "yes" if value else "no"
            cell = ws.cell(row=r, column=col, value=safe_text(value))
            if _is_risky(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
            if info is not None and info.type == "date" and value is not None:
                # a date known only to its month (year) shows as 2020-06 (2020); the cell
                # keeps the day, so the row reads back as it was written
                dated = row.get("date_precision") if name in ("start", "end") else None
                cell.number_format = _SHOWN.get(str(dated), "yyyy-mm-dd")


def _choices(name: str, info: FieldInfo | None) -> tuple[str, ...]:
    if name == "status":
        return REVIEW_STATUSES
    if info is None:
        return ()
    if info.type == "choice":
        return info.choices
    if info.type == "bool":
        return ("yes", "no")
    return ()


def _column_note(
    kind: str, name: str, info: FieldInfo | None, translate: Callable[[str], str] | None = None
) -> str:
    if info is None:
        return {
            "status": "Review status: "
            + ", ".join(REVIEW_STATUSES)
            + ". Change it to record a review "
            "(import with --reviewer NAME).",
            "reviewer": "Who reviewed (filled on import from --reviewer when empty).",
            "review_note": "Why: what is missing or what was checked.",
            "digest": "A fingerprint of the record as exported. Do not edit: the import "
            "compares it with the store to find records changed since.",
            "last_review": "The latest review in the store when exported (not imported).",
        }[name]
    return column_note(kind, name, info, translate)


def _instructions(
    ws: Any, *, export: bool = False, translate: Callable[[str], str] | None = None
) -> None:
    from openpyxl.styles import Alignment, Font

    _ = translate or str
    ws.title = "instructions"
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100
    lines: list[tuple[str, str]] = [
        (_(N_("clex evidence workbook")), ""),
        *(("", _(paragraph)) for paragraph in INSTRUCTIONS),
    ]
    if export:
        lines.append(
            (
                "",
                "Auditors: change `status` (verified, rejected, needs_info) and write "
                "a `review_note`, then: clex import THIS_FILE.xlsx --cluster SLUG "
                "--reviewer NAME. Only status and notes are read: other cells must stay as "
                "exported. Do not edit `digest`: a row whose record changed after the export "
                "is refused as a conflict (--skip-conflicts applies the others; clex evidence "
                "export NEW.xlsx --changed-since THIS_FILE.xlsx gives those rows again).",
            )
        )
    lines.append(("", ""))
    lines.append((_(N_("sheet")), _(N_("what goes in it"))))
    lines += [(kind, _(KIND_HELP[kind])) for kind in KINDS]
    lines.append(("examples", _(N_("Example rows (this sheet is not imported)."))))
    for r, (a, b) in enumerate(lines, start=1):
        ws.cell(row=r, column=1, value=a)
        ws.cell(row=r, column=2, value=b).alignment = Alignment(wrap_text=True)
    ws["A1"].font = Font(bold=True, size=14)
    header = len(lines) - len(KINDS) - 1
    ws.cell(row=header, column=1).font = Font(bold=True)
    ws.cell(row=header, column=2).font = Font(bold=True)


def _examples(ws: Any, *, translate: Callable[[str], str] | None = None) -> None:
    from openpyxl.styles import Font

    sheet = (translate or str)(N_("sheet"))
    r = 1
    for kind, example in _EXAMPLES.items():
        ws.cell(row=r, column=1, value=f"{sheet} {kind}").font = Font(bold=True)
        r += 1
        for c, name in enumerate(example, start=1):
            ws.cell(row=r, column=c, value=header_label(kind, name)).font = Font(italic=True)
            cell = ws.cell(row=r + 1, column=c, value=example[name])
            if isinstance(example[name], date):
                cell.number_format = "yyyy-mm-dd"
        r += 3
    for col in "ABCDEFGHIJKL":
        ws.column_dimensions[col].width = 20
