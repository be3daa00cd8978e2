"""An event's format (fair, workshop, study visit...) from its words, in the languages of
cluster pages.

The format is what indicators count by (a fair abroad, a study visit, a general assembly),
and cluster pages name it in their own language: "Ühisstend messil TechTartu", "Seminario:
materiali compositi", "Frokostseminar", "Visuotinis narių susirinkimas". One table,
format by format, each a list of words (a stem where the languages inflect it:
"konferen" for konferencia, konferencija, Konferenz), so that a language is added in
one place. A governing body's meetings (`ownrole.ASSEMBLY`, `ownrole.BOARD`) are read
apart, in an item's heading and its date's sentence only.
"""

from __future__ import annotations

# Each format's words; order matters only where two formats name the same words
# (none do): `items` takes the format whose words come first in the text.
_WORDS: tuple[tuple[str, str], ...] = (
    # English names of a body's meetings anywhere in an item, as before; in the other
    # languages only the heading and the date's sentence (`ownrole`, `items.BODIES`)
    ("general_assembly", r"general\s+assembly"),
    ("board_meeting", r"board\s+meeting"),
    (
        "study_visit",
        (
            r"study\s+(?:visit|tour|trip)|studijn\w*\s+(?:cest\w*|návštěv\w*|pobyt\w*)"
            r"|študijn\w*\s+(?:cest\w*|návštev\w*|pot\w*|obisk\w*)|studienreise\w*|studienfahrt\w*"
            r"|wizyt\w*\s+studyjn\w*|wyjazd\w*\s+studyjn\w*|voyage\w*\s+d'études?|visite\w*\s+d'études?"
            r"|viajes?\s+de\s+estudios?|visitas?\s+de\s+estudos?|visit[ae]\s+(?:di\s+)?studio"
            r"|studiebezoek\w*|studiereis\w*|studieres\w*|studietur\w*|opintomatk\w*|õppereis\w*"
            r"|mācību\s+brauciens\w*|studijų\s+vizit\w*|tanulmányút\w*|studijsk\w*\s+putovanj\w*"
            r"|vizit[ăe]\s+de\s+studiu|exkurz\w*|excursion\w*"
        ),
    ),
    (
        "matchmaking",
        (
            r"matchmaking|b2b|brokerage|kooperationsbörse\w*|kontaktn\w*\s+burz\w*"
            r"|giełd\w*\s+kooperacyjn\w*|rencontres?\s+d'affaires|encuentros?\s+empresariales"
            r"|bourse\w*\s+d'affaires"
        ),
    ),
    (
        "fair",
        (
            r"fair|exhibition|trade\s+show|expo|joint\s+stand|veletrh\w*|veľtrh\w*|messe[nrs]?"
            r"|fachmesse\w*|gemeinschaftsstand\w*|targ(?:i|ach|ów)|stoisk\w*|salons?|salone"
            r"|feria|ferias|fiera|fiere|feira|feiras|beurs|beurzen|mässa[n]?|mässor\w*|messu\w*"
            r"|messil|messile|ühisstend\w*|vásár\w*|kiállítás\w*|sajm\w*|sejem"
            r"|târg\w*|fuar\w*|expozi[cț]\w*|pabellón|padiglione|collettiva|stand\s+collectif"
        ),
    ),
    (
        "conference",
        (
            r"conference|congress|summit|forum|fórum|konferen\w*|kongres\w*|kongress\w*"
            r"|congreso\w*|congresso\w*|congrès|conférence\w*|conferenz\w*|conferencia\w*"
            r"|conferência\w*|conferin[țt]\w*|konferans\w*|konverents\w*|symposi\w*|sympozj\w*"
            r"|sympózi\w*|colloque\w*|convegn[oi]|tagung\w*|fachtagung\w*|jahrestagung\w*"
            r"|konference|konferencia|konferencija|συνέδρι\w*"
        ),
    ),
    (
        "workshop",
        (
            r"workshop\w*|seminar\w*|semináři?\w*|seminár\w*|séminaire\w*|seminario\w*|seminário\w*"
            r"|seminer\w*|seminaari\w*|frokostseminar\w*|webinar\w*|webinář\w*|webinár\w*"
            r"|webinaari\w*|webinaire\w*|atelier\w*|taller(?:es)?\s+(?:de|sobre)|warsztat\w*|dílna|dílny"
            r"|työpaja\w*|töötuba|töötoa\w*|darbnīc\w*|dirbtuv\w*|műhely\w*|radionic\w*"
            r"|delavnic\w*|εργαστήρι\w*|σεμινάρι\w*|jornadas?\s+técnicas?"
        ),
    ),
    (
        "training",
        (
            r"training\w*|školení|školenie|szkoleni\w*|schulung\w*|weiterbildung\w*"
            r"|formation|formación|formazione|formação|opleiding\w*|utbildning\w*|kurs\w*"
            r"|koulutus\w*|koolitus\w*|apmācīb\w*|mokym\w*|képzés\w*|obuk\w*"
            r"|usposabljanj\w*|izobraževanj\w*|curs\w*\s+de\s+formare|eğitim\w*|εκπαίδευσ\w*"
        ),
    ),
    (
        "mission",
        (
            r"mission|delegation|misión|missione|missão|podnikatelsk\w*\s+mis[ei]\w*|misja|misji|misia|misie|misija"
            r"|misijo|misiune\w*|handelsmission\w*|wirtschaftsmission\w*|unternehmerreise\w*"
            r"|delegac\w*|délégation\w*|delegación\w*|delegazione\w*|delegação\w*|handelsmissie\w*"
            r"|affärsresa\w*|handelsreise\w*|yritysmatk\w*|verslo\s+misij\w*|üzleti\s+út\w*"
        ),
    ),
    (
        "meeting",
        (
            r"meeting|setkání|stretnuti\w*|treffen|clustertreffen|netzwerktreffen|spotkani\w*"
            r"|réunion\w*|reunión|reuniones|riunion[ei]|reunião|reuniões|bijeenkomst\w*"
            r"|möte[nt]?|møde\w*|møte\w*|tapaami\w*|kohtumi\w*|tikšan\w*|susitikim\w*"
            r"|találkoz\w*|sastan\w*|srečanj\w*|întâlnir\w*|toplantı\w*|συνάντησ\w*"
        ),
    ),
)
# The same words as the last part of a compound, as the Germanic and Finnic languages
# write a format ("Havbrukskonferansen", "Fachtagung", "Frokostseminar", "Clustertreffen",
# "Sommerkonferenz", "Fagmessen"): only words long enough not to end other words.
_TAILS = {
    "study_visit": r"studienreise\w*|studietur\w*|studieresa\w*|opintomatk\w*|õppereis\w*",
    "fair": r"messe[nrs]?|mässa[n]?|mässor\w*|messu\w*|beurs|beurzen",
    "conference": r"konferan\w*|konferens\w*|konferenz\w*|konferentie\w*|konferenssi\w*"
    r"|konverents\w*|kongress\w*|congres|tagung\w*|forum",
    "workshop": r"seminar\w*|seminaari\w*|webinar\w*|workshop\w*|työpaja\w*|töötuba",
    "training": r"schulung\w*|utbildning\w*|kurs(?:en|et|er)?|koulutus\w*|koolitus\w*",
    "meeting": r"treffen|møte[nt]?|möte[nt]?|bijeenkomst\w*|tapaaminen|kohtumine",
}
EVENT_FORMATS: tuple[tuple[str, str], ...] = tuple(
    (
        name,
        rf"(?<!\w)(?:{words})(?!\w)"
        + (rf"|(?<=[^\W\d_]{{3}})(?:{_TAILS[name]})(?!\w)" if name in _TAILS else ""),
    )
    for name, words in _WORDS
)
