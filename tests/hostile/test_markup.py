"""Text from data is shown as typed, never read as markup or sent to the terminal as
control sequences (issue 21, item 5): "Newsletter [issue 3]" keeps its brackets, `[/x]`
crashes nothing, `[link=...]` makes no hyperlink, an escape sequence in a title, the
cluster's name or a review note never reaches the terminal raw. The store here
(`marked.db`) holds all of them."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT

from .conftest import MARKED_EVIDENCE, Watch, Workspace, expect

CATALOGUE_TITLE = "Committed [/x] participants [link=file:///etc/passwd]x[/link] [bold]b"


def _catalogue(ws: Workspace) -> None:
    text = (ROOT / "criteria" / "catalogues" / "ecei-gold.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Committed cluster participants", f"title: '{CATALOGUE_TITLE}'", 1)
    (ws.path / "cat.yaml").write_text(text, encoding="utf-8")


COMMANDS = {
    "evidence-list": (["evidence", "list", "--cluster", "nano"], "Newsletter [issue 3]"),
    "evidence-show": (["evidence", "show", "{id}", "--cluster", "nano"], "[/x]"),
    "evidence-history": (["evidence", "history", "{id}", "--cluster", "nano"], "[/x]"),
    "import-dry-run": (["import", "m.yaml", "--cluster", "nano", "--dry-run"], "[/x]"),
    "compare": (["compare", "marked.json", "marked.json"], "V9"),
    "benchmark": (["benchmark", "marked.json", "--peers", "peers"], "[/x]"),
    "criteria-list": (["criteria", "list", "--catalogue", "cat.yaml"], "Committed [/x]"),
    "criteria-show": (["criteria", "show", "S1", "--catalogue", "cat.yaml"], "[link=file:"),
    "evidence-export": (["evidence", "export", "e.xlsx", "--cluster", "nano"], "e.xlsx"),
    "verify": (["verify", "marked.json"], "[/x]"),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_text_from_data_is_shown_as_typed(ws: Workspace, command: str) -> None:
    args, shown = COMMANDS[command]
    # new rows only: a dry run lists what it would create or update, not unchanged rows
    new_rows = MARKED_EVIDENCE.replace("Marked", "New").replace("[/x]", "[/x] again")
    (ws.path / "m.yaml").write_text(new_rows, encoding="utf-8")
    (ws.path / "peers").mkdir()
    for i in range(5):
        shutil.copy(ws.path / "marked.json", ws.path / "peers" / f"p{i}.json")
    if command.startswith("criteria"):
        _catalogue(ws)
    watch = Watch(ws.marked, [])
    run = ws.run(*[a.replace("{id}", ws.base.marked_id) for a in args], db=ws.marked)
    # verify: the title changed in the store after the snapshot (the escape sequences)
    expect(run, 1 if command == "verify" else 0, shown, plain=True)
    watch.unchanged()
    if command == "evidence-export":
        from openpyxl import load_workbook

        load_workbook(ws.path / "e.xlsx")  # a whole workbook
