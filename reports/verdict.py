"""The label sentence: "Ready for the Bronze label", and what it rests on when that is weak.

Why a module of its own: the cover, the summary and the workbook all lead with this one
sentence, and a board reads it as the result of the whole report, so it must be exact
in both languages and say when the readiness rests on evidence nobody has reviewed yet.
Decisions:
- a label's title may already name itself a label (the Czech "certifikát Gold", "Gold
  label"): then the sentence does not add the word again ("Připraven na certifikát Gold",
  not "... certifikát certifikát Gold"); a bare title ("Bronze") gets it ("Ready for the
  Bronze label", "Připraven na certifikát Bronze");
- "on unreviewed evidence" when the highest ready label's readiness counts drafts (the
  engine's `LabelResult.qualification`) or any counted record behind the scores is not
  yet verified (submitted, needs information): an audit counts verified records only, so
  such a verdict is a forecast, not a result. The detail (how many records, drafts) is a
  sentence of its own (`basis`), shown under the verdict.
"""

from __future__ import annotations

from assessment.snapshot import Snapshot

from .i18n import Lang

# A word of a title that already says "label" (in any report language).
LABEL_WORDS = frozenset({"label", "certificate", "certifikát", "certifikace", "značka", "známka"})


def unreviewed(snapshot: Snapshot) -> int:
    """Records behind the scores that this assessment counts but nobody has verified.

    "Behind the scores" is every record the snapshot lists (`Snapshot.evidence`: those
    the indicators count and those a judgement cites), the same records the summary's
    "N evidence records support the scores; M of them verified" and the findings page's
    tally by status count, so that the three never disagree.
    """
    counted = set(snapshot.counted_statuses) | ({"draft"} if snapshot.include_drafts else set())
    return sum(1 for r in snapshot.evidence if r.status in counted and r.status != "verified")


def names_itself(title: str) -> bool:
    return any(word in LABEL_WORDS for word in title.strip().lower().split())


def qualified(snapshot: Snapshot, label_id: str) -> bool:
    """Whether the readiness for `label_id` rests on unreviewed evidence."""
    label = next((lb for lb in snapshot.labels if lb.id == label_id), None)
    if label is None or not label.ready:
        return False
    return bool(label.qualification) or unreviewed(snapshot) > 0


def verdict(snapshot: Snapshot, titles: dict[str, str], lang: Lang) -> str:
    """The label sentence for the highest ready label (catalogue order), in `lang`.

    `titles`: label id -> title in the report's language.
    """
    _ = lang._
    ready = [lb for lb in snapshot.labels if lb.ready]
    if not ready:
        return _("Not yet ready for any label")
    top = ready[-1]
    title = titles.get(top.id, top.title)
    if qualified(snapshot, top.id):
        if names_itself(title):
            return _("Ready for the {label} on unreviewed evidence").format(label=title)
        return _("Ready for the {label} label on unreviewed evidence").format(label=title)
    if names_itself(title):
        return _("Ready for the {label}").format(label=title)
    return _("Ready for the {label} label").format(label=title)


def basis(snapshot: Snapshot, lang: Lang) -> str:
    """What a qualified verdict rests on, in a sentence ("" when it is not qualified)."""
    ready = [lb for lb in snapshot.labels if lb.ready]
    if not ready or not qualified(snapshot, ready[-1].id):
        return ""
    drafts = sum(1 for r in snapshot.evidence if r.status == "draft")
    others = unreviewed(snapshot) - drafts if snapshot.include_drafts else unreviewed(snapshot)
    parts = []
    if others > 0:
        parts.append(
            lang.n_(
                "{n} record behind the scores is not yet verified.",
                "{n} records behind the scores are not yet verified.",
                others,
            ).format(n=others)
        )
    if snapshot.include_drafts and drafts > 0:
        parts.append(
            lang.n_(
                "{n} draft record is counted: evidence not yet submitted.",
                "{n} draft records are counted: evidence not yet submitted.",
                drafts,
            ).format(n=drafts)
        )
    parts.append(_audit_note(lang))
    return " ".join(parts)


def _audit_note(lang: Lang) -> str:
    return lang._("An audit counts verified evidence only.")


__all__ = ["basis", "names_itself", "qualified", "unreviewed", "verdict"]
