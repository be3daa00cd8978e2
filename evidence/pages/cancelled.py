"""Events that did not happen on a date the page names: cancelled, or moved to another day.

Event calendars keep a cancelled event in the list and say so in its title or its date
line ("ZRUŠENO – Workshop ...", "ABGESAGT: Exkursion ...", "Study visit (cancelled)"),
and a postponed one keeps its old date beside the new ("The workshop planned for 12 March
has been postponed to 23 April 2025", "wird vom 12. März auf den 23. April verschoben").
An assessor counts what happened: a cancelled event is no record, a postponed one is a
record of its new date only. `roles` reads the words *before* a date ("originally
planned for", "verschoben vom"); this module reads what a date's words alone cannot:
the item's heading and the date's line, and a sentence that moves an event from one of
its dates to another.

A cancelled heading cancels the dates of its first paragraph: a newsletter goes on under
it with other events ("CANCELLED: Study visit ... / Unfortunately ... // Webinar series /
Session 3 – Thursday 6 March 2025"), which `split` may leave in the same item.

The cancel word must stand as a label, not in prose ("Why the 2024 fair was cancelled"
reports something that happened): at the start of the line before a separator, at its
end, in brackets, or in capitals.
"""

from __future__ import annotations

import bisect
import re

CANCELLED = "the date of a cancelled event"
MOVED = "a date the event was moved away from"

_CANCEL_WORDS = (
    r"cancell?ed|called\s+off|abgesagt|entfällt|fällt\s+aus|zrušen[oaáéý]?|annulée?s?"
    r"|annullat[oaie]|cancelad[oa]s?|suspendid[oa]s?|odwołan[aey]|geannuleerd|afgelast"
    r"|inställ[dt]|avlyst|aflyst|peruttu|peruutettu|elmarad(?:t|!)?|anulat[ăa]?|otkazan[oa]?"
    r"|odpovedan[oa]?|отменен[ао]?|отменя\s+се|ακυρώθηκε|ακυρώνεται|atcelts|atcelta"
    r"|atšaukta[s]?|tühistatud|cancelat[ăa]?"
)
_SEP = r"[\s]*[:–—\-|!/]"
_CANCEL_LABEL = re.compile(
    rf"^[\s\W]{{0,3}}(?i:{_CANCEL_WORDS})(?:{_SEP}|\s*$)"  # "CANCELLED: ...", "ZRUŠENO – ..."
    rf"|(?:[:–—\-|,]\s*|\s)(?i:{_CANCEL_WORDS})[\s!.]*$"  # "... – abgesagt", "... cancelled"
    rf"|[(\[]\s*(?i:{_CANCEL_WORDS})\s*[)\]]"  # "(cancelled)", "[ABGESAGT]"
)
_CANCEL_WORD = re.compile(rf"(?<!\w)(?i:{_CANCEL_WORDS})(?!\w)")
# The words that move an event: its sentence names the old date first, the new one last.
_POSTPONE = re.compile(
    r"(?i:\b(?:postponed|rescheduled|moved\s+to|verschoben|verlegt|aplazad[oa]|pospuest[oa]"
    r"|reportée?|rinviat[oa]|posticipat[oa]|přeložen\w*|odložen\w*|przełożon\w*|przeniesion\w*"
    r"|uitgesteld|verplaatst|flyttat|framflyttad|utsatt|siirretty|siirtyy|elhalaszt\w*"
    r"|amânat\w*|odgođen\w*|preložen\w*|prestavljen\w*|отложен\w*|одложен\w*|αναβάλλεται"
    r"|αναβλήθηκε|ertelendi|ertelen\w*"
    r"|pārcelt\w*)\b)"
)
# not a day's dot ("am 12. März"): a sentence ends after a word
_SENTENCE_END = re.compile(r"(?<![\d\s])[.!?](?=\s+[^\W\d_])|\n")


LABEL_LINE = 300  # characters: a longer line is prose, whatever words it holds


def cancelled_label(line: str) -> bool:
    """The heading or date line says the event is cancelled ("ZRUŠENO – Workshop"). A
    line longer than `LABEL_LINE` is prose, not a label (and a megabyte of one line,
    searched once for each of its dates, took minutes)."""
    line = line.strip()
    if len(line) > LABEL_LINE:
        return False
    if _CANCEL_LABEL.search(line):
        return True
    return any(len(m.group(0)) >= 4 and m.group(0).isupper() for m in _CANCEL_WORD.finditer(line))


def _line(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def status_roles(text: str, heading: str, dates: list[tuple[int, int]]) -> dict[int, str]:
    """The dates (by offset) of an item that are not an activity's day: every date of an
    item whose heading says it was cancelled, a date on a line that does, and in a
    sentence that postpones an event every date but its last (the new one)."""
    if heading and cancelled_label(heading):
        # the heading and its first paragraph: a newsletter goes on under it with other
        # events, each in a paragraph of its own
        after = text.find(heading) + len(heading)
        body = len(text[after:]) - len(text[after:].lstrip())
        gap = _PARAGRAPH_BREAK.search(text, after + body)
        return {at: CANCELLED for at, _ in dates if gap is None or at < gap.start()}
    roles = {at: CANCELLED for at, _ in dates if cancelled_label(_line(text, at))}
    cuts = [m.end() for m in _SENTENCE_END.finditer(text)]  # once: each date bisects them
    by_sentence: dict[int, list[int]] = {}
    for at, _ in sorted(dates):
        before = bisect.bisect_right(cuts, at)
        cut = cuts[before - 1] if before else 0
        by_sentence.setdefault(cut, []).append(at)
    for start, found in by_sentence.items():
        if len(found) < 2:
            continue
        ends = dict(dates)
        stop = _SENTENCE_END.search(text, ends[found[-1]])
        if _POSTPONE.search(text, start, stop.start() if stop else len(text)):
            roles.update({at: MOVED for at in found[:-1] if at not in roles})
    return roles
