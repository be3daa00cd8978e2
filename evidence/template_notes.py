"""What each column of the evidence workbook asks for, written for the person filling it in.

Why: the notes on the template's headers were made from field names ("invited of the
survey", "approved by of the document"), so the one place a manager reads before typing
said nothing a person would. Each column now has a sentence written for it, per kind
where the same column means different things (a member's `start` is the day it joined,
an event's the day it took place), then what the cell takes (a date, a whole number,
yes or no, a word from the list) and whether it is required.

Every sentence is an English msgid (`N_`), so the template can be written in Czech
(`write_template(..., translate=gettext)` with the reports' catalogue,
reports/locale/cs/LC_MESSAGES/clex.po); the words of a dropdown are not translated, as
an import reads them. tests/test_cli_template.py fails on a column without a sentence of
its own and on a sentence without its Czech.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import FieldInfo
from .terms import N_
from .vocabulary import TAGS, TRANSITIONS, other_topics

# Columns every kind has, with the same meaning everywhere.
COMMON: dict[str, str] = {
    "id": N_(
        "The record's id. Leave it empty for a new record (clex derives a stable one); keep "
        "it as exported when you correct a record, so the correction updates that record."
    ),
    "date_precision": N_(
        "How exactly the dates are known: day; or month or year when the source gives only "
        "the month (June 2020) or only the year. Then start is the first day of that month "
        "(year) and end the last day of the month (year) it ended in; an event without an "
        "end took place within the start's month (year)."
    ),
    "tags": N_(
        "Topics, comma-separated, from: {tags}. They describe the record; the built-in "
        "catalogue counts them only on services (the digital and the green transition)."
    ),
    "url": N_("A web address where the auditor can see it (clex never opens it)."),
    "attachment": N_(
        "The file that proves it, as a path inside the workspace folder, e.g. "
        "docs/strategy-2024.pdf; its fingerprint (SHA-256) is recorded at import."
    ),
    "expires": N_(
        "The day after which this evidence no longer proves anything, e.g. a certificate's "
        "expiry; empty if it does not expire."
    ),
    "notes": N_("Anything worth knowing about this record, in your own words."),
}

# (kind, column) -> the sentence, where a column means something of its own in a kind.
BY_KIND: dict[tuple[str, str], str] = {
    # member
    ("member", "title"): N_("The member organisation's name."),
    ("member", "start"): N_("The day the organisation joined the cluster."),
    ("member", "end"): N_("The day the organisation left the cluster; empty while it is a member."),
    ("member", "type"): N_("What kind of organisation the member is."),
    ("member", "country"): N_(
        "The country of the member's seat: its two-letter ISO code (CZ, DE, GB) or its name "
        "(Germany, Německo)."
    ),
    ("member", "region"): N_(
        "The region of the member's seat: its ISO 3166-2 code (CZ-51) or its name (Liberecký kraj)."
    ),
    ("member", "committed"): N_(
        "Has the member formally committed to the cluster, e.g. by a signed membership agreement?"
    ),
    ("member", "fee_paying"): N_("Does the member pay a membership fee?"),
    ("member", "org_id"): N_(
        "The company number, VAT number or ROR id. Rows with the same org_id are one member."
    ),
    # event
    ("event", "title"): N_("The event's name, e.g. Cluster day 2024."),
    ("event", "start"): N_("The day the event took place (its first day)."),
    ("event", "end"): N_("The last day, for an event of several days; otherwise empty."),
    ("event", "role"): N_("The cluster's role at the event."),
    ("event", "format"): N_("What kind of event it was."),
    ("event", "city"): N_("The city where the event took place."),
    ("event", "country"): N_(
        "The country where the event took place: its two-letter ISO code (CZ, DE, GB) or its "
        "name. The EU's UK and EL are read as GB and GR. Empty: in the cluster's own country."
    ),
    ("event", "participants"): N_("How many people took part in all."),
    ("event", "members_involved"): N_("How many member organisations took part."),
    ("event", "audience"): N_("Who the event was for: members, the public, or both (mixed)."),
    ("event", "venue"): N_(
        "Where it took place: on site (or empty), online, or hybrid. An online event is "
        "no presentation in the country given."
    ),
    # project
    ("project", "title"): N_("The project's full title."),
    ("project", "start"): N_("The day the project started."),
    ("project", "end"): N_("The day the project ended or will end."),
    ("project", "acronym"): N_("The project's short name, e.g. NANOFIL."),
    ("project", "role"): N_("The cluster's role in the project: lead partner, partner or support."),
    ("project", "funder"): N_("Who funds the project, e.g. TA CR or the European Commission."),
    ("project", "programme"): N_("The funding programme, e.g. Horizon Europe or Interreg."),
    ("project", "budget_eur"): N_("The project's total budget in euro."),
    ("project", "cluster_budget_eur"): N_(
        "The cluster organisation's own share of the budget, in euro."
    ),
    ("project", "partners"): N_("The partner organisations' names, comma-separated."),
    ("project", "partner_countries"): N_(
        "The partners' countries, comma-separated: two-letter ISO codes (CZ, DE, GB) or names; "
        "each country counts once. The EU's UK and EL are read as GB and GR."
    ),
    ("project", "member_participants"): N_("How many cluster members take part in the project."),
    ("project", "project_status"): N_(
        "Where the project stands: planned, running or completed; empty counts as running. "
        "An application refused or withdrawn: not_funded; a project called off before "
        "it ran: cancelled (no indicator counts either). A project stopped while it ran: its "
        "last day as the end, and completed."
    ),
    # document
    ("document", "title"): N_("The document's title."),
    ("document", "start"): N_(
        "The document's date: the day it was approved or published. A report on a span "
        "written after it (the year's KPI report): the span's first day, its approval "
        "under approved_on."
    ),
    ("document", "end"): N_(
        "The day the document stopped applying, e.g. when a newer one replaced it; empty "
        "while it applies. A report on a span: the span's last day."
    ),
    ("document", "doc_type"): N_("What kind of document it is."),
    ("document", "approved_by"): N_(
        "Who approved the document, e.g. the general assembly or the board."
    ),
    ("document", "approved_on"): N_("The day the document was approved."),
    # communication
    ("communication", "title"): N_(
        "What was published: the newsletter's issue, the press release's headline, the "
        "article's title."
    ),
    ("communication", "start"): N_("The day it was published."),
    ("communication", "end"): N_("The day it ended, for a campaign; otherwise empty."),
    ("communication", "channel"): N_("Where it was published."),
    ("communication", "audience"): N_(
        "Who it was meant for, in your own words, e.g. members or the regional press."
    ),
    ("communication", "reach"): N_("How many people it reached: subscribers, readers or views."),
    ("communication", "items"): N_(
        "How many items this row stands for: 1 (or empty) for one newsletter, news item, "
        "post or mention; a monthly social-media report of 20 posts is one row with 20. "
        "The counts of newsletters, press and web activity add them up."
    ),
    # presence
    ("presence", "title"): N_(
        "What it is: the website, the ECCP profile, the LinkedIn page and so on."
    ),
    ("presence", "start"): N_("The day it went online."),
    ("presence", "end"): N_("The day it closed; empty while it is online."),
    ("presence", "platform"): N_(
        "What kind of presence it is: the website, the profile on the ECCP platform, a "
        "social media account, or other."
    ),
    ("presence", "languages"): N_(
        "The languages of its content, comma-separated: codes (en, cs) or names."
    ),
    # service
    ("service", "title"): N_("The service as members know it, e.g. Export matchmaking 2024."),
    ("service", "start"): N_(
        "The day the service was delivered (a service delivered once), its first day (one "
        "run over a set time), or the day it was first offered (a standing service, such "
        "as an information desk)."
    ),
    ("service", "end"): N_(
        "A service delivered once: its day again; one run over a set time: its last day. "
        "Empty for a standing service while it is offered: it then counts in every year "
        "from its start. When it stops, give the day it stopped."
    ),
    ("service", "category"): N_("What kind of service it is."),
    ("service", "members_served"): N_(
        "How many member organisations used the service: over its whole time for a "
        "service with an end; in a year for a standing service (end empty). When a "
        "standing service stops, give its end and the members it served over the whole "
        "time it was offered."
    ),
    ("service", "fee_based"): N_("Do members pay for the service?"),
    ("service", "tags"): N_(
        "Topics, comma-separated, from: {tags}. A service on the digital transition: "
        "{digital}; on the green transition: any of {green}. The other topics ({other}) "
        "describe the service and count for no indicator of the built-in catalogue."
    ),
    # staff
    ("staff", "title"): N_("The person's job title, e.g. Cluster manager."),
    ("staff", "start"): N_("The day the person started working for the cluster."),
    ("staff", "end"): N_(
        "The last day of employment; empty while the person works for the cluster."
    ),
    ("staff", "role"): N_(
        "The person's role in the management team, e.g. manager or project officer."
    ),
    ("staff", "fte"): N_("Full-time equivalent: 1 for full time, 0.5 for half time (0 to 1.5)."),
    ("staff", "employed_since"): N_(
        "When this row continues an earlier one of the same person (a change of FTE or "
        "role from its start): the day the person started working for the cluster."
    ),
    # training
    ("training", "title"): N_("The name of the course or training."),
    ("training", "start"): N_("The day of the training (its first day, for a course)."),
    ("training", "end"): N_("The last day, for a course of several days; otherwise empty."),
    ("training", "hours"): N_("How many hours the training took (more than 0)."),
    ("training", "person"): N_("Who took the training: the staff member's name."),
    # finance
    ("finance", "title"): N_("What the money is, e.g. Membership fees 2024."),
    ("finance", "start"): N_(
        "The first day of the span the amount covers (a financial year: 1.1.2024)."
    ),
    ("finance", "end"): N_(
        "The last day of that span (31.12.2024; for a six-year grant entered once, the end "
        "of its sixth year); empty for a one-off payment."
    ),
    ("finance", "year"): N_("The financial year the amount belongs to, e.g. 2024."),
    ("finance", "source_type"): N_("Where the money comes from."),
    ("finance", "amount_eur"): N_("The amount in euro."),
    ("finance", "secured_until"): N_(
        "The day until which this income is secured, e.g. the end of a signed grant."
    ),
    # survey
    ("survey", "title"): N_("The survey's name, e.g. Member satisfaction survey 2024."),
    ("survey", "start"): N_("The day the survey opened."),
    ("survey", "end"): N_("The day the survey closed."),
    ("survey", "invited"): N_("How many members were asked to answer."),
    ("survey", "respondents"): N_("How many members answered."),
    ("survey", "satisfaction"): N_("The average satisfaction, on a scale from 0 to 100."),
}

# What a cell of each type takes (a list column's sentence says "comma-separated").
CELL: dict[str, str] = {
    "date": N_("A date: 2024-03-31 or 31.3.2024."),
    "int": N_("A whole number."),
    "float": N_("A number."),
    "bool": N_("Pick yes or no."),
}
PICK = N_("Pick one from the list: {choices}.")
REQUIRED = N_("Required.")


def sentence(kind: str, name: str) -> str | None:
    """The column's own sentence (English), or None when it has none yet."""
    return BY_KIND.get((kind, name)) or COMMON.get(name)


def column_note(
    kind: str, name: str, info: FieldInfo, translate: Callable[[str], str] | None = None
) -> str:
    """The note on a data column's header: its sentence, what a cell takes, required."""
    _ = translate or str
    own = sentence(kind, name)
    parts = [_(own) if own else info.description or name.replace("_", " ").capitalize() + "."]
    if own and name == "tags":  # the topics, and which of them a transition counts
        parts[0] = parts[0].format(
            tags=", ".join(TAGS),
            other=", ".join(other_topics()),
            **{k: ", ".join(v) for k, v in TRANSITIONS.items()},
        )
    if info.type in CELL:
        parts.append(_(CELL[info.type]))
    if info.type == "choice":
        parts.append(_(PICK).format(choices=", ".join(info.choices)))
    if info.required:
        parts.append(_(REQUIRED))
    return " ".join(parts)
