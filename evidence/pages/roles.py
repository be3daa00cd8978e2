"""Which dates on a page are the dates of an event or a project, and which are not.

A news page names many dates besides the ones a record needs: when it was published,
until when one may register, when a funding call opened and takes applications, when its
results come, when the cluster was founded, where a quoted text comes from, when a
project was approved, the day an annual report counts its members at, the range a
listing's filter shows. An assessor
counts none of them as activity, so each date the page importer finds is given a role
from the words just before it and from its sentence, in the languages of European
cluster pages (English, Czech, Slovak, German, Polish, and the commonest French, Spanish,
Italian, Hungarian and Slovenian words). A date whose role is not None never becomes a
record; the importer names the role when it explains a left-out item.

The cue words are deliberately narrow: a word that is also part of ordinary event prose
("call" in "the info day on the call was held on ...") is only a cue together with the
verb that makes it one ("the call was launched on ...").
"""

from __future__ import annotations

import re

from .dates import find_dates
from .months import forms_of, month_case

# A weekday between a limit word and its date ("do piatka 31. októbra", "by Friday, 3
# May"): stems, so that the cases of Slavic weekday names are read too.
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|mittwoch|donnerstag"
    r"|freitag|samstag|sonntag|pond[eě]l\w*|úter\w*|utor\w*|stred\w*|střed\w*|čtvrt\w*"
    r"|štvrt\w*|pátk\w*|pátek|piat\w*|sobot\w*|neděl\w*|nedel\w*|poniedział\w*|wtor\w*"
    r"|środ\w*|czwart\w*|piąt\w*|niedziel\w*|lundi|mardi|mercredi|jeudi|vendredi|lunes"
    r"|martes|miércoles|jueves|viernes|lunedì|martedì|mercoledì|giovedì|venerdì)"
)
# Words right before a date that make it an end or a limit, not the day something happens.
_UNTIL = re.compile(
    r"(?:\b(?:until|till|by|before|latest|through|no\s+later\s+than|deadline(?:\s+(?:is|of))?"
    r"|closes?|closing|due|do|až\s+do|nejpozději(?:\s+do)?|najneskôr(?:\s+do)?"
    r"|bis(?:\s+(?:zum|spätestens))?|spätestens(?:\s+(?:am|bis))?|do\s+dnia"
    r"|najpóźniej(?:\s+do)?|jusqu'(?:au|à)|avant\s+le|hasta\s+el|antes\s+del?|entro(?:\s+il)?"
    r"|fino\s+al|viimeistään|senast|până\s+(?:la|pe|în)(?:\s+data\s+de)?|cel\s+târziu"
    r"|najkasnije(?:\s+do)?|(?:åpen|åpent|åben|åbent|öppen|öppet)\s+till?"
    r"|uiterlijk(?:\s+op)?|fins\s+(?:al|a|el)|ata|vóór|tot(?:\s+en\s+met)?|t/m"
    r"|até(?:\s+(?:ao?|dia))?|iki|kuni|innen|до|līdz|έως|μέχρι|roimh|erbyn"
    rf"|fino\s+al)\s+(?:(?:on|the|dne|dňa|dem|den|am|le|el|il|o|την|τη|τις|το)\s+){{0,2}}"
    rf"(?:{_WEEKDAY},?\s+)?"
    # Maltese "miftuħa sal-15 ta' Jannar" ("open until"): the article on its number
    r"|\b(?:miftuħ[a]?|sa\s+mhux\s+aktar\s+tard\s+minn|sal-)$)$",
    re.IGNORECASE,
)
# A closing verb, or Danish "senest", right before a date: a limit only for what is
# applied or registered for (`_APPLIED_FOR` earlier in the sentence): an exhibition or a
# congress closes too ("se cerrará el 5 de junio con la entrega de premios", "si chiude il
# 30 giugno"), and "senest" is also "most recently" ("har senest 12. marts holdt").
_CLOSING = re.compile(
    r"\b(?:se\s+(?:cierra|cierran|cerrará|cerrarán)|si\s+(?:chiude|chiudono|chiuderà|chiuderanno)"
    r"|senest)\s+(?:(?:el|il|den)\s+)?$",
    re.IGNORECASE,
)
_APPLIED_FOR = re.compile(
    r"\b(?:inscripci\w*|plazo|convocatoria|solicitud\w*|candidatur\w*|registro|iscrizion\w*"
    r"|bando|domande|registrazion\w*|tilmeld\w*|ansøg\w*|påmeld\w*|søknad\w*|frist\w*)"
    r"|\w+es\s+senest|(?:modtaget|indsendt|afleveret|betalt)\s+senest",  # "udsendes senest"
    re.IGNORECASE,
)
# Words that alone name a deadline ("Anmeldeschluss: 15. Februar", "uzávěrka přihlášek").
_DEADLINE = re.compile(
    r"\b(?:deadline|due\s+date|closing\s+date|cut-?off(?:\s+date)?|uzávěrk\w*|lhůt\w*"
    r"|termín\w*\s+(?:pro\s+)?(?:podání|přihlá\w*|odevzdání|registrac\w*)|uzávierk\w*"
    r"|anmeldeschluss|einsendeschluss|bewerbungsschluss|\w{0,20}frist"
    r"|termin\w*\s+(?:składania|zgłosze\w*|nadsyłania)|date\s+limite|plazo|fecha\s+límite"
    r"|scadenza|határid\w*|rok\s+(?:za\s+)?prijav\w*|sista\s+(?:anmälningsdag|ansökningsdag|dag)"
    r"|ilmoittautumi\w*|hakuaika|termen(?:ul)?\s+limită|înscrieri|inschrijven\s+kan\s+tot"
    r"|uiterste\s+(?:inschrijf)?datum|prazo|registracij\w*\s+iki|краен\s+срок|προθεσμία"
    r"|pieteikšanās\s+termiņš|søknadsfrist|son\s+başvuru(?:\s+tarihi)?|рок\s+(?:за\s+)?пријав\w*"
    r"|termín\w*\s+(?:pro\s+)?(?:zaslání|doručení|předložení|odeslání)"
    r"|tähtaeg\w*|määräai\w*|rok\s+za\s+oddaj\w*|rok\s+za\s+podnošenj\w*|pieteikum\w*\s+termiņ\w*"
    r"|paraiškų\s+\w*\s*termin\w*|pateikimo\s+termin\w*"
    r"|(?:registration|applications?|submissions?|(?:the\s+)?call|(?:competition\s+)?round"
    r"|přihlášky|prihlášky|anmeldungen?"
    r"|zgłoszenia|inscriptions?)\s*(?:close|closes|closing|end|ends|due|open\s+until|:"
    r"|opens?(?:\s+(?:on|in))?|starts?(?:\s+(?:on|in))?))\b",
    re.IGNORECASE,
)
# The same in the languages that write no space between words (Japanese "申込締切",
# Chinese "報名截止：", Korean "접수 마감", Thai "ปิดรับสมัคร"): no word boundary to look for, so right
# before the date, with at most a colon or a bracket between; and in Arabic and Hebrew.
_DEADLINE_UNSPACED = re.compile(
    r"(?:締切|締め切り|〆切|申込期限|申し込み期限|応募期限|截止(?:日期)?|報名期限|报名期限"
    r"|마감(?:일)?|신청기한|접수기한"
    r"|ปิดรับสมัคร|หมดเขต(?:รับสมัคร)?)[\s:：（(]{0,3}$"  # Thai: applications close
    # and Arabic and Hebrew "until", "last date (for registration):", "deadline"
    r"|(?<!\w)(?:עד|حتى|لغاية)\s{1,3}$"
    r"|(?<!\w)(?:آخر\s+موعد|الموعد\s+النهائي|מועד\s+אחרון|תאריך\s+אחרון|مهلت)[^\n.]{0,30}$"
)
# An office or a venue closed, a public holiday, office hours (a closure over the
# holidays "geschlossen: 24.–26. Dezember", "las oficinas permanecerán cerradas el 19 de
# marzo", "(štátne sviatky) je centrum zatvorené", "Zmena úradných hodín"): no activity.
_CLOSED = re.compile(
    r"\b(?:geschlossen|betriebsferien|fermée?s?|fermeture|cerrad[oa]s|chius[oi]|zavřen[oáéy]"
    r"|zatvoren[éáý]|zamknięt[eay]|gesloten|stängt|stengt|lukket|suljettu|zaprt[oai]"
    r"|(?:is|are|be|remain|remains)\s+closed|closed\s*:|office\s+hours|opening\s+hours"
    r"|öffnungszeiten|úradn\w+\s+hod\w+|úředn\w+\s+hod\w+|horario\s+de\s+atención"
    r"|štátn\w+\s+sviat\w+|státní\w*\s+svát\w+|public\s+holiday|bank\s+holiday"
    r"|feiertag\w*|jour\s+férié|festivo|festividad)\b",
    re.IGNORECASE,
)
# A rule, a fee or a price list that applies from a day ("VZN č. 3/2025 – platné od 1. 1.
# 2026", "valid from", "in Kraft ab", "en vigueur le", "in vigore dal"): no activity.
_IN_FORCE = re.compile(
    r"\b(?:valid\s+(?:from|as\s+of)|in\s+force\s+(?:from|on|as\s+of)|effective\s+(?:from|on|as\s+of)"
    r"|takes?\s+effect\s+(?:from|on)|platn[éáýá]\w*\s+od|účinn\w*\s+od|platí\s+od|účinnost\w*\s+od"
    r"|gültig\s+(?:ab|vom|seit)|in\s+kraft\s+(?:ab|seit|am)|en\s+vigueur\s+(?:le|au|à\s+partir\s+du)"
    r"|applicable\s+(?:à\s+partir\s+du|dès\s+le)|in\s+vigore\s+(?:dal|da)|entra(?:rá)?\s+en\s+vigor"
    r"|vigente\s+desde|obowiązuj\w*\s+od|wchodzi\s+w\s+życie|veljav\w*\s+od|važeć\w*\s+od"
    r"|geldig\s+(?:vanaf|per)|gäller\s+från|gælder\s+fra|gjelder\s+fra|voimassa|hatályos)",
    re.IGNORECASE,
)
# A funding call or programme being announced: its dates are not the cluster's activity.
_CALL = re.compile(
    r"\b(?:(?:call|výzv\w*|aufruf\w*|ausschreibung\w*|nabór\w*|konkurs\w*|appel\w*|convocatoria"
    r"|javni\s+poziv\w*|poziv\s+za|natječaj\w*|razpis\w*)"
    # "otvoren", "odprt", "otevřena": a call that is open; not "otvorenje", "odprtje",
    # "otevření", the opening of a centre that an invitation ("pozivamo vas") names
    r"\W+(?:\w+\W+){0,6}?(?:launched|published|opened|announced|vyhlášen\w*|vyhlásil\w*"
    r"|otvoren[aio]?|objavljen\w*|odprt[aieo]?"
    r"|otevřen(?:[aáéoý]|ou)?|veröffentlicht|gestartet|ogłoszon\w*|lancé\w*|publicad\w*)"
    r"|(?:launched|published|opened|announced|vyhlášen\w*|vyhlásil\w*|ogłoszon\w*|veröffentlicht)"
    r"\W+(?:\w+\W+){0,6}?(?:call|výzv\w*|aufruf\w*|ausschreibung\w*|nabór\w*|konkurs\w*))\b",
    re.IGNORECASE,
)
# The period in which a call or a registration takes applications, and when its results
# come: a call's timetable ("Submission period: ...", "Příjem žádostí: od ... do ...").
# The steps of an application process on a labelled line ("Depunerea dosarelor: între 4
# ianuarie și 26 februarie 2027", "Evaluation of applications: during March 2027",
# "Comunicarea rezultatelor: până la 9 aprilie"): a call's timetable, never an activity.
_APPLICATION_STEP = re.compile(
    r"\b(?:(?:submission|evaluation|assessment|selection)\s+of\s+(?:applications|proposals|files)"
    r"|depunerea|evaluarea|comunicarea\s+rezultatelor|dépôt\s+des|évaluation\s+des"
    r"|presentación\s+de\s+(?:solicitudes|candidaturas)|evaluación\s+de"
    r"|presentazione\s+delle|valutazione\s+delle|submissão\s+de|avaliação\s+d[ae]s"
    r"|einreichung\s+der|bewertung\s+der|podání\s+(?:žádostí|přihlášek)|hodnocení\s+(?:žádostí|přihlášek)"
    r"|składanie\s+(?:wniosków|zgłoszeń)|ocena\s+(?:wniosków|zgłoszeń))\b[^.!?\n]{0,60}$",
    re.IGNORECASE,
)
_CALL_PERIOD = re.compile(
    r"\b(?:(?:submission|application|registration|call)\s+(?:period|window)"
    r"|příjem\s+(?:žádostí|přihlášek|projektů|návrhů)|(?:obdob\w*|lhůt\w*)\s+(?:pro\s+)?podá\w*"
    r"|príjem\s+(?:žiadostí|prihlášok|projektov)|einreichungs(?:frist|zeitraum)"
    r"|antragszeitraum|bewerbungszeitraum|nabór\s+wniosków|(?:okres|termin)\s+naboru"
    r"|période\s+de\s+(?:dépôt|candidature)|plazo\s+de\s+presentación"
    r"|periodo\s+di\s+presentazione|ouverture\s+de\s+l'appel|annonce\s+des\s+(?:lauréats|résultats)"
    r"|apertura\s+(?:del\s+bando|de\s+la\s+convocatoria)|publicación\s+de\s+(?:la\s+)?resolución"
    r"|(?:evaluation\s+)?results?\s+(?:expected|announced"
    r"|published)|výsledky\s+(?:budou\s+)?(?:zveřejněny|oznámeny)"
    r"|ergebnisse\s+(?:werden\s+)?(?:bekanntgegeben|veröffentlicht)"
    r"|wyniki\s+(?:zostaną\s+)?(?:ogłoszone|opublikowane))\b[^.!?\n]{0,12}$",
    re.IGNORECASE,
)
# A plan to publish or announce, in the month's own clause ("die genauen Termine werden
# im Januar bekannt gegeben", "regulamin opublikujemy w sierpniu", "the dates will be
# announced in March"): the month of a notice, not of an activity. ("proběhne v březnu;
# přesné datum oznámíme" is an event's month: the notice is another clause's.)
_ANNOUNCED = re.compile(
    r"\b(?:announc\w*|publish\w*|bekannt\s*(?:ge)?geben|veröffentlich\w*|opublikuj\w*"
    r"|ogłos\w*|oznám\w*|zveřejn\w*|zverejn\w*|annonc\w*|publier\w*|publica\w*|anuncia\w*"
    r"|pubblic\w*|annunc\w*|bekendmak\w*|publicer\w*|offentliggør\w*|julkaist\w*"
    r"|ilmoitet\w*|objav\w*|közzé\w*|anunț\w*|ανακοιν\w*)",
    re.IGNORECASE,
)
_ASIDE = re.compile(r"[^\S\n]{0,2}\([^()\n]{1,120}\)")
# The day a count is taken at ("K 31. 12. 2025 mal klaster 57 členov", "Socios a 31 de
# diciembre de 2025: 94", "Mitglieder zum 31.12.2025", "as of 30 June"): a quarter's or
# a year's last day after "as at" in the languages of annual reports, never an activity.
_AS_AT = re.compile(
    r"(?:\b(?:as\s+(?:of|at)|k|ke|ku|zum|stand|au|al|a|per|na\s+dan|stan\s+na|на|станом\s+на"
    r"|по\s+состоянию\s+на|à\s+la\s+date\s+du|alla\s+data\s+del)\s+)$",
    re.IGNORECASE,
)
_QUARTER_ENDS = frozenset(((3, 31), (6, 30), (9, 30), (12, 31)))
# A listing's filter ("Događaji od 01.01.2027 do 30.06.2027", "Events from ... to ..."):
# the range of the list shown, not an event: a plural "events" on the line right before a
# range that opens with its "from" word.
_EVENTS_FROM = re.compile(
    r"\b(?:events|veranstaltungen|termine|događaji|dogadjaji|догађаји|wydarzenia|akce|podujatia"
    r"|eventos|événements|eventi|evenementen|evenimente|rendezvények|arrangementer"
    r"|evenemang|tapahtumat|etkinlikler|події)[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)


# The same session in another time zone: "23:00 – 00:30 CET (Friday 5 February, 09:00 –
# 10:30 AEDT)": a date in brackets right after a time and its zone is the day there.
_OTHER_ZONE = re.compile(
    r"\d[:.]\d\d\s*(?:[ap]\.?m\.?\s*)?(?-i:[A-Z]{1,4}T|UTC|GMT)\s*\(\s*(?:[^\W\d_]+,?\s+)?$",
    re.IGNORECASE,
)


# Approved or granted in one month ("Neu bewilligt wurde im Oktober 2026 das Projekt",
# "Aprovado em novembro, o projeto"): the funder's decision, not the project; a period
# in the clause ("the project (October 2023 – March 2025) has been approved") is its own.
_APPROVED = re.compile(
    r"\b(?:bewilligt|genehmigt|approved|granted|aprovad[oa]|aprobad[oa]|approvat[oa]"
    r"|approuvée?|schválen\w*|zatwierdzon\w*|jóváhagy\w*|goedgekeurd|beviljad\w*"
    r"|bevilget|hyväksyt\w*)",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;:.!?\n]")


def _clause(text: str, offset: int, end: int) -> str:
    """The words between the punctuation marks around a date (at most 60 characters)."""
    before = text[max(0, offset - 60) : offset]
    cuts = list(_CLAUSE_END.finditer(before))
    after = text[end : end + 60]
    stop = _CLAUSE_END.search(after)
    head = before[cuts[-1].end() if cuts else 0 :]
    return head + text[offset:end] + after[: stop.start() if stop else None]


# Since when something has been so, and when an organisation was founded.
_SINCE = re.compile(
    r"\b(?:since|founded|established|set\s+up|(?:was|were)\s+created|od\s+roku|založen\w*"
    r"|vznikl\w*|seit|gegründet|od\s+(?:roku|r\.)|założon\w*|powstał\w*|utworzon\w*|depuis"
    r"|fondée?s?|créée?s?|desde|fundad\w*|cread[oa]|fondat\w*"
    # founded, in Slovenian/Croatian, Romanian, Galician/Spanish/Portuguese, Irish,
    # Dutch, Swedish/Danish, Finnish, Estonian, Lithuanian
    r"|ustanovljen\w*|osnovan\w*|înființat\w*|constitu[íi]d[oa]s?|bunaíodh|opgericht"
    r"|grundad\w*|grundlagt|perustettiin|perustettu|asutati|įkurt\w*)(?:\s+\w+){0,3}\s+$",
    re.IGNORECASE,
)
# The same after the date, where the verb ends the sentence ("Der Verein wurde im Jahr
# 2000 gegründet", "in 2004 opgericht", "2005-ben alapították").
_FOUNDED_AFTER = re.compile(
    r"[ \t]{1,3}(?:[^\W\d_]+[ \t]{1,3}){0,2}(?:gegründet|opgericht|alapít\w*|ustanovljen\w*"
    r"|osnovan\w*|založen\w*|założon\w*)(?!\w)",
    re.IGNORECASE,
)
# Where a quoted text or a picture comes from, or when the page itself was changed.
_REFERENCE = re.compile(
    r"(?:taken\s+from|source:?|published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?"
    r"|převzato(?:\s+z)?|zdroj:?|aktualizováno|aktualizované|aktualisiert(?:\s+am)?"
    r"|zaktualizowano|mise?\s+à\s+jour(?:\s+(?:du|le))?|quelle:?|stand:?|źródło:?"
    r"|opdateret(?:\s+den)?|oppdatert|uppdaterad|päivitetty|bijgewerkt(?:\s+op)?"
    r"|публикувано(?:\s+на)?|обновено(?:\s+на)?|δημοσιεύθηκε|ενημερώθηκε|publicēts|atjaunināts"
    r"|publisert)"
    r"\s*(?:the\s+)?[\(\[:]?\s*$",
    re.IGNORECASE,
)
# A date that no longer holds: the slot an event was moved away from.
_MOVED = re.compile(
    r"\b(?:originally|initially|(?:postponed|moved)\s+from|initialement|ursprünglich"
    r"|verschoben\s+vo[mn]|inicialmente|inizialmente|oorspronkelijk"
    r"|původně|pôvodne|pierwotnie|przeniesion\w*\s+z)(?:\s+\w+){0,3}\s+$",
    re.IGNORECASE,
)
# A copyright line: the years the page's text has been published in.
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*$", re.IGNORECASE)
# The number of an issue ("Issue 3/2020", "Nr. 2/2019"): a newsletter's, not a date.
_ISSUE = re.compile(
    r"(?:\b(?:issue|no\.?|nr\.?|number|číslo|čís\.|ausgabe|heft|numer|n\.|vydání|número|numero"
    r"|núm\.?|nro\.?)|\bn\.?\s?[°º]|\bn:o)\s*$",
    re.IGNORECASE,
)
# A programme's or a policy's period ("Operační program ... 2014–2020", "Förderperiode 2019/2020").
_PROGRAMME = re.compile(
    r"\b(?:program(?:me|u|a|y)?|programm\w*|förderperiode|förderzeitraum|programovací\w*"
    r"|programové\w*|perspektyw\w*|okres\w*\s+programowania|période\s+de\s+programmation"
    r"|programaci\w+|programmazione|funding\s+period|programming\s+period|interreg\w*"
    r"|horizon|cosme|erasmus\+?|politi(?:que|cs?|k\w*|ka|ky|ce)|polity\w*|strateg\w*"
    r"|fundusz\w*|funds?|fonds?|fondos|fondi|fundos|fonduri(?:le)?"
    r"|програм\w*|стратеги\w*|фонд\w*)\b",
    re.IGNORECASE,
)
# The EU's seven-year budget periods (2007–2013, 2014–2020, 2021–2027, 2028–2034): years
# that are exactly one are its programmes' and funds' period ("Regionala utvecklingsfonden
# 2021–2027", "PR FESR 2021-2027", "programi IPA III 2021–2027"), whatever a language
# calls the programme or the fund; a project runs for a few years of its own.
_BUDGET_PERIOD = re.compile(r"(20(?:00|07|14|21|28))[ \t]{0,2}[-–—/][ \t]{0,2}(20\d\d)")


def _budget_period(words: str) -> bool:
    m = _BUDGET_PERIOD.fullmatch(words)
    return m is not None and int(m.group(2)) - int(m.group(1)) == 6


# A verb of duration right before the years: they are the time of the sentence's subject
# ("SkillsUp Food, funded by Erasmus+, runs 2023–2026"), whatever programme it names.
_RUNS = re.compile(
    r"\b(?:runs?|ran|running|lasts?|lasted|lasting|(?:is|was|will\s+be)\s+implemented"
    r"|läuft|lief|dauert|trvá|trval\w*|probíh\w*|probíhal\w*|realizován\w*|realizovan\w*"
    r"|trwa\w*|realizowan\w*|dure|durera|a\s+duré|dura|durará|durò|si\s+svolge"
    # and a term's noun ("looptijd 2023 t/m 2026", "Laufzeit: 2022–2024", "som pågår")
    r"|looptijd|loopt|pågår|löper|løber|løbetid|laufzeit|durée|durata|duración|duração"
    r"|kestää|trajanje|traje|se\s+desfășoară|în\s+perioada)"
    r":?\s+(?:(?:from|in|between|during|od|von|vom|v|w|en|dal|de|in\s+the\s+years|v\s+letech"
    r"|v\s+rokoch|w\s+latach|in\s+den\s+Jahren)\s+)?$",
    re.IGNORECASE,
)
# "from the 1st May 201 to the 31st October 2015": the end of a range whose start is unreadable.
_BROKEN_RANGE = re.compile(
    r"\b(?:from|od|vom|von|du)\b[^.!?]{1,40}?\b(?:to|do|bis|au)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A sentence ends at its full stop, or at a line's end (a page's lines are paragraphs,
# headings and list points, not a text wrapped at 80 characters).
_SENTENCE_END = re.compile(r"[.!?;]\s+(?=[A-ZÁČĎÉĚÍĽĹŇÓÔŘŠŤÚŮÝŽÄÖÜŁŚŻŹ])|\n")


def sentence_before(text: str, offset: int, *, limit: int = 200) -> str:
    """The words of the date's sentence that come before it (at most `limit` characters)."""
    window = text[max(0, offset - limit) : offset]
    cut = 0
    for m in _SENTENCE_END.finditer(window):
        cut = m.end()
    return window[cut:]


def sentence_around(text: str, offset: int, end: int, *, limit: int = 300) -> str:
    """The whole sentence the date stands in (bounded, for the call and title checks)."""
    after = text[end : end + limit]
    m = re.search(r"[.!?](?=\s|$)|\n", after)
    return (
        sentence_before(text, offset, limit=limit)
        + text[offset:end]
        + after[: m.start() if m else None]
    )


SOURCE = "the date of a source text or of an update"


# A label on the line above its value: "• Anmeldeschluss / • 20. März 2025", as `html`
# writes a definition list (<dt>, <dd>) or a form's fields.
_LABEL_ABOVE = re.compile(
    r"\n[ \t]*(?:[•·▪‣*-][ \t]+)?([^\n]{1,40}?)[ \t]*:?[ \t]*\n[ \t]*(?:[•·▪‣*-][ \t]+)?$"
)


def _label_above(text: str, offset: int) -> str | None:
    """The short line above a date that opens its line (a bullet aside), with a colon
    added: read as the words before the date, as "Anmeldeschluss: 20. März 2025" is."""
    m = _LABEL_ABOVE.search(text, max(0, offset - 60), offset)
    return f"{m.group(1)}: " if m else None


# "do 5 jun", "Do 5. Juni": a day, with or without its dot, and a month's name
_DAY_AND_MONTH = re.compile(r"\d{1,2}(\.?)\s{1,3}([^\W\d_]{3,9})\.?(?!\w)")


def _dutch_weekday(cue: str, date_text: str) -> bool:
    """The cue is Dutch or German "do"/"Do" (donderdag, Donnerstag: Thursday), not Slavic
    "do" (until): "do 5 jun · 14:00" on a Dutch agenda, "Do 5. Juni 2025" on a German
    one. The month says which: Slavic pages name it in their own words ("do 5. června",
    "do 5 czerwca"); a name Slovenian shares with Dutch ("jun") is Dutch only after a
    day without its dot (Slavic pages write "do 5. jun.")."""
    if cue.strip().lower() != "do":
        return False
    m = _DAY_AND_MONTH.match(date_text)
    if m is None or (word := m.group(2).lower()) not in forms_of("nl", "de"):
        return False
    return not m.group(1) or word not in forms_of("cs", "sk", "pl", "sl", "hr")


# "Until" written as a case after the date: Hungarian "március 30-ig", Estonian "15.
# veebruarini", Finnish "maaliskuuhun"; a span's end is in it too ("jaanuarist ...
# detsembrini", "1-jétől ... 31-ig"), so only a date with no start of its own.
_UNTIL_AFTER = re.compile(r"-[^\W\d_]{0,3}ig(?!\w)")
# Finnish "until" after its date: "30.4.2026 asti", "saakka", "mennessä" (by)
_UNTIL_POSTPOSITION = re.compile(r"[^\S\n]{1,3}(?:asti|saakka|mennessä)(?!\w)", re.IGNORECASE)
_SPAN_INSIDE = re.compile(r"t[óő]l(?!\w)|[-–—]|\s(?:és|kuni|ja|és)\s")


def _until_case(text: str, offset: int, end: int) -> bool:
    words = text[offset:end]
    if _SPAN_INSIDE.search(words):
        return False
    cases = [month_case(w) for w in re.findall(r"[^\W\d_]{3,}", words)]
    after = _UNTIL_AFTER.match(text, end) or _UNTIL_POSTPOSITION.match(text, end)
    return "from" not in cases and ("until" in cases or bool(after))


def _quarter_end(words: str) -> bool:
    """The words are one day, the last of a quarter or a year (31 December, 30 June)."""
    spans = find_dates(words)
    return (
        len(spans) == 1
        and spans[0].start == spans[0].end
        and (spans[0].start.month, spans[0].start.day) in _QUARTER_ENDS
    )


def date_role(text: str, offset: int, end: int, precision: str = "day") -> str | None:
    """None for a date an event or project happens on; else why it is not one."""
    before = sentence_before(text, offset).replace("’", "'")  # "jusqu’au": one apostrophe
    if not before.strip(" \t•·▪‣*-") and (label := _label_above(text, offset)) is not None:
        before = label
    if _REFERENCE.search(before[-60:]):
        return SOURCE
    if _COPYRIGHT.search(before[-14:]):
        return "a copyright line"
    if _ISSUE.search(before[-12:]):
        return "the number of an issue"
    until = _UNTIL.search(before[-60:])
    if until and _dutch_weekday(until.group(0), text[offset:end]):
        until = None
    closing = _CLOSING.search(before[-40:]) and _APPLIED_FOR.search(before)
    deadline = _DEADLINE.search(before[-70:]) or _DEADLINE_UNSPACED.search(before[-50:])
    if until or closing or deadline or _until_case(text, offset, end):
        return "a deadline or a registration date"
    if _CLOSED.search(before[-40:]) or _CLOSED.search(_clause(text, offset, end)):
        return "an office closure, a holiday or office hours"
    if _IN_FORCE.search(before[-40:]):
        return "the day a rule or a price applies from"
    if _CALL_PERIOD.search(before[-70:]) or _APPLICATION_STEP.search(before[-100:]):
        return "a call's or a registration's period"
    if _BROKEN_RANGE.search(before[-60:]):
        return "the end of a range whose start cannot be read"
    if _SINCE.search(before[-50:]) or _FOUNDED_AFTER.match(text, end, end + 60):
        return "a founding or 'since' date"
    if _AS_AT.search(before[-20:]) and _quarter_end(text[offset:end]):
        return "the day a count is taken at"
    opened = text[offset:end][:1].isalpha()  # "od 01.01.2027 do 30.06.2027"
    if opened and _EVENTS_FROM.search(text[max(0, offset - 30) : offset]):
        return "the range of dates a listing shows"
    if _OTHER_ZONE.search(text[max(0, offset - 40) : offset]):
        return "the same time in another time zone"
    if _MOVED.search(before[-60:]):
        return "a date the event was moved away from"
    programme = precision == "year" and _PROGRAMME.search(before[-80:])
    if (programme or _budget_period(text[offset:end])) and not _RUNS.search(before):
        return "a funding programme's or a policy's period"
    if precision == "month":
        clause = _clause(text, offset, end)
        if aside := _ASIDE.match(text, end):  # "Juni 2026 (exact date to be announced)"
            clause = clause.replace(aside.group(0), " ")  # the event's month, its day to come
        if _ANNOUNCED.search(clause):
            return "the month something will be published or announced"
        one_month = not _SPAN_INSIDE.search(text[offset:end])
        if one_month and _APPROVED.search(clause):
            return "the month a project was approved"
    if _CALL.search(sentence_around(text, offset, end)):
        return "the date of a funding call"
    return None
