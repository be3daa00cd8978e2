"""The workbook's Benchmark sheet: the peers' spread of each value, filterable by group.

Why a module of its own: the sheet says what the PDF's peers page says (reports/peers.py
works it out once), and changes with it, not with the other sheets. Values stay numbers
in their unit (a per cent as 73.9 with a `0.0 %` display, euros with `€`, a count as
it is) and a Unit column names the unit, so a manager can filter and re-check them;
where fewer than five peers have a value there is no row at all, only the sentence.
"""

from __future__ import annotations

from typing import Any

from .excel_styles import NUMBER, PERCENT
from .i18n import Lang
from .peers import PeerLine, PeerView
from .sheetwriter import Col, Sheet, cell_range

EUR = '#,##0" €"'


def unit_text(lang: Lang, unit: str, per_year: bool = False, words: str = "") -> str:
    """A value's unit in words, as a Unit column shows it ("%", "€ per year", "count",
    "yes or no", "h per FTE a year"): never empty, a count says "count"."""
    _ = lang._
    names = {
        "percent": "%",
        "eur": "€",
        "years": _("years"),
        "hours": _("hours"),
        "fte": _("FTE"),
        "points": _("points"),
        "days": _("days"),
        "count": _("count"),
        "yes_no": _("yes or no"),
        "words": words,
    }
    word = names.get(unit, "")
    if per_year:
        return _("{unit} per year").format(unit=word).strip()
    return word


def unit_word(line: PeerLine, lang: Lang, words: str = "") -> str:
    """The unit of a row's values, in words ("%", "€", "years", "per year")."""
    return unit_text(lang, line.row.unit, line.row.per_year, words)


def value_format(unit: str, lang: Lang, digits: int = 2, value: float | None = None) -> str:
    """How a value shows in its cell: the number stays, the format adds the unit where a
    symbol says it in every language; a yes-or-no shows as the word. `digits` beyond 2
    (`IndicatorResult.digits`) add the decimals that keep a value from reading as a
    threshold it misses, as the PDF shows it; money under €100 with cents (`value`)
    shows them, as the PDF does (€49.60 read "50 €" beside "at least €50")."""
    if unit == "yes_no":
        yes, no = lang._("yes"), lang._("no")
        return f'"{yes}";"{yes}";"{no}"'
    if unit == "count":
        return "General"
    extra = max(0, digits - 2)
    if unit == "percent":
        return PERCENT.replace("0.0", "0.0" + "0" * extra)
    if unit == "eur":
        cents = value is not None and abs(value) < 100 and abs(value - round(value)) >= 0.005
        places = 2 + max(0, extra - 2) if extra or cents else 0
        return EUR.replace("#,##0", "#,##0." + "0" * places) if places else EUR
    return NUMBER + "#" * extra


def benchmark_sheet(sh: Sheet, peers: PeerView, lang: Lang) -> None:
    """One row per group and value shown (all peers, then the same sector and country
    when large enough), then the basis and why anything is not shown."""
    _ = lang._
    levels = {"overall": _("Overall"), "area": _("Area"), "indicator": _("Indicator")}
    names = {"all": _("All peers"), "sector": _("Same sector"), "country": _("Same country")}
    if not peers.tables:  # fewer than five peers: no table, no number
        sh.widths([110])
        for text in (peers.basis, peers.too_few, *peers.groups, *peers.notes):
            sh.append([text])
        return
    cols = [
        Col(_("Group"), 16),
        Col(_("Level"), 11),
        Col(_("ID"), 9),
        Col(_("Title"), 44, wrap=True),
        Col(_("Unit"), 10),
        Col("n", 5, "General"),
        Col(_("This cluster"), 13),
        Col(_("Lowest"), 12),
        Col(_("Q1"), 12),
        Col(_("Median"), 12),
        Col(_("Q3"), 12),
        Col(_("Highest"), 12),
        Col(_("Position"), 30, wrap=True),
        Col(_("Note"), 18),
    ]
    sh.freeze("A2")
    head = sh.header(cols)

    def values(line: PeerLine) -> list[Any]:
        r = line.row
        return [
            sh.cell(v, fmt=value_format(r.unit, lang, value=v))
            for v in (r.own, r.low, r.q1, r.median, r.q3, r.high)
        ]

    _first, last = sh.rows(
        cols,
        (
            [
                names[t.group.id],
                levels.get(line.row.level, line.row.level),
                line.row.id,
                line.title,
                unit_word(line, lang, peers.units.get(line.row.id, line.row.unit_words)),
                line.row.n,
                *values(line),
                line.position,
                line.note,
            ]
            for t in peers.tables
            for line in (*t.scores, *t.values)
        ),
    )
    sh.blank()
    sh.append([peers.basis])
    for t in peers.tables:
        for text in (t.summary, t.hidden):
            if text:
                sh.append([f"{t.title}. {text}"])
    # a group with its table has said its summary above: only why the others show none
    shown = {t.group.id for t in peers.tables}
    said = [
        s for g, s in zip(peers.result.groups[1:], peers.groups, strict=True) if g.id not in shown
    ]
    for text in (*said, *peers.notes):
        sh.append([text])
    sh.ws.auto_filter.ref = cell_range(1, head, len(cols), max(last, head))
