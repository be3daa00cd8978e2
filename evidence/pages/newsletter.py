"""A newsletter's issue line and its dated paragraphs: how an e-mail newsletter is read.

A newsletter saved as a page opens with its issue line ("NEWSLETTER | FEBRUARY 2025",
"La lettre du cluster – N° 47 – Octobre 2025", "Zpravodaj klastru | březen 2025"): the
month of the issue, no activity of its own, and the year of every date below it that
leaves its year out ("On 28 and 29 January ...", "jeudi 16 octobre à 11h"). Under it
the agenda is one block of short paragraphs, each an event whose date starts its line
("Le 6 novembre 2025 de 8h30 à 10h30, Toulouse") or closes it ("Session 3: Cyber
security for port operators – Thursday 6 March 2025, 10:00–11:00"); what `split` takes
for one item is then several events, and each such date line is one. Kept apart from
`itemdates`, which asks these questions, because they are about the shape of a
newsletter, not about one date's words.

A newsletter's archive (Mailchimp's, on the cluster's site) lists its issues one a line,
each led by the day it was sent: "15.12.2026. - Newsletter br. 24 – prosinac 2026",
"09/16/2025 - Nieuwsbrief september 2025". A list of events looks the same ("18.09.2025
| Netzwerktreffen"), so a list whose titles name issues (most of them: "Zomereditie"
names none) is an archive (`archive_spans`), its days publication dates, never events.
"""

from __future__ import annotations

import re

from .dates import DateSpan, find_dates
from .months import weekday_pattern

# The words that name a newsletter's issue, in the languages of cluster pages.
_ISSUE_WORDS = re.compile(
    r"\b(?:newsletter|e-?news|nyhetsbrev|nyhedsbrev|nieuwsbrief|rundbrief|infobrief"
    r"|lettre(?:\s+d['’]information)?|infolettre|bulletin|boletín|boletim|bollettino"
    r"|zpravodaj|spravodajca|newsletteru?|biuletyn|uutiskirje|hírlevél|bilten|glasilo"
    r"|buletin|informativo|билтен|n[°º]\s*\d+|nr\.?\s*\d+|issue\s+\d+|číslo\s+\d+"
    r"|broj\s+\d+|број\s+\d+|numer\s+\d+|numéro\s+\d+|número\s+\d+)\b",
    re.IGNORECASE,
)
MAX_ISSUE_CHARS = 120
MAX_DATE_LINE_CHARS = 240  # one event's line: its name, date, time and place
# Before a date that starts its line: a bullet, an emoji, a short word ("Le", "On",
# "Am", "Dne", "kdy:") and a weekday, at most.
_OPENING = re.compile(r"[\W\d_]*(?:[^\W\d_]{1,4}[\s:]+)?[\W_]*", re.UNICODE)
_WEEKDAY = weekday_pattern()
# After a date that closes its line: its time, place or a short note, no sentence.
_CLOSING = re.compile(r"[^.!?]{0,80}")


def issue_line(line: str, span: DateSpan) -> bool:
    """`span` is the issue's month or year on a newsletter's issue line: a short line
    with a newsletter word, no day."""
    line = line.strip()
    return (
        span.precision in ("month", "year")
        and len(line) <= MAX_ISSUE_CHARS
        and _ISSUE_WORDS.search(line) is not None
    )


def issue_at(text: str, span: DateSpan) -> bool:
    """`span` names the issue: on its own issue line, or alone on the line under the
    newsletter's name at the top of the page ("Pannon Klaszter – Hírlevél" over "2026.
    december")."""
    start, end = line_around(text, span.offset)
    if issue_line(text[start:end], span):
        return True
    alone = not text[start:end].replace(span.text, "").strip(" \t.,–—-|")
    if not alone or start == 0 or text[: start - 1].count("\n") > 2:
        return False
    above = text[line_around(text, start - 1)[0] : start - 1]
    return issue_line(f"{above} {span.text}", span)


def line_around(text: str, offset: int) -> tuple[int, int]:
    """Where the line holding `offset` starts and ends in `text`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def dated_line(text: str, span: DateSpan) -> bool:
    """`span` starts its line ("Le 6 novembre 2025 de 8h30 ...", "9–10 October 2025,
    Turku") or closes a short one ("Session 3: ... – Thursday 6 March 2025, 10:00"): the
    date of the event that line is."""
    start, end = line_around(text, span.offset)
    if end - start > MAX_DATE_LINE_CHARS:
        return False
    before = _WEEKDAY.sub("", text[start : span.offset])  # "jeudi 16 octobre à 11h"
    after = text[span.offset + len(span.text) : end]
    return _OPENING.fullmatch(before) is not None or (
        _CLOSING.fullmatch(after) is not None and len(before.split()) >= 2
    )


def paragraph_of(text: str, offset: int) -> int:
    """Where the paragraph (text between blank lines) holding `offset` starts: under an
    issue line, a dated line is its paragraph's event, and the other dates in that
    paragraph ("Call for speakers opens on 1 March") are the event's own timetable."""
    return max((m.end() for m in _BLANK_LINE.finditer(text, 0, offset)), default=0)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


# After a date that leads an archive's line: a dash or a bar, then the issue's title
# ("15.12.2026. - Newsletter br. 24", "05/06/2025 – Nieuwsbrief mei 2025").
_LEADS = re.compile(r"\.?[ \t]*[-–—|·][ \t]*(?=\S)")


def archive_spans(text: str) -> list[tuple[int, int]]:
    """The lines of a newsletter's archive: runs of two or more lines (blank lines
    between them aside), each led by a day and a dash before a title, most of whose
    titles name a newsletter issue. Their days are the issues' send dates."""
    runs: list[list[tuple[int, int, bool]]] = []
    for span in find_dates(text):
        start, end = line_around(text, span.offset)
        lead = _LEADS.match(text, span.offset + len(span.text), end)
        if span.precision != "day" or text[start : span.offset].strip() or lead is None:
            continue
        line = (start, end, _ISSUE_WORDS.search(text, lead.end(), end) is not None)
        if runs and not text[runs[-1][-1][1] : start].strip():
            if runs[-1][-1][0] != start:  # a line of two dates is one line
                runs[-1].append(line)
        else:
            runs.append([line])
    spans: list[tuple[int, int]] = []
    for run in runs:
        issues = sum(1 for *_, named in run if named)
        if len(run) >= 2 and issues >= 2 and 2 * issues >= len(run):
            spans += [(start, end) for start, end, _ in run]
    return spans
