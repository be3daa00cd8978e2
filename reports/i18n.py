"""Report language: gettext messages, Babel numbers and dates, Czech catalogue titles.

Why a module of its own: the PDF templates, the workbook and the charts must say the
same thing in the same language, so they all take one `Lang` object. Messages live in
`reports/locale/<lang>/LC_MESSAGES/clex.po`, the only copy in the repository; it is
compiled in memory when a report is written (babel.messages), so no binary `.mo` file
has to be kept in step with it. Numbers and dates go through Babel (`1 234,5`,
`15. ledna 2025`). Indicator, area and label titles come from the catalogue's own
`translations`, which the snapshot carries (`CatalogueInfo.translations`).
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path

from assessment.snapshot import Snapshot
from evidence.messages import Msg, quantity, render
from evidence.precision import DAY, day_text
from evidence.terms import word

LANGUAGES = ("en", "cs")
DOMAIN = "clex"
LOCALE_DIR = Path(__file__).with_name("locale")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled message catalogue of `lang` (English: the msgids themselves)."""
    return po_translations(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po", lang)


def po_translations(po: Path, lang: str) -> gettext.NullTranslations:
    """The `.po` file compiled in memory (English or no file: the msgids themselves). The
    web page's own catalogue (`web.i18n`) is compiled the same way."""
    if lang == "en" or not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@dataclass(frozen=True)
class CatalogueTitles:
    """Translated titles of one catalogue, keyed by id; empty when none are known."""

    catalogue: str = ""
    areas: dict[str, str] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)  # improvement topics (Silver)
    gold_threshold: float | None = None
    units: dict[str, str] = field(default_factory=dict)  # indicator id -> its unit words
    levels: dict[str, str] = field(default_factory=dict)  # English level description -> own


def catalogue_titles(snapshot: Snapshot, lang: str) -> CatalogueTitles:
    """Titles in `lang` and the Gold pass mark, as the snapshot carries them.

    The snapshot holds what the catalogue translates (`CatalogueInfo.translations`) and
    the Gold label's pass mark, so no catalogue file is read here; English titles are
    the snapshot's own.
    """
    info = snapshot.catalogue
    tr = (info.translations or {}).get(lang) if lang != "en" else None
    if tr is None:
        return CatalogueTitles(gold_threshold=info.gold_threshold)
    return CatalogueTitles(
        catalogue=tr.catalogue,
        areas=dict(tr.areas),
        indicators=dict(tr.indicators),
        labels=dict(tr.labels),
        topics=dict(tr.topics),
        gold_threshold=info.gold_threshold,
        units=dict(tr.units),
        levels=dict(tr.levels),
    )


def _together(words: str) -> str:
    """Words that stay on one line, keeping a space at either end breakable."""
    inner = words.strip().replace(" ", "\u00a0")
    if not inner:
        return words
    return (" " if words.startswith(" ") else "") + inner + (" " if words.endswith(" ") else "")


class Lang:
    """Messages, numbers and dates in one language; handed to templates and writers."""

    def __init__(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {code!r}")
        self.code = code
        self.translations = translations(code)
        self._kinds: dict[str, str] | None = None

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def n_(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def kind(self, kind: str) -> str:
        """An evidence kind's name in this language (an unknown kind as it is)."""
        if self._kinds is None:
            self._kinds = self.kind_names()
        return self._kinds.get(kind, kind)

    def kind_names(self) -> dict[str, str]:
        """Every evidence kind's name (`evidence.models.KINDS`) in this language."""
        _ = self._
        return {
            "member": _("member"),
            "event": _("event"),
            "project": _("project"),
            "document": _("document"),
            "communication": _("communication"),
            "presence": _("online presence"),
            "service": _("service"),
            "staff": _("staff"),
            "training": _("training"),
            "finance": _("finance"),
            "survey": _("survey"),
        }

    def status(self, status: str) -> str:
        """A record's review status in words ("ověřeno"), as the PDF and the workbook say it."""
        return self._(word(f"status:{status}"))  # the engine's own vocabulary (evidence.terms)

    def source(self, source: str) -> str:
        """Where a record came from, as the Evidence sheet gives it (`EvidenceRef.source`:
        "members.xlsx:Members:12", "news.html:offset 183"), a page's offset said in this
        language ("news.html:znak 183")."""
        at = self._("offset %(n)s")
        return re.sub(r":offset (\d+)$", lambda m: ":" + at % {"n": m.group(1)}, source)

    def field(self, name: str) -> str:
        """A record field's name in words ("datum zahájení" for `start`), as conditions say
        it; the record page shows the key beside it, for `clex evidence edit`."""
        return self._(word(f"field:{name}"))

    def choice(self, value: object) -> object:
        """A choice field's value in words ("zpráva o KPI" for `kpi_report`); a list of
        them joined; anything else as it is."""
        if isinstance(value, list | tuple):
            return ", ".join(str(self.choice(v)) for v in value)
        if not isinstance(value, str):
            return value
        return self._(word(f"choice:{value}"))

    def severity(self, severity: str) -> str:
        """A finding's severity in words: an "info" finding is a note."""
        _ = self._
        words = {"error": _("error"), "warning": _("warning"), "info": _("note")}
        return words.get(severity, severity)

    def method(self, method: str) -> str:
        """How an indicator gets its value: computed from records, or an assessor's judgement."""
        _ = self._
        words = {"metric": _("computed from records"), "judgement": _("assessor's judgement")}
        return words.get(method, method)

    def msg(self, message: Msg | str) -> str:
        """A message of the engine in this language (an older snapshot's text as it is)."""
        return render(message, self.translations, self.code, together=True)

    def value(
        self,
        value: float | None,
        unit: str = "",
        per_year: bool = False,
        words: str = "",
        digits: int = 2,
    ) -> str:
        """An indicator's value with its unit ("1 030 000 €", "73,9 %", "2 per year",
        "45,3 h na úvazek"), never split by a line break (no-break spaces).

        `words`: the unit words of a "words" unit, in this language (the catalogue's);
        `digits`: the result's (`IndicatorResult.digits`), so it never reads as a step
        it misses.
        """
        if value is None:
            return "–"
        tr, code = self.translations, self.code
        text = quantity(value, unit, tr, code, digits, words, together=True)
        if per_year:  # "10,2 %" and "za rok" may go to two lines, never "za / rok"
            before, _, after = self._("{value} per year").partition("{value}")
            text = _together(before) + text + _together(after)
        return text

    def num(self, value: float | None, digits: int = 2) -> str:
        """A plain number, up to `digits` decimals, grouped the local way; '–' for none."""
        if value is None:
            return "–"
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(round(value, digits), format=pattern, locale=self.code)

    def pct(self, value: float | None, digits: int = 1) -> str:
        """A score that already is a percentage (51.31 -> '51.3 %')."""
        if value is None:
            return "–"
        from babel.numbers import format_decimal

        text = format_decimal(round(value, digits), format="0." + "0" * digits, locale=self.code)
        return f"{text}\u00a0%"

    def delta(self, value: float | None, digits: int = 1, unit: str = "") -> str:
        """A signed change ('+9.7', '−2', '±0'); '–' when there is nothing to compare."""
        if value is None:
            return "–"
        rounded = round(value, digits)
        if rounded == 0:
            return "±0" + unit
        text = self.num(abs(rounded), digits)
        return ("+" if rounded > 0 else "\u2212") + text + unit

    def date(self, value: date | None, form: str = "medium", precision: str = DAY) -> str:
        """A day in the report's language ("12. 3. 2024"), or only its month ("červen
        2020") or year for a record dated only to them (`evidence.precision`)."""
        if value is None:
            return "–"
        return day_text(value, precision, self.code, form)
