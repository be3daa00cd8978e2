"""A table's column of posting dates: the day each row was put on the board, never its event.

A board of events (a Korean "행사안내" list, a chamber's table of seminars) has a column
for the event's date and often one for the day the row was posted: "번호 | 제목 |
행사기간 | 장소 | 상태 | 등록일" ("no. | title | event period | place | status | posted").
Read row by row, the posting date is one more date of the row, and as the row's last
date it may pass for the event's end or become an event of its own. The header says
which column it is: `posted_columns` finds a header row (cells separated by bars, as
`html` writes a table, no date in it) with a cell that names a posting, creation or
publication date, and returns where the dates of that column's cells are in the rows
under it (rows with as many cells as the header), so that the importer blanks them as it
blanks a by-line. A column headed by an event's own date ("Date", "행사기간") is not one.
"""

from __future__ import annotations

import re

from .dates import find_dates

# A header naming when a row was posted, created or published, in the languages of
# cluster pages and of the boards Asian sites draw: "등록일" (registered), "작성일"
# (written), "게시일" (posted), "登録日", "掲載日", "公告日期", "發布日期".
_POSTED_HEADER = re.compile(
    r"(?i:(?:date\s+)?(?:posted|published|added|created)(?:\s+(?:on|date))?|publication\s+date"
    r"|veröffentlicht(?:\s+am)?|erstellt(?:\s+am)?|datum\s+(?:zveřejnění|publikace|objave)"
    r"|zveřejněno|publikováno|dátum\s+zverejnenia|data\s+(?:publikacji|dodania|publicação)"
    r"|date\s+de\s+publication|publié\s+le|fecha\s+de\s+publicación|publicado"
    r"|data\s+(?:di\s+)?pubblicazione|gepubliceerd(?:\s+op)?|publicerad|julkaistu"
    r"|등록일(?:자)?|작성일(?:자)?|게시일(?:자)?|登録日|掲載日|更新日|公告日期|發布日期|发布日期"
    r"|發佈日期|תאריך\s+פרסום|تاريخ\s+النشر)"
)
_MAX_ROWS = 500


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def posted_columns(text: str) -> list[tuple[int, int]]:
    """Where the dates of every posting-date column are in `text` (start, end)."""
    found: list[tuple[int, int]] = []
    column: int | None = None
    width = 0
    at = 0
    for line in text.splitlines(keepends=True):
        start, at = at, at + len(line)
        if "|" not in line:
            column = None
            continue
        cells = _cells(line)
        if column is not None and len(cells) == width:
            found += _column_dates(line, start, column)
            continue
        column = None
        if len(cells) >= 3 and not find_dates(line):
            heads = [i for i, cell in enumerate(cells) if _POSTED_HEADER.fullmatch(cell)]
            column, width = (heads[0], len(cells)) if len(heads) == 1 else (None, 0)
        if len(found) > _MAX_ROWS:
            break
    return found


def _column_dates(line: str, start: int, column: int) -> list[tuple[int, int]]:
    """The dates in cell `column` of a row (offsets in the page)."""
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    lead = line.strip()[:1] == "|"
    edges = [-1, *bars, len(line)] if not lead else [*bars, len(line)]
    if column + 1 >= len(edges):
        return []
    a, b = edges[column] + 1, edges[column + 1]
    return [
        (start + a + s.offset, start + a + s.offset + len(s.text)) for s in find_dates(line[a:b])
    ]
