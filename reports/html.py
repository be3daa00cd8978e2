"""The PDF report's HTML: the context through the Jinja2 templates, as WeasyPrint gets it.

Why a module of its own: the one-process writer (reports/pdf.py) and the parallel one
(reports/parallel.py) both print this HTML, the latter in parts; both import it, and it
imports neither. It is built this way:
- one Jinja2 environment per report, autoescape on, the user's `--templates` folder
  first and the package templates behind it, so any one section can be overridden;
  one per language and templates folder for the process (its templates compiled once,
  re-read when they change), so what comes before WeasyPrint stays small;
- evidence text is hostile: it only ever reaches HTML through autoescaped variables
  (what WeasyPrint may fetch besides is reports/weasy.py's business);
- `render_html` gives the very HTML (and base URL and fetcher) that `write_report`
  prints, so that WeasyPrint's own share of the time can be measured apart;
- templates render in a sandbox with bounds on what they may cost, the user's read
  only from their folder (reports/sandbox.py); template errors, refused templates and
  assets a template may not fetch (`refused`) are the user's errors (`UserDataError`,
  located at the template's file and line), not crashes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.sandbox import SecurityError
from weasyprint import HTML

from assessment.benchmark import MIN_GROUP
from evidence.findings import Finding, Location, UserDataError

from . import charts
from .context import SHA_PREFIX, build_context, key_messages, same_evidence
from .i18n import Lang
from .peers import peer_charts
from .sandbox import FolderLoader, ReportSandbox, TemplateRefused, bounded_render
from .views import AppendixGroup, ReportContext
from .weasy import BASE_URL, TEMPLATES, ReportFetcher

if TYPE_CHECKING:
    from assessment.benchmark import PeerFile
    from assessment.snapshot import Snapshot


def environment(lang: Lang, templates: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment of a report: user templates first, autoescape on.

    One per language and templates folder for the process, so that each template is
    compiled once; Jinja re-reads a template file that changed since.
    """
    if templates is not None and not templates.is_dir():
        raise UserDataError([Finding(file=str(templates), message="--templates must be a folder")])
    return _environment(lang.code, str(templates.resolve()) if templates is not None else None)


@functools.lru_cache(maxsize=8)
def _environment(code: str, templates: str | None) -> jinja2.Environment:
    lang = Lang(code)
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(FolderLoader(Path(templates)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    return lang_environment(lang, jinja2.ChoiceLoader(loaders), ReportSandbox)


def lang_environment(
    lang: Lang, loader: jinja2.BaseLoader, kind: type[jinja2.Environment] = jinja2.Environment
) -> jinja2.Environment:
    """A Jinja2 environment speaking `lang`: autoescape on, undefined names an error,
    gettext and the `lang_filters`. The reports' (a sandbox, for user templates) and the
    web page's (`web.render`) are both made here, so both escape and say values alike."""
    env = kind(
        loader=loader,
        autoescape=jinja2.select_autoescape(("html", "htm", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(lang_filters(lang))
    return env


def lang_filters(lang: Lang) -> dict[str, Any]:
    """The filters that say numbers, dates and statuses in `lang`: the reports' and the
    web page's templates (`web.render`) share them, so both say a value the same way."""
    return {
        "num": lang.num,
        "pct": lang.pct,
        "delta": lang.delta,
        "date": functools.lru_cache(maxsize=4096)(lang.date),  # 100,000 records, few days
        "level": lambda p: "full" if p >= 99.95 else ("part" if p > 0 else "none"),
        "status": lang.status,
        "source": lang.source,
        "severity": lang.severity,
        "span": _span,
        "msg": lang.msg,
        "value": lang.value,
        "kind": lang.kind,
        "field": lang.field,
        "choice": lang.choice,
    }


def _span(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return known[-1] - known[0] if len(known) > 1 else None


def counting_text(snap: Snapshot, lang: Lang) -> str:
    """What the assessment counted, in words ("audit: verified evidence only"): the
    cover's line, which the web page's dashboard says too."""
    _ = lang._
    if snap.mode == "audit":
        return _("audit: verified evidence only")
    if snap.include_drafts:
        return _("self-assessment: submitted, verified and draft records")
    return _("self-assessment: submitted and verified records")


def template_data(ctx: ReportContext) -> dict[str, Any]:
    """Everything the templates see, by name (documented in reports/templates/README).

    `appendix` is the whole appendix, one `AppendixGroup` per indicator; a part of a
    long appendix gets its own list instead (reports/parallel.py).
    """
    snap, lang = ctx.snapshot, ctx.lang
    _ = lang._
    audit = snap.mode == "audit"
    report_kind = (
        _("Cluster excellence audit") if audit else _("Cluster excellence self-assessment")
    )
    mode_text = counting_text(snap, lang)
    mode_names = (
        (_("Verified only"), _("Submitted and verified"))
        if audit
        else (_("Submitted and verified"), _("Verified only"))
    )
    other_mode_text = ctx.costs.audit  # only once reviews exist (reports/costs.py)
    toc = [{"anchor": "summary", "title": _("Executive summary"), "level": 1}]
    toc.append({"anchor": "areas", "title": _("Scores by area"), "level": 1})
    toc += [{"anchor": f"area-{a.id}", "title": a.title, "level": 2} for a in ctx.areas]
    toc.append({"anchor": "gaps", "title": _("Gaps and the cheapest path to Gold"), "level": 1})
    toc.append({"anchor": "costs", "title": _("What costs you points"), "level": 1})
    if ctx.trend:
        toc.append({"anchor": "trend", "title": _("Trend over time"), "level": 1})
    if ctx.peers:
        toc.append({"anchor": "peers", "title": _("Position among peers"), "level": 1})
    toc.append({"anchor": "findings", "title": _("Findings for the auditor"), "level": 1})
    toc.append({"anchor": "appendix", "title": _("Appendix: evidence per indicator"), "level": 1})
    title = f"{report_kind}: {snap.cluster.name}, {snap.period.label}"
    return {
        "lang": lang,
        "snapshot": snap,
        "title": title,
        "description": f"{ctx.catalogue_title} ({snap.catalogue.id} {snap.catalogue.version})",
        "keywords": [
            _("cluster excellence"),
            "ECEI",
            snap.catalogue.id,
            snap.period.label,
            snap.cluster.slug,
        ],
        "report_kind": report_kind,
        "mode_text": mode_text,
        "mode_names": mode_names,
        "other_mode_text": other_mode_text,
        "catalogue_title": ctx.catalogue_title,
        "labels": ctx.labels,
        "awards": ctx.awards,
        "verdict": ctx.verdict,
        "verdict_basis": ctx.verdict_basis,
        "any_ready": any(lb.ready for lb in ctx.labels),
        "gold_threshold": ctx.gold_threshold,
        "overall_change": ctx.overall_change,
        "previous_label": ctx.previous_label,
        "previous_overall": ctx.previous_overall,
        "minimums": ctx.minimums,
        "minimums_missed": ctx.minimums_missed,
        "areas": ctx.areas,
        "gold_path": ctx.gold_path,
        "gaps": ctx.gaps,
        "gold": ctx.gold,
        "costs": ctx.costs,
        "messages": key_messages(ctx),
        "trend": ctx.trend,
        "peers": ctx.peers,
        "findings": ctx.findings,
        "mode_differences": ctx.mode_differences,
        "total_points": ctx.total_points,
        "total_max": ctx.total_max,
        "other_mode_total": ctx.other_mode_total,
        "status_counts": ctx.status_counts,
        "evidence_total": ctx.evidence_total,
        "notes": ctx.notes,
        "appendix": [AppendixGroup.whole(i) for i in ctx.indicators],
        "indicator_titles": {i.id: i.title for i in ctx.indicators},
        "sha_prefix": SHA_PREFIX,
        "same_as": same_evidence(ctx.indicators),
        "min_group": MIN_GROUP,
        "toc": toc,
        "charts": _charts(ctx),
    }


def _charts(ctx: ReportContext) -> dict[str, str]:
    _ = ctx.lang._
    before = [a.previous for a in ctx.areas]
    out = {
        "radar": charts.data_uri(
            charts.radar(
                [a.title for a in ctx.areas],
                [a.percent for a in ctx.areas],
                before if any(v is not None for v in before) else None,
                gold=ctx.gold_threshold,
                legend=(
                    ctx.snapshot.period.label,
                    ctx.previous_label or _("Before"),
                    _("Gold %(threshold)s") % {"threshold": ctx.lang.pct(ctx.gold_threshold, 0)},
                ),
            )
        )
    }
    if ctx.trend:
        comp = ctx.trend.comparison
        out["trend"] = charts.data_uri(
            charts.trend(
                ctx.trend.periods,
                [(ctx.trend.area_titles[a.id], a.values) for a in comp.areas],
                overall_name=_("Overall"),
                overall=comp.overall,
                gold=ctx.gold_threshold,
                gold_name=_("Gold %(threshold)s")
                % {"threshold": ctx.lang.pct(ctx.gold_threshold, 0)},
            )
        )
    if ctx.peers and ctx.peers.main:
        out.update(peer_charts(ctx.peers.main, ctx.snapshot.cluster.name, ctx.lang))
    return out


def render_template(
    ctx: ReportContext,
    data: dict[str, Any],
    templates: Path | None = None,
    name: str = "report.html",
) -> str:
    """Template `name` with `data` (from `template_data`); template errors are user errors."""
    env = environment(ctx.lang, templates)
    try:
        return bounded_render(env.get_template(name), data)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or "template"
        raise UserDataError(
            [
                Finding(
                    file=where, location=Location(line=exc.lineno), message=exc.message or str(exc)
                )
            ],
            f"{where}: the report template has a syntax error",
        ) from None
    except (jinja2.TemplateError, MemoryError, RecursionError, ArithmeticError) as exc:
        raise _template_failed(exc, templates) from None


def _template_failed(exc: BaseException, templates: Path | None) -> UserDataError:
    """A template that failed or was refused while it rendered, located at the innermost
    template line the traceback passes through (Jinja puts the templates' own file names
    and lines into it)."""
    where, line = _template_line(exc, templates)
    if isinstance(exc, TemplateRefused) and exc.path:
        where, line = exc.path, None  # the file itself is refused
    if isinstance(exc, MemoryError):
        text = "the template needs more memory than a report may take"
    elif isinstance(exc, RecursionError):
        text = "the template calls itself too deeply"
    elif isinstance(exc, jinja2.TemplateNotFound):
        text = f"no template named {exc.name}"
    else:
        text = str(exc) or type(exc).__name__
    refused_ = isinstance(exc, SecurityError | MemoryError | RecursionError)
    return UserDataError(
        [Finding(file=where, location=Location(line=line), message=f"report template: {text}")],
        f"{where}: the report template was refused"
        if refused_
        else f"{where}: a report template failed",
    )


def _template_line(exc: BaseException, templates: Path | None) -> tuple[str, int | None]:
    roots = [str(TEMPLATES.resolve())]
    if templates is not None:
        roots.append(str(templates.resolve()))
        roots.append(str(templates.absolute()))
    where: tuple[str, int | None] = (str(templates or TEMPLATES), None)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html") and any(name.startswith(r) for r in roots):
            where = (name, tb.tb_lineno)
        tb = tb.tb_next
    return where


def html_of(ctx: ReportContext, templates: Path | None = None) -> str:
    """The report's final HTML, as WeasyPrint gets it."""
    return render_template(ctx, template_data(ctx), templates)


@dataclass(frozen=True)
class RenderedHtml:
    """The final HTML of a report and what WeasyPrint needs to print it as clex does.

    `HTML(string=r.html, base_url=r.base_url, url_fetcher=r.url_fetcher).write_pdf(out)`
    (or `r.document().write_pdf(out)`) is the WeasyPrint part of `write_report`.
    """

    html: str
    templates: Path | None = None  # the user's templates folder, if any
    base_url: str = BASE_URL

    @property
    def url_fetcher(self) -> ReportFetcher:
        return ReportFetcher(self.templates)

    def document(self) -> HTML:
        return HTML(string=self.html, base_url=self.base_url, url_fetcher=self.url_fetcher)


def render_html(
    snapshot: Snapshot,
    *,
    compare: Sequence[Snapshot] = (),
    peers: Sequence[Snapshot | PeerFile] = (),
    lang: str = "en",
    templates: Path | None = None,
) -> RenderedHtml:
    """The final HTML that `write_report(snapshot, OUT.pdf, ...)` prints, with its base URL
    and fetcher: everything `write_report` does before WeasyPrint."""
    ctx = build_context(snapshot, compare_with=compare, peers=peers, lang=Lang(lang))
    return RenderedHtml(html_of(ctx, templates), templates)


def refused(templates: Path | None, message: str) -> UserDataError:
    """A template that refers to an asset not its own (`message` says which), as the user's
    error; raised by either PDF writer when WeasyPrint's fetcher refuses it."""
    return UserDataError(
        [Finding(file=str(templates or TEMPLATES), message=message)],
        "the report refers to something outside its own assets",
    )


__all__ = [
    "RenderedHtml",
    "environment",
    "html_of",
    "refused",
    "render_html",
    "render_template",
    "template_data",
]
