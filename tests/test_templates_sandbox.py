"""A `--templates` folder is a program the user was given: `clex report` renders it in
Jinja2's sandbox, reads it only from that folder, and bounds what it may cost; whatever
it does wrong is exit 1 with the template's file and line, no traceback, no PDF
(issue 21, item 1). Each hostile template is written by the test itself."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.report_fixtures import ReportData, build

pytestmark = pytest.mark.xdist_group("templates-sandbox")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("sandbox-data"))


def _report(clex: Callable[..., Run], data: ReportData, folder: Path) -> tuple[Run, Path]:
    out = folder.parent / "report.pdf"
    run = clex("report", str(data.own_file), "-o", str(out), "--templates", str(folder))
    return run, out


def _refused(run: Run, out: Path, where: str, *fragments: str) -> None:
    assert run.code == 1, run
    assert "Traceback" not in run.err, run
    assert where in run.err, run
    for fragment in fragments:
        assert fragment in run.err, (fragment, run)
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(out.name)]


# template text -> (the line the message names, what it says)
HOSTILE = {
    "os-through-globals": (
        "<p>\n{{ self.__init__.__globals__.__builtins__.__import__('os').popen('id').read() }}",
        2,
        "unsafe",
    ),
    "os-through-cycler": ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", 1, "unsafe"),
    "lipsum-gone": ("{{ lipsum(10**9) }}", 1, "lipsum"),
    "range-of-a-billion": (
        "<p>\n\n{% for i in range(10**9) %}x{% endfor %}</p>",
        3,
        "range of 1,000,000,000 numbers",
    ),
    "repeated-text": ('{{ "x" * 10**9 }}', 1, "longer than 10,000,000 characters"),
    "huge-power": ("{{ 7 ** 10000000 }}", 1, "too large"),
    "percent-width": ('{{ "%0999999999d" % 1 }}', 1, "longer than"),
    "format-filter-width": ('{{ "%999999999s"|format(1) }}', 1, "longer than"),
    "str-format-width": ('{{ "{:>999999999}".format(1) }}', 1, "longer than"),
    "center-filter": ('{{ "x"|center(999999999) }}', 1, "width or count"),
    "ljust-method": ('{{ "x".ljust(999999999) }}', 1, "str.ljust"),
    "batch-fill": ("{{ [1]|batch(999999999, 0)|list }}", 1, "width or count"),
    "mutating-a-list": ("{% set a = [] %}{{ a.append(1) }}", 1, "unsafe"),
    "template-outside": ('{% include "../../etc/passwd" %}', 1, "no template named"),
    "absolute-include": ('{% include "/etc/passwd" %}', 1, "no template named"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_template_is_refused_at_its_line(
    case: str, clex: Callable[..., Run], data: ReportData, tmp_path: Path
) -> None:
    text, line, fragment = HOSTILE[case]
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "cover.html").write_text(text, encoding="utf-8")
    run, out = _report(clex, data, folder)
    _refused(run, out, f"cover.html:{line}: report template:", fragment)
    assert "uid=" not in run.out + run.err


def test_a_link_out_of_the_folder_is_refused_not_followed(
    clex: Callable[..., Run], data: ReportData, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    secret = tmp_path / "secret.html"
    secret.write_text("<p>SECRET-TEXT</p>")
    (folder / "cover.html").symlink_to("/etc/passwd")
    run, out = _report(clex, data, folder)
    _refused(run, out, f"{folder.resolve() / 'cover.html'}: ", "outside the templates folder")
    assert "root:" not in run.err
    (folder / "cover.html").unlink()
    (folder / "cover.html").symlink_to(secret)
    run, out = _report(clex, data, folder)
    _refused(run, out, "cover.html", "outside the templates folder")
    (folder / "cover.html").unlink()
    (folder / "sub").symlink_to(tmp_path, target_is_directory=True)
    (folder / "summary.html").write_text('{% include "sub/secret.html" %}')
    run, out = _report(clex, data, folder)
    _refused(run, out, "secret.html", "outside the templates folder")


def test_a_link_inside_the_folder_is_a_template(
    clex: Callable[..., Run], data: ReportData, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "mine.html").write_text('<section class="cover"><p>Board pack</p></section>')
    (folder / "cover.html").symlink_to("mine.html")
    run, out = _report(clex, data, folder)
    assert run.code == 0, run
    assert out.exists()


def test_a_template_that_is_not_a_regular_file_is_refused_without_waiting(
    clex: Callable[..., Run], data: ReportData, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "cover.html")
    run, out = _report(clex, data, folder)
    _refused(run, out, "cover.html: ", "not a regular file")
    (folder / "cover.html").unlink()
    (folder / "cover.html").write_bytes(b"<p>\xff\xfe</p>")
    run, out = _report(clex, data, folder)
    _refused(run, out, "cover.html: ", "not UTF-8")
    (folder / "cover.html").write_text("<!-- -->" + "x" * 1_000_001)
    run, out = _report(clex, data, folder)
    _refused(run, out, "cover.html: ", "larger than 1,000,000 bytes")


def test_loops_and_calls_without_end_are_stopped_by_the_budget(
    clex: Callable[..., Run], data: ReportData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reports.sandbox

    monkeypatch.setattr(reports.sandbox, "MAX_STEPS", 200_000)  # the real one takes seconds
    folder = tmp_path / "templates"
    folder.mkdir()
    cover = folder / "cover.html"
    cover.write_text(
        "<p>\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    run, out = _report(clex, data, folder)
    _refused(run, out, "cover.html:2: ", "more than 200,000 loop steps")
    cover.write_text(
        "<p>\n{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "\n{{ f(60) }}</p>"
    )
    run, out = _report(clex, data, folder)
    _refused(run, out, "cover.html:2: ", "loop steps")
    cover.write_text("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}")
    run, out = _report(clex, data, folder)
    _refused(run, out, "cover.html:1: ", "report template")


def test_text_doubled_in_a_loop_meets_the_memory_bound(
    clex: Callable[..., Run], data: ReportData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reports.sandbox

    monkeypatch.setattr(reports.sandbox, "MEMORY_HEADROOM", 300 << 20)  # the real one: 2 GB
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "cover.html").write_text(
        '{% set ns = namespace(s="xxxxxxxx") %}\n'
        "{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    )
    run, out = _report(clex, data, folder)
    _refused(run, out, "cover.html:2: ", "more memory than a report may take")


def test_output_beyond_the_bound_is_refused(
    clex: Callable[..., Run], data: ReportData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reports.sandbox

    monkeypatch.setattr(reports.sandbox, "MAX_OUTPUT", 1_000_000)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "cover.html").write_text(
        '{% for i in range(1000) %}{{ "x" * 10000 }}{% endfor %}', encoding="utf-8"
    )
    run, out = _report(clex, data, folder)
    _refused(run, out, f"{folder}: ", "more than 1,000,000 characters of HTML")


def test_html_nested_too_deep_for_the_renderer_is_refused(
    clex: Callable[..., Run], data: ReportData, tmp_path: Path
) -> None:
    """Small HTML within every budget, but 1,500 elements deep: WeasyPrint's layout ran out
    of Python's recursion (a traceback after minutes at 20,000 deep)."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "cover.html").write_text(
        "{% for i in range(1500) %}<div>{% endfor %}x{% for i in range(1500) %}</div>{% endfor %}"
    )
    run, out = _report(clex, data, folder)
    _refused(run, out, f"{folder}: ", "nested too deeply")


def test_a_template_error_names_its_file_and_line(
    clex: Callable[..., Run], data: ReportData, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "cover.html").write_text("<p>\n\n{{ no_such_value.name }}</p>")
    run, out = _report(clex, data, folder)
    assert run.code == 1 and "cover.html:3: report template:" in run.err, run
    assert "no_such_value" in run.err and not out.exists()


def test_the_package_templates_render_within_the_budget(data: ReportData) -> None:
    """The report's own templates render in the same sandbox and use a sliver of it."""
    from reports import sandbox
    from reports.context import build_context
    from reports.html import environment, template_data
    from reports.i18n import Lang

    ctx = build_context(data.own, compare_with=[data.previous], lang=Lang("en"))
    budget = sandbox._Budget(sandbox.MAX_STEPS, sandbox.MAX_SECONDS)
    token = sandbox._budget.set(budget)
    try:
        html = environment(ctx.lang).get_template("report.html").render(template_data(ctx))
    finally:
        sandbox._budget.reset(token)
    assert isinstance(environment(ctx.lang), sandbox.ReportSandbox)
    spent = sandbox.MAX_STEPS - budget.left
    assert 100 < spent < sandbox.MAX_STEPS // 1000, spent
    assert "Executive summary" in html
