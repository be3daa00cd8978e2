"""A cell's date written as people write it: with a month's name, or only a month or year.

Why a module of its own: a Czech manager types "15. března 2019" or "leden 2025" into a
workbook's date column as she would into a letter, and a German one "3. März 2025". The
page importer reads those names in some forty languages (`evidence.pages.months`, from
dateparser's locale data, the cases it lacks added by rule); a cell reads them from that
same vocabulary, never a second list. What a cell adds is the precision the writer
gave: "15. března 2019" is a day, "leden 2025" (and "2025-01", "1/2025") a month, "2019"
a year. A month or year becomes the record's `date_precision` (`evidence.precision`):
its start the unit's first day, its end the unit's last, so no day is invented.

A name that means different months in different languages (Czech "listopad" is
November, Croatian October) is settled by the workbook's languages (`FileLanguages`):
those of the cluster's country (a Czech cluster's "listopad 2025" is November, a
Croatian cluster's October), else those of the file's other month names (a file that
writes "března" is Czech). Only when neither settles it is it refused, as is a word no
language uses for a month, with what to write instead. So is a month alone in a field
that needs the day (a document's `approved_on`, a finance's `secured_until`): only
`start` and `end` have a precision.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from .messages import M, Msg
from .precision import DAY, unit_end, unit_start

_WORD = r"([^\W\d_]+)\.?"
_DAY_FIRST = re.compile(rf"^(\d{{1,2}})\.?\s*{_WORD},?\s+(\d{{4}})$")  # 15. března 2019
# March 15, 2019
_MONTH_FIRST = re.compile(rf"^{_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$")
_MONTH_NAME = re.compile(rf"^{_WORD},?\s+(\d{{4}})$")  # leden 2025, März 2025
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")  # 2025-01
_SLASH_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")  # 1/2025
_YEAR = re.compile(r"^(\d{4})$")  # 2019
_DATED = ("start", "end")  # the fields a record's `date_precision` speaks of
WRITE = "write 2024-03-31 or 31.3.2024"


@dataclass(frozen=True, slots=True)
class UnitDate:
    """A date cell that names a whole month or year: its first day and its unit."""

    day: date
    precision: str  # "month" or "year"
    text: str  # as written, for a message


class _Refused(Exception):
    """Why a cell that looks like a date in words is none (its message)."""


def read_words(text: str, languages: Collection[str] = ()) -> date | UnitDate | Msg | None:
    """The day, month or year `text` names with a month's name, or as "2025-01", "1/2025"
    or "2019"; None when it is none of these (the caller says what to write); a message
    when it names a month that means different months in different languages and
    `languages` (the workbook's) do not settle it, or no real day."""
    try:
        return _read(text, languages)
    except _Refused as exc:
        return exc.args[0]


def month_word(text: str) -> str | None:
    """The month's name a date cell is written with ("listopad" of "listopad 2025")."""
    for pattern, group in ((_DAY_FIRST, 2), (_MONTH_FIRST, 1), (_MONTH_NAME, 1)):
        if m := pattern.match(text.strip()):
            return m[group].lower()
    return None


@lru_cache(maxsize=64)
def country_languages(country: str | None) -> frozenset[str]:
    """The official languages of a country (ISO 3166 alpha-2; babel's data): CZ cs, HR hr,
    BE nl, fr, de."""
    if not country:
        return frozenset()
    from babel.languages import get_official_languages

    return frozenset(get_official_languages(country.upper()))


@dataclass
class FileLanguages:
    """The languages that settle a month's name of one file: the cluster's country's
    (`home`), then those of the file's other month names, each of one meaning (`seen`,
    gathered by `see` before the file's doubtful cells are read)."""

    home: frozenset[str] = frozenset()
    seen: set[str] = field(default_factory=set)

    def see(self, values: Iterable[Any]) -> None:
        """Take the languages of the month names among `values` that name one month."""
        from .pages.months import month_meanings

        for value in values:
            word = month_word(value) if isinstance(value, str) else None
            meanings = month_meanings(word) if word else {}
            if meanings and len(set(meanings.values())) == 1:
                self.seen.update(meanings)

    def doubtful(self, values: Iterable[Any]) -> bool:
        """Whether any of `values` is a month's name that the cluster's country does not
        settle: its row waits until the file's other month names are seen."""
        return any(
            isinstance(v, str) and _settled(month_word(v), self.home) is False for v in values
        )

    def read(self, text: str) -> date | UnitDate | Msg | None:
        """`read_words` settled by the country's languages, else by the file's."""
        word = month_word(text)
        for languages in (self.home, frozenset(self.seen)):
            if word is not None and _settled(word, languages):
                return read_words(text, languages)
        return read_words(text)


def _settled(word: str | None, languages: Collection[str]) -> bool | None:
    """None: `word` is no month's name of several meanings; else whether `languages`
    give it one meaning."""
    from .pages.months import month_meanings

    meanings = month_meanings(word) if word else {}
    if len(set(meanings.values())) < 2:
        return None
    return len({m for lang, m in meanings.items() if lang in languages}) == 1


def _read(text: str, languages: Collection[str] = ()) -> date | UnitDate | None:
    if m := _DAY_FIRST.match(text):
        return _day(text, int(m[3]), _month(text, m[2], languages), int(m[1]))
    if m := _MONTH_FIRST.match(text):
        from .pages.months import english_forms  # only English puts the month first

        if m[1].lower() in english_forms():
            return _day(text, int(m[3]), _month(text, m[1], languages), int(m[2]))
        return None
    if m := _MONTH_NAME.match(text):
        month = _month(text, m[1], languages)
        return None if month is None else _unit(text, int(m[2]), month, "month")
    if m := _ISO_MONTH.match(text):
        return _unit(text, int(m[1]), int(m[2]), "month")
    if m := _SLASH_MONTH.match(text):
        return _unit(text, int(m[2]), int(m[1]), "month")
    if m := _YEAR.match(text):
        return _unit(text, int(m[1]), 1, "year")
    return None


def _month(text: str, word: str, languages: Collection[str] = ()) -> int | None:
    from .pages.months import month_meanings  # dateparser's data: only when a name is read

    meanings = month_meanings(word.lower())
    named = {m for lang, m in meanings.items() if lang in languages} or set(meanings.values())
    if len(named) > 1:
        raise _Refused(
            M(
                "{value} is not a date: {word} names different months in different languages, "
                "and neither the cluster's country nor the file's other month names settle "
                "which; write 2024-03-31 or 31.3.2024",
                value=repr(text[:40]),
                word=repr(word),
            )
        )
    return next(iter(named), None)


def _day(text: str, year: int, month: int | None, day: int) -> date | None:
    if month is None:
        return None
    return _real(text, year, month, day)


def _unit(text: str, year: int, month: int, precision: str) -> UnitDate:
    return UnitDate(_real(text, year, month, 1), precision, text)


def _real(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _Refused(M("{value} is not a real date (no such day)", value=repr(text))) from None


def day_needed(unit: UnitDate) -> Msg:
    """A whole month or year where the field needs a day."""
    return M(
        "{value} gives only the month or year; this field needs the day: "
        "write 2024-03-31 or 31.3.2024",
        value=repr(unit.text[:40]),
    )


def settle_units(values: dict[str, Any]) -> list[tuple[str, Msg]]:
    """Turn the row's whole months and years into dates and its `date_precision`:
    `start` the unit's first day, `end` its last. (field, message) for a unit in a field
    without a precision, or one at odds with the row's `date_precision` or with the
    other end's unit; those fields are left out of `values`."""
    problems: list[tuple[str, Msg]] = []
    given = values.get("date_precision")
    for fname in list(values):
        unit = values[fname]
        if not isinstance(unit, UnitDate):
            continue
        if fname not in _DATED:
            problems.append((fname, day_needed(unit)))
            del values[fname]
            continue
        settled = given or unit.precision
        if unit.precision != settled:
            problems.append((fname, _other_precision(unit, settled)))
            del values[fname]
            continue
        given = values["date_precision"] = settled
        edge = unit_start if fname == "start" else unit_end
        values[fname] = edge(unit.day, settled)
    return problems


def _other_precision(unit: UnitDate, given: str) -> Msg:
    if given == DAY:
        return M(
            "{value} gives only the month or year, but the row's date_precision is day: "
            "leave date_precision empty, or write the day",
            value=repr(unit.text[:40]),
        )
    return M(
        "{value} is dated to the {unit}, but the row's dates are to the {given}: write "
        "both ends alike, and date_precision empty or {given}",
        value=repr(unit.text[:40]),
        unit=unit.precision,
        given=given,
    )
