"""Templates a user gives `clex report --templates` cannot run code, read files outside
their folder or loop without end (issue 21, item 1): each is refused with the template
named (exit 1), no PDF written, nothing run."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Watch, Workspace, expect

POPEN = "{{ cycler.__init__.__globals__.os.popen('touch PWNED; echo popen-ran').read() }}"
ATTR = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
LOOP = "{% for i in range(10**9) %}x{% endfor %}"


def _cover(folder: Path, how: str) -> None:
    folder.mkdir()
    cover = folder / "cover.html"
    if how == "link":
        cover.symlink_to("/etc/passwd")
    elif how == "link-up":
        (folder.parent / "outside.html").write_text("OUTSIDE-SECRET", encoding="utf-8")
        cover.symlink_to("../outside.html")
    else:
        cover.write_text({"popen": POPEN, "subclasses": ATTR, "loop": LOOP}[how], "utf-8")


@pytest.mark.parametrize("how", ["popen", "subclasses", "link", "link-up", "loop"])
def test_hostile_template_is_refused(ws: Workspace, how: str) -> None:
    _cover(ws.path / "tpl", how)
    watch = Watch(ws.plain, [ws.path])
    run = ws.run("report", "plain.json", "-o", "r.pdf", "--templates", "tpl")
    expect(run, 1, "cover.html")
    assert not (ws.path / "PWNED").exists(), "the template ran a shell command"
    for secret in ("popen-ran", "root:x:0:0", "OUTSIDE-SECRET"):
        assert secret not in run.out + run.err, run
    watch.unchanged()
