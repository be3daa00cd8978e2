"""Whether an item's own words name an event, or a funding call.

A news list puts a date line under each heading: the day the item was posted. An event
list puts one there too: the event's day. When the item names no other activity's date
(only a deadline: "Registration until 1 March 2025"), the line's role is told by what the
item is: an event's words ("Webinar: Industry 5.0", "Study visit to Braga") make it the
event's day; a call ("New call for innovation vouchers ... Applications until 30 April")
or a survey make it the day the news was posted. Kept apart from `roles`, which judges
one date by the words before it, because this judges a whole item by its words.
"""

from __future__ import annotations

import re

# Words of the kinds of event clusters hold, in the languages of cluster pages; a word's
# start is enough where languages inflect it ("konferenc" for konference/konferencia).
EVENT_WORDS = re.compile(
    r"\b(?:webinar\w*|workshop\w*|seminar\w*|seminář\w*|conferen\w*|konferen\w*|congres\w*"
    r"|kongres\w*|congreso|forum|fórum|summit|fair|expo\w*|exhibition|messe\w*|mässa\w*"
    r"|veletrh\w*|veľtrh\w*|targi|fiera|feria|meeting\w*|meetup|setkání|stretnutie|treffen"
    r"|tagung\w*|träff\w*|breakfast|frühstück\w*|snídan\w*|raňajk\w*|frukost\w*"
    r"|networking|hackathon\w*|study\s+(?:visit|tour)|visit|exkurz\w*|excursion\w*"
    r"|training\w*|školení|course|kurs\w*|masterclass\w*|bootcamp|festival\w*|ceremon\w*"
    r"|matchmaking|b2b|brokerage|mission|delegation|open\s+day|jornada\w*|convegno"
    r"|evento|événement\w*|veranstaltung\w*|event|conférence\w*|colloque\w*|journées?"
    r"|rencontres?|atelier\w*|salon|info(?:rmation)?[\s-]?(?:days?|sessions?)|infodag\w*"
    r"|infotag\w*|sesi[oó]n(?:es)?\s+informativas?|sessions?\s+d'information"
    # "meeting" in more languages (Polish, Slovenian, Croatian and Serbian, Hungarian,
    # Finnish, Estonian, Latvian, Lithuanian, Romanian, Nordic, Dutch, Italian, Iberian, French)
    r"|spotkani\w*|srečanj\w*|susret\w*|sastan\w*|találkoz\w*|tapaami\w*|kohtumi\w*"
    r"|tikšan\w*|susitikim\w*|întâlnir\w*|möte[nt]?|møde\w*|møte\w*|bijeenkomst\w*"
    r"|incontr[oi]|encuentros?|encontros?|réunions?"
    r"|round[\s-]?tables?|kulat\w+\s+st[oů]l\w*|okrúhl\w+\s+st[oô]l\w*|runde[nr]?\s+tisch\w*"
    r"|okrągł\w+\s+st[oó]ł\w*|tables?\s+rondes?|mesas?\s+redondas?|tavol[ae]\s+rotond[ae]"
    # Persian and Arabic: workshop, conference, exhibition, seminar, symposium
    r"|کارگاه|همایش|نمایشگاه|سمینار|وبینار|ورشة|مؤتمر|معرض|ندوة|ملتقى)\b",
    re.IGNORECASE,
)
# A call for an event's speakers or papers ("Call for papers", "Appel à intervenants",
# "convocatoria de ponencias"): part of the event, no funding call.
_FOR_SPEAKERS = (
    r"(?!\s+(?:for|à|de|per)\s+(?:speakers?|papers?|abstracts?|posters?|contributions?"
    r"|presentations?|intervenants|communications|conférenciers|ponencias|comunicaciones"
    r"|ponentes|relatori|interventi)\b)"
)
# A funding call, a tender or a survey named by the item: its dates are its own timetable.
CALL_WORDS = re.compile(
    rf"\b(?:(?:call|calls|appel(?=\s+à)|convocatoria|bando){_FOR_SPEAKERS}|výzv\w*|aufruf\w*"
    r"|ausschreibung\w*|nabór\w*|konkurs\w*|convocatorias|javni\s+poziv\w*|natječaj\w*"
    r"|razpis\w*|tender\w*|vouchers?|grants?|funding|survey|questionnaire|umfrage"
    r"|dotazník\w*|anket\w*|thirrje\w*|utlysning\w*|felhívás\w*|pályázat\w*|oproep\w*)\b",
    re.IGNORECASE,
)


def names_an_event(text: str) -> bool:
    """The item's words name an event and no call (a call's "info day" is the call's)."""
    return bool(EVENT_WORDS.search(text)) and not CALL_WORDS.search(text)


def funding_call(text: str) -> bool:
    """The page announces a funding call: its title, the first line, names a call and no
    event ("Utlysning: Klusterlyftet", "Convocatoria 2027 de ayudas"). Its dates are the
    call's timetable: when to apply, and when the projects it funds may start and must
    end, which are no cluster's activity ("Recap of the call's Info Day" names an event,
    and is an event's page). Only the title: a project's page names its call in a line
    below ("Program | OP TAK, výzva ..."), a news list a call's teaser."""
    title = next((line for line in text.splitlines() if line.strip()), "")
    return bool(CALL_WORDS.search(title)) and not EVENT_WORDS.search(title)
