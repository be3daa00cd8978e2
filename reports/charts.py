"""Charts for the PDF: matplotlib figures rendered to SVG text, nothing else.

Why SVG: it stays sharp in print and WeasyPrint draws it itself, so the report needs
no image files and no fetch outside the document (the SVG goes in as a data: URI).
matplotlib is imported here, lazily, and only through `Figure` (no pyplot state), so
`clex --help` never loads it. Output is deterministic: fixed hash salt, no date in
the metadata, text drawn as paths (no dependency on the reader's fonts).
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

INK = "#1f2933"
GRID = "#c9d1d9"
THIS = "#1d4e89"
BEFORE = "#8a99ad"
GOLD = "#b8860b"
PALETTE = ["#1d4e89", "#2a9d8f", "#e9a23b", "#c8553d", "#6c757d", "#7b4b94"]

_RC: Any = {
    "svg.hashsalt": "clex-report",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
}


def _figure(width_cm: float, height_cm: float, **kwargs: Any) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width_cm / 2.54, height_cm / 2.54), **kwargs)


def _svg(fig: Figure) -> str:
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": _RC["svg.hashsalt"]}):
        fig.savefig(buf, format="svg", metadata={"Date": None}, transparent=True)
    return buf.getvalue()


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _wrap(text: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def radar(
    titles: Sequence[str],
    now: Sequence[float],
    before: Sequence[float | None] | None,
    *,
    gold: float,
    legend: tuple[str, str, str],
) -> str:
    """Area scores (0-100) as a radar: this period, the previous one and the Gold line."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _figure(12, 10.5)
        ax = cast("PolarAxes", fig.add_subplot(projection="polar"))
        n = len(titles)
        angles = [2 * math.pi * k / n for k in range(n)]
        ax.set_theta_offset(math.pi / 2)  # first area at the top, then clockwise
        ax.set_theta_direction(-1)
        closed = [*angles, angles[0]]
        ring = [gold] * (n + 1)
        handles = []
        handles += ax.plot(
            closed, [*now, now[0]], color=THIS, lw=2.2, marker="o", ms=4, label=legend[0], zorder=4
        )
        ax.fill(closed, [*now, now[0]], color=THIS, alpha=0.14, zorder=3)
        if before is not None and all(v is not None for v in before):
            prev = [float(v) for v in before if v is not None]
            handles += ax.plot(
                closed,
                [*prev, prev[0]],
                color=BEFORE,
                lw=1.4,
                marker="o",
                ms=3,
                label=legend[1],
                zorder=3,
            )
        handles += ax.plot(
            closed, ring, color=GOLD, lw=1.4, ls=(0, (4, 2)), label=legend[2], zorder=2
        )
        ax.set_xlim(0, 2 * math.pi)
        ax.set_ylim(0, 100)
        ax.set_yticks([20, 40, 60, 80, 100])
        ax.set_yticklabels(["20", "40", "60", "80", "100 %"], fontsize=6.5, color="#8a96a3")
        ax.set_rlabel_position(135)
        ax.set_xticks(angles)
        ax.set_xticklabels([_wrap(t) for t in titles], fontsize=9)
        ax.tick_params(axis="x", pad=12)
        ax.grid(color=GRID, lw=0.6)
        ax.spines["polar"].set_color(GRID)
        fig.legend(handles=handles, loc="lower center", ncols=3, frameon=False, fontsize=8.5)
        fig.subplots_adjust(left=0.2, right=0.8, top=0.85, bottom=0.2)
        return _svg(fig)


def trend(
    periods: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    overall_name: str,
    overall: Sequence[float | None],
    gold: float,
    gold_name: str,
) -> str:
    """Area and overall scores over the periods compared."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _figure(17, 8)
        ax = fig.add_subplot()
        xs = list(range(len(periods)))
        for k, (name, values) in enumerate(series):
            pts = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
            ax.plot(
                [p[0] for p in pts],
                [p[1] for p in pts],
                color=PALETTE[k % len(PALETTE)],
                lw=1.4,
                marker="o",
                ms=3.5,
                label=_wrap(name, 28),
            )
        pts = [(x, v) for x, v in zip(xs, overall, strict=True) if v is not None]
        ax.plot(
            [p[0] for p in pts],
            [p[1] for p in pts],
            color=INK,
            lw=2.6,
            marker="s",
            ms=5,
            label=overall_name,
        )
        ax.axhline(gold, color=GOLD, lw=1.2, ls=(0, (4, 2)), label=gold_name)
        ax.set_xticks(xs, list(periods))
        ax.set_xlim(-0.3, len(xs) - 0.7)
        ax.set_ylim(0, 100)
        ax.set_ylabel("%")
        ax.grid(axis="y", color=GRID, lw=0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=7.5)
        fig.subplots_adjust(left=0.08, right=0.68, top=0.95, bottom=0.12)
        return _svg(fig)


def peer_positions(
    rows: Sequence[tuple[str, float | None, float | None, float | None, float | None]],
    *,
    legend: tuple[str, str, str],
) -> str:
    """Per row (title, own, q1, median, q3): the peers' middle half, median and own score."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _figure(17, 1.3 + 0.85 * len(rows))
        ax = fig.add_subplot()
        seen: set[str] = set()

        def once(name: str) -> str | None:
            if name in seen:
                return None
            seen.add(name)
            return name

        for y, (_title, own, q1, med, q3) in enumerate(reversed(rows)):
            if q1 is not None and q3 is not None:
                ax.barh(
                    y,
                    q3 - q1,
                    left=q1,
                    height=0.42,
                    color="#d7e3f0",
                    edgecolor="#9fb6cf",
                    label=once(legend[1]),
                )
            if med is not None:
                ax.plot([med, med], [y - 0.26, y + 0.26], color=BEFORE, lw=2, label=once(legend[2]))
            if own is not None:
                ax.plot([own], [y], marker="D", color=THIS, ms=7, ls="none", label=once(legend[0]))
        ax.set_yticks(range(len(rows)), [_wrap(r[0], 34) for r in reversed(rows)], fontsize=8)
        ax.set_xlim(0, 100)
        ax.set_xlabel("%")
        ax.grid(axis="x", color=GRID, lw=0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles, labels = ax.get_legend_handles_labels()
        order = [labels.index(name) for name in legend if name in labels]
        fig.legend(
            [handles[k] for k in order],
            [labels[k] for k in order],
            loc="upper center",
            ncols=3,
            frameon=False,
            fontsize=8,
        )
        fig.subplots_adjust(
            left=0.34,
            right=0.97,
            top=1 - 0.9 / (1.3 + 0.85 * len(rows)),
            bottom=0.7 / (1.3 + 0.85 * len(rows)),
        )
        return _svg(fig)
