"""What `clex benchmark` prints: the peers' page of the report, in the terminal.

Why a module of its own: the command must say what the PDF and the workbook say (the
same view, reports/peers.py, in English): values with their units, the peer basis,
the position in words, and "fewer than five peers" with no figure where a group or a
row is too small. `--json` gives the benchmark itself, its sentences in English.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .output import clip, console, print_json, table

if TYPE_CHECKING:
    from assessment.benchmark import PeerFile
    from assessment.snapshot import Snapshot
    from reports.peers import PeerLine


def show_benchmark(own: Snapshot, peers: Sequence[Snapshot | PeerFile], as_json: bool) -> None:
    from reports.i18n import Lang
    from reports.peers import peer_view

    titles = {a.id: a.title for a in own.areas}
    titles.update({i.id: f"{i.id} {i.title}" for i in own.indicators})
    view = peer_view(own, peers, titles, Lang("en"))
    assert view is not None  # collect_peers never returns no peer at all
    if as_json:
        print_json(view.result.as_json())
        return
    say = [f"{own.cluster.name}, {own.period.label}", view.basis]
    if view.too_few:
        say.append(view.too_few)
    for line in say:
        console.print(line, markup=False)
    for t in view.tables:
        head = f"{t.title}. {t.summary}" if t.summary else t.title
        table(head, ["", "this cluster", "position", "median", "middle half", "range", "n"],
              [_cells(line) for line in (*t.scores, *t.values)])  # fmt: skip
        if t.hidden:
            console.print(t.hidden, markup=False)
    for line in (*view.groups, *view.notes):
        console.print(line, markup=False)


def _cells(line: PeerLine) -> list[object]:
    title = f"{line.title} ({line.note})" if line.note else line.title
    return [
        clip(title, 48),
        line.own,
        line.position,
        line.median,
        line.middle,
        line.spread,
        line.row.n,
    ]
