"""Sentences as message ids with parameters, so that a snapshot can be read in any language.

Why: a snapshot is read in English by an auditor and in Czech by a board. Had the engine
written finished English sentences, a report could only quote them in English (and did:
"overall 45.6 % is below 80 %" next to Czech figures). So every sentence the engine hands
a reader is a `Msg`: its English text with `{name}` placeholders, which is the gettext
msgid (`pybabel extract -k M -k Mp:1,2` finds it), and typed arguments. A report renders
it in its language (`render`: gettext for the words, Babel for numbers, money and dates);
the command line prints English (`str(msg)`).

Arguments are typed so that no field name, operator or `$variable` reaches a reader:
- a number with its unit (`num(45.6, "percent")`, `num(1030000, "eur")`): formatted the
  local way with the unit ("1 030 000 €", "45,6 %", "16,6 let");
- a day (`day`);
- a term (`term("member")`, `term("fee_paying")`): a word of the fixed vocabulary (kinds,
  fields, choice values; `evidence.terms`), shown in the reader's language;
- the user's own text (a title, an id, a file name): shown as it is;
- another message, or a list of them joined by "and", "or" or commas.

In JSON a message is `{"id": "...", "args": {"n": {"num": 3}}}` (parts left at their
defaults are not written), so a snapshot stays readable and a report written by a later
clex can still render an older snapshot's messages.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_serializer, model_validator

from .precision import DAY, day_text
from .terms import N_, word

Unit = Literal[
    "", "count", "percent", "eur", "years", "hours", "fte", "points", "days", "words", "yes_no"
]
# "words": the number followed by the catalogue's own unit words (`Indicator.unit_words`:
# "hours per FTE a year", "of 100"), carried in `Arg.words`, translated by the catalogue;
# "yes_no": something exists or not (1 or more reads "yes", 0 "no").
Join = Literal["and", "or", "list", "semicolons"]

ENGLISH = gettext.NullTranslations()


class Arg(BaseModel):
    """One argument of a message: exactly one of its value parts is set."""

    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_inf_nan="constants")

    num: float | None = None
    unit: Unit = ""
    digits: int = 2  # at most this many decimals (trailing zeros dropped)
    words: str | None = None  # the catalogue's unit words of a "words" unit (English)
    day: dt.date | None = None
    term: str | None = None  # a key of evidence.terms: translated
    text: str | None = None  # the user's own words: shown as they are
    # With `text`: the catalogue item whose English title `text` is ("indicator:V6",
    # "area:governance", "label:bronze", "topic:strategy"), so that a report shows the
    # catalogue's own title in its language (`titled`); the text stands for it elsewhere.
    ref: str | None = None
    msg: Msg | None = None
    msgs: list[Msg] | None = None
    join: Join = "list"

    @model_validator(mode="after")
    def _one_value(self) -> Arg:
        parts = [self.num, self.day, self.term, self.text, self.msg, self.msgs]
        if sum(p is not None for p in parts) != 1:
            raise ValueError("a message argument has one of num, day, term, text, msg, msgs")
        if self.ref is not None and self.text is None:
            raise ValueError("a message argument's ref names the catalogue item of its text")
        return self

    @model_serializer(mode="wrap")
    def _what_it_has(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        defaults = {"unit": "", "digits": 2, "join": "list"}
        return {k: v for k, v in data.items() if v is not None and defaults.get(k, ...) != v}


class Msg(BaseModel):
    """A sentence: the English msgid with `{name}` placeholders, its plural, its arguments.

    With `plural` set, the integer argument `n` chooses the form (Czech has three).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_inf_nan="constants")

    id: str
    plural: str = ""
    args: dict[str, Arg] = {}

    @model_serializer(mode="wrap")
    def _what_it_has(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if v not in ("", {})}

    def __str__(self) -> str:
        return render(self)


Arg.model_rebuild()

Text = Msg | str  # what a snapshot holds: a message, or the English text of an older one


def _arg(value: Any) -> Arg:
    if isinstance(value, Arg):
        return value
    if isinstance(value, Msg):
        return Arg(msg=value)
    if isinstance(value, bool):
        raise TypeError("a message argument cannot be a bool: say it in words (a term)")
    if isinstance(value, int | float):
        return Arg(num=float(value), unit="count" if isinstance(value, int) else "")
    if isinstance(value, dt.date):
        return Arg(day=value)
    if isinstance(value, str):
        return Arg(text=value)
    if isinstance(value, list | tuple):
        return Arg(msgs=[v if isinstance(v, Msg) else M("{x}", x=v) for v in value])
    raise TypeError(f"no message argument for {type(value).__name__}")


def M(text: str, /, **args: Any) -> Msg:
    """A message; plain Python values become arguments (int, float, date, str, Msg, list)."""
    return Msg(id=text, args={k: _arg(v) for k, v in args.items()})


def Mp(singular: str, plural: str, /, n: int, **args: Any) -> Msg:
    """A message with a plural form chosen by `n` (also an argument: `{n}`)."""
    given = {k: _arg(v) for k, v in args.items()}
    return Msg(id=singular, plural=plural, args={"n": _arg(int(n)), **given})


def num(value: float, unit: Unit = "", digits: int = 2, words: str = "") -> Arg:
    """A number with its unit (`words`: the catalogue's unit words of a "words" unit)."""
    return Arg(num=float(value), unit=unit, digits=digits, words=words or None)


def apart(value: float, mark: float, unit: Unit | str = "", digits: int = 2) -> int:
    """The decimals (`num`'s `digits`, at most 6) that keep `value` from reading as `mark`
    when they differ: 0.4999 FTE beside "needs at least 0.5 FTE" shown as 0.5 said a
    threshold was missed by a value that read as meeting it, and so did €49,999.60 shown
    as €50,000 beside "at least €50,000"."""
    while digits < 6 and abs(value - mark) >= 1e-9:  # within rounding: the mark (`holds`)
        places = shown_places(value, digits, unit)
        if round(value, places) != round(mark, places):
            break
        digits += 1
    return digits


def apart_from_all(value: float, marks: Iterable[float], unit: Unit | str = "") -> int:
    """`apart` from every mark at once (an indicator's steps and its label thresholds)."""
    return max((apart(value, m, unit) for m in marks), default=2)


def shown_places(value: float, digits: int, unit: Unit | str) -> int:
    """The decimals `quantity` shows of `value` asked with `digits`: a large number
    (1,000 or more, or €100 or more) none by default, and one more for each digit asked
    beyond the default (`apart`); an amount of money cents if any; a percentage one
    decimal at most by default (0 stays 0, as "87 % alike")."""
    extra = max(0, digits - 2)
    if unit == "eur":
        if abs(value) >= 100 and not extra:
            return 0
        return 2 + max(0, extra - 2)
    if abs(value) >= 1000:
        return extra
    return _places(digits, unit)


def _places(digits: int, unit: Unit | str) -> int:
    """The decimals a number of `digits` shows: a percentage one at most by default (0
    stays 0, as "87 % alike"), and one less than asked beyond the default (`apart`)."""
    if unit != "percent":
        return digits
    return min(digits, 1) if digits <= 2 else digits - 1


def term(key: str) -> Arg:
    """A word of the fixed vocabulary (a kind, a field, a choice value)."""
    return Arg(term=key)


def titled(ref: str, english: str) -> Arg:
    """A catalogue title: its English text and the item it titles ("indicator:V6",
    "area:governance", "label:bronze", "topic:strategy"). A report shows the title the
    catalogue gives in the report's language (`reports.sentences`); matching English
    strings instead would miss a title inside a longer argument ("V6 Member satisfaction")
    and could rewrite a user's record title that happens to equal one."""
    return Arg(text=english, ref=ref)


def joined(msgs: list[Msg] | list[Any], how: Join = "list") -> Arg:
    """Several messages (or values) as one argument: "a, b and c", "a or b", "a, b, c"."""
    return Arg(msgs=[m if isinstance(m, Msg) else M("{x}", x=m) for m in msgs], join=how)


# -- rendering ------------------------------------------------------------------------


def render(
    msg: Msg | str,
    tr: gettext.NullTranslations = ENGLISH,
    locale: str = "en",
    terms: Callable[[str], str] = word,
    together: bool = False,
) -> str:
    """`msg` in the language of `tr` and `locale`; text (an older snapshot's) as it is.

    `terms` turns a vocabulary key into its English word (`evidence.terms.word`),
    which is then translated like any msgid. `together`: for a page (a report), values
    keep their unit on their line (`quantity`); plain spaces for a terminal or JSON.
    """
    if isinstance(msg, str):
        return msg
    msg = _yes_no(msg)
    if msg.plural:
        n = msg.args.get("n")
        count = int(n.num) if n is not None and n.num is not None else 0
        template = tr.ngettext(msg.id, msg.plural, count)
    else:
        template = tr.gettext(msg.id)
    values = {k: _render_arg(a, tr, locale, terms, together) for k, a in msg.args.items()}
    try:
        return template.format_map(_Missing(values))
    except (ValueError, IndexError):  # a broken translation: the English one still reads
        return msg.id.format_map(_Missing(values))


# A yes-or-no value needs no threshold beside it: "C4 Cluster website in English: yes",
# not "yes, meets at least yes"; an unmet one says what it needs: "no, needs yes".
_MEETS = {"{id} {title}: {value}, meets {threshold}": "{id} {title}: {value}"}
_THRESHOLDS = frozenset({"at least {value}", "at most {value}"})


def _yes_no(msg: Msg) -> Msg:
    value = msg.args.get("value")
    if value is None or value.unit != "yes_no" or value.num is None:
        return msg
    if msg.id in _MEETS:
        return Msg(id=_MEETS[msg.id], args={k: msg.args[k] for k in ("id", "title", "value")})
    if msg.id in _THRESHOLDS:
        return Msg(id="{value}", args={"value": value})
    return msg


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _render_arg(
    a: Arg,
    tr: gettext.NullTranslations,
    locale: str,
    terms: Callable[[str], str],
    together: bool,
) -> str:
    if a.num is not None:
        return quantity(a.num, a.unit, tr, locale, a.digits, a.words or "", together=together)
    if a.day is not None:
        return day_text(a.day, DAY, locale)
    if a.term is not None:
        if a.term.startswith("language:"):  # Babel names every language in every locale
            return language_name(a.term.split(":", 1)[1], locale)
        return tr.gettext(terms(a.term))
    if a.text is not None:
        return a.text
    if a.msg is not None:
        return render(a.msg, tr, locale, terms, together)
    parts = [render(m, tr, locale, terms, together) for m in a.msgs or []]
    return join_words(parts, a.join, tr)


def language_name(code: str, locale: str = "en") -> str:
    """An ISO 639-1 code's language in `locale`'s words ("en" -> "angličtina"); the
    code itself for one Babel does not know."""
    from babel import Locale

    return Locale.parse(locale).languages.get(code, code)


def join_words(parts: list[str], how: Join, tr: gettext.NullTranslations = ENGLISH) -> str:
    """ "a, b and c" / "a, b or c" / "a, b, c" in the reader's language; "a; b; c" for
    items that hold commas themselves."""
    if how == "semicolons":
        return "; ".join(parts)
    if how == "list" or len(parts) < 2:
        return ", ".join(parts)
    last = tr.gettext("{a} and {b}") if how == "and" else tr.gettext("{a} or {b}")
    return last.format(a=", ".join(parts[:-1]), b=parts[-1])


def plain_number(value: float, locale: str = "en", digits: int = 2) -> str:
    """A number grouped the local way, at most `digits` decimals ("1 234,5")."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(round(value, digits), format=pattern, locale=locale)


_UNIT_WORDS: Mapping[str, tuple[str, str]] = {
    "years": (N_("{v} year"), N_("{v} years")),
    "hours": (N_("{v} hour"), N_("{v} hours")),
    "points": (N_("{v} point"), N_("{v} points")),
    "days": (N_("{v} day"), N_("{v} days")),
    "fte": (N_("{v} FTE"), N_("{v} FTE")),  # English says "FTE" either way; Czech "úvazky"
}

DECIMAL = "a decimal number"  # the gettext context of a unit after a decimal number


def C_(context: str, message: str) -> str:
    """Marks `message` in `context` for extraction (keyword `C_:1c,2`); returns it."""
    return message


# A decimal number takes a form of its own in some languages (Czech: the genitive
# singular, "1,25 bodu", "16,6 roku", "0,5 úvazku"), which none of the three plural
# forms is: gettext's plural forms choose by an integer. So a decimal value's unit is
# its own message, the English plural in the context "a decimal number".
_DECIMAL_WORDS: Mapping[str, str] = {
    "years": C_("a decimal number", "{v} years"),
    "hours": C_("a decimal number", "{v} hours"),
    "points": C_("a decimal number", "{v} points"),
    "days": C_("a decimal number", "{v} days"),
    "fte": C_("a decimal number", "{v} FTE"),
}


def quantity(
    value: float,
    unit: Unit | str,
    tr: gettext.NullTranslations = ENGLISH,
    locale: str = "en",
    digits: int = 2,
    words: str = "",
    *,
    together: bool = False,
) -> str:
    """A number with its unit, the local way: "€1,030,000", "1 030 000 €", "45.6 %",
    "16.6 years", "3.5 FTE", "45.3 hours per FTE", "yes"; a count as a whole number.

    A value of 1,000 or more shows no decimals and an amount of €100 or more no cents
    (371 669 €, not 371 669,34 €). `together` (a report's page): the number and its
    unit are joined by no-break spaces, so that a line never wraps inside a value
    ("10.2 % per / year"), and a negative number has a true minus sign (U+2212).
    """
    if unit == "words" and words:  # the number stays with the first word; the words wrap
        number = _quantity(value, "", tr, locale, digits, "")
        return f"{_keep_together(number)}\u00a0{words}" if together else f"{number} {words}"
    text = _quantity(value, unit, tr, locale, digits, words)
    return _keep_together(text) if together else text


def _keep_together(text: str) -> str:
    """No-break spaces inside a value, and a true minus sign (U+2212) before a number."""
    return re.sub(r"(?<!\w)-(?=\d)", "\u2212", text.replace(" ", "\u00a0"))


def _quantity(
    value: float,
    unit: Unit | str,
    tr: gettext.NullTranslations,
    locale: str,
    digits: int,
    words: str,
) -> str:
    if unit == "yes_no":
        return tr.gettext(N_("yes")) if value >= 0.5 else tr.gettext(N_("no"))
    places = shown_places(value, digits, unit)
    if unit == "count":
        return plain_number(value, locale, 0 if abs(value - round(value)) < 1e-9 else places)
    if unit == "eur":
        from babel.numbers import format_currency

        value = round(value, places)
        cents = "0" * max(2, places)
        whole = abs(value - round(value)) < 0.5 * 10 ** -len(cents)
        pattern = "¤#,##0" if whole else "¤#,##0." + cents
        text = format_currency(value, "EUR", format=pattern, locale=locale, currency_digits=False)
        if locale != "en":  # CLDR's own placement ("1 030 000 €") where the locale has one
            text = format_currency(
                value,
                "EUR",
                locale=locale,
                currency_digits=False,
                format_type="standard",
                decimal_quantization=places <= 2,  # more than cents: the digits it has
            )
            if whole:
                text = text.replace(",00", "").replace(".00", "")
        return text
    v = plain_number(value, locale, places)
    if unit == "percent":
        return f"{v}\u00a0%"
    if unit in _UNIT_WORDS:
        return unit_words(value, v, unit, tr, places)
    return v


def unit_words(
    value: float, shown: str, unit: str, tr: gettext.NullTranslations = ENGLISH, digits: int = 2
) -> str:
    """`shown` (`value` formatted to `digits` decimals) with its unit's word in the form
    the number takes: by plural form for a whole number, the decimal form for a decimal
    ("1,25 bodu")."""
    one, many = _UNIT_WORDS[unit]
    if is_decimal(value, digits):
        return tr.pgettext(DECIMAL, _DECIMAL_WORDS[unit]).format(v=shown)
    return tr.ngettext(one, many, round(value)).format(v=shown)


def is_decimal(value: float, digits: int = 2) -> bool:
    """Whether `value`, shown to `digits` decimals, has a fraction (1.004 shown as "1"
    reads as one)."""
    return abs(round(value, digits) - round(value)) > 1e-9
