"""How many took part in an event, where its page says so without doubt.

Why: C2 counts events for members with at least 5 participants and V3 activities abroad
with members involved; a page that says "28 participants from 15 member companies
attended" or "a mission of four member companies" gave drafts with neither number, and
the manager who submitted them unchanged lost both indicators with no word. The numbers
are read only where the wording is exact and single:

- participants: a number right before a word for those who took part ("28 participants",
  "45 účastníků", "30 Teilnehmende"), not an estimate, a limit or an expectation ("over
  400 visitors", "up to 30 participants", "expects 200 participants"): visitors to a
  stand are not the event's participants, and a capacity is no attendance;
- members involved: a number of the cluster's members ("15 member companies", "of six
  member companies", "čtyř členských firem", "mit sechs Mitgliedsunternehmen"); "members"
  alone only after "of", "from" or "with" (the cluster's "55 members" is its size).

Two different numbers of one kind in an item (a programme of two workshops, each with its
own count) leave the field empty: the record would carry one of them as a guess. The
note of the draft names what was read, so the manager checks it.
"""

from __future__ import annotations

import re

# Number words up to twelve, in the languages of `items.EVENT_ROLES`, with their case
# forms ("čtyř členských firem", "sześciu firm członkowskich"); not "ten" (Czech "that").
_WORDS = {
    1: "one|jedné|jednoho|einem|einer",  # not "ein", "jeden": an article, "one of"
    2: "two|dva|dvě|dvou|dvoch|zwei|dwa|dwie|dwóch|deux",
    3: "three|tři|tří|troch|tri|drei|trzy|trzech|trois",
    4: "four|čtyři|čtyř|štyri|štyroch|vier|cztery|czterech|quatre",
    5: "five|pět|pěti|päť|piatich|fünf|pięć|pięciu|cinq",
    6: "six|šest|šesti|šesť|šiestich|sechs|sześć|sześciu",
    7: "seven|sedm|sedmi|sedem|siedmich|sieben|siedem|siedmiu|sept",
    8: "eight|osm|osmi|osem|ôsmich|acht|osiem|ośmiu|huit",
    9: "nine|devět|devíti|deväť|neun|dziewięć|dziewięciu|neuf",
    10: "deset|deseti|desať|zehn|dziesięć|dziesięciu|dix",
    11: "eleven|jedenáct|elf|jedenaście|onze",
    12: "twelve|dvanáct|zwölf|dwanaście|douze",
}
_BY_WORD = {w: n for n, words in _WORDS.items() for w in words.split("|")}
_NUMBER = rf"(?P<n>\d{{1,5}}|{'|'.join(sorted(_BY_WORD, key=len, reverse=True))})"
# An estimate, a limit or an expectation just before the number, or a number that is
# a name ("on day two delegates can join"): not a count
_NOT_EXACT = re.compile(
    r"(?<!\w)(?:over|more than|less than|fewer than|about|around|approximately|almost|nearly"
    r"|up to|at least|at most|max\.?|maximum|min\.?|some|roughly|expect\w*|limited to"
    r"|capacity(?: of)?|přes|více než|méně než|až|cca\.?|asi|kolem|přibližně|téměř|nejméně"
    r"|očekáv\w*|über|mehr als|weniger als|bis zu|rund|etwa|ca\.|fast|mindestens|erwart\w*"
    r"|ponad|około|prawie|do|co najmniej|plus de|moins de|environ|jusqu'à|près de|presque"
    r"|day|den|dne|tag|jour|dzień|dnia|part|teil|session|round|phase|week)"
    r"\s*$",
    re.IGNORECASE,
)
_PARTICIPANTS = re.compile(
    rf"(?<![\w.,]){_NUMBER}\s+(?:participants?|attendees|delegates|účastník\w*|účastnic\w*"
    r"|Teilnehm\w*|uczestnik\w*|uczestnicz\w*)\b",
    re.IGNORECASE,
)
_MEMBER_WORDS = (
    r"member (?:companies|firms|organi[sz]ations|enterprises|SMEs)|člensk\w+ (?:firem|firmy"
    r"|společnost\w*|podnik\w*|organizac\w*)|člensk\w+ (?:firiem|spoločnost\w*|podnik\w*)"
    r"|Mitgliedsunternehmen|Mitgliedsfirmen|firm\w* członkowsk\w*|przedsiębiorstw\w* członkowsk\w*"
    r"|entreprises membres|sociétés membres"
)
_MEMBERS = re.compile(
    rf"(?<![\w.,]){_NUMBER}\s+(?:{_MEMBER_WORDS})\b"
    rf"|\b(?:of|from|with)\s+{_NUMBER.replace('?P<n>', '?P<m>')}\s+(?:of (?:our|its) )?members\b",
    re.IGNORECASE,
)


def _value(words: str) -> int:
    return int(words) if words.isdigit() else _BY_WORD[words.casefold()]


def _exact(text: str, pattern: re.Pattern[str]) -> int | None:
    """The one number `pattern` finds stated exactly in `text`, or None (none, several
    different ones, or an estimate)."""
    found: set[int] = set()
    for m in pattern.finditer(text):
        words = m.group("n") or (m.groupdict().get("m") or "")
        if _NOT_EXACT.search(text[max(0, m.start() - 30) : m.start()]):
            return None
        found.add(_value(words))
    return found.pop() if len(found) == 1 else None


def headcount(text: str) -> tuple[int | None, int | None]:
    """(participants, members involved) an item's text states exactly, each or None."""
    return _exact(text, _PARTICIPANTS), _exact(text, _MEMBERS)
