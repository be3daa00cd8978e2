"""The fixed vocabulary a message may name: evidence kinds, fields, choice values, statuses.

Why: a reader must never see `fee_paying` or `large_company`. A message names such a word
as a term (`evidence.messages.term("field:fee_paying")`); this module gives its English
word ("fee-paying"), which is the msgid a report translates (`reports/locale`). Keys are
namespaced because one name can be several things: `kind:event`, `field:type`,
`choice:sme`, `status:needs_info`, `scope:in_period`. A key without a word of its own
reads as its name with spaces ("choice:large_company" -> "large company"), so a new field
or choice is never unreadable, only untranslated until the `.po` file has it
(tests/test_messages.py lists every term, `evidence.term_keys.all_terms`, and fails on
one without a Czech word).
"""

from __future__ import annotations


def N_(text: str) -> str:
    """Marks a msgid for extraction where it is defined, translated where it is shown."""
    return text


WORDS: dict[str, str] = {
    # kinds, as a record of that kind is called
    "kind:presence": N_("online presence"),
    # fields whose name is not a phrase
    "field:fee_paying": N_("fee-paying"),
    "field:amount_eur": N_("amount"),
    "field:fte": N_("FTE"),
    "field:org_id": N_("organisation id"),
    "field:url": N_("web address"),
    "field:id": N_("id"),
    "field:start": N_("start date"),
    "field:end": N_("end date"),
    "field:expires": N_("expiry date"),
    "field:budget_eur": N_("budget"),
    "field:cluster_budget_eur": N_("cluster's budget"),
    "field:doc_type": N_("document type"),
    "field:approved_on": N_("approval date"),
    "field:fee_based": N_("fee-based"),
    "choice:on_site": N_("on site"),
    # choice values whose name is not a word
    "choice:sme": N_("SME"),
    "choice:startup": N_("start-up"),
    "choice:co_organiser": N_("co-organiser"),
    "choice:needs_info": N_("needs information"),
    "choice:kpi_report": N_("KPI report"),
    "choice:collaborative_rd": N_("collaborative R&D"),
    "choice:eccp_profile": N_("ECCP profile"),
    "choice:public_regional": N_("public (regional)"),
    "choice:public_national": N_("public (national)"),
    "choice:public_eu": N_("public (EU)"),
    # statuses
    "status:needs_info": N_("needs information"),
    "status:withdrawn": N_("withdrawn by the manager"),
    # yes and no, as a condition's value
    "value:yes": N_("yes"),
    "value:no": N_("no"),
    # the groups of the built-in catalogue's triple-helix indicator (S4)
    "group:industry": N_("industry"),
    "group:research": N_("research"),
    "group:public": N_("public sector"),
    # the fields of the cluster's profile that conditions compare records with
    "profile:country": N_("country"),
    "profile:region": N_("region"),
    "profile:founded": N_("founding year"),
    # the tags of the fixed vocabulary (evidence.vocabulary.TAGS), as a condition's value
    "tag:digital": N_("digital transition"),
    "tag:green": N_("green transition"),
    "tag:circular_economy": N_("circular economy"),
    "tag:energy": N_("energy"),
    "tag:health": N_("health"),
    "tag:innovation": N_("innovation"),
    "tag:research": N_("research"),
    "tag:skills": N_("skills"),
    "tag:internationalisation": N_("internationalisation"),
}


def word(key: str) -> str:
    """The English word of a vocabulary key (the key's name, spaced, when it has none)."""
    found = WORDS.get(key)
    if found is not None:
        return found
    name = key.split(":", 1)[-1]
    return name.replace("_", " ")
