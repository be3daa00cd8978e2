"""Charts for the PDF: matplotlib figures rendered to SVG text, nothing else.

Why SVG: it stays sharp in print and WeasyPrint draws it itself, so the report needs
no image files and no fetch outside the document (the SVG goes in as a data: URI).
matplotlib is imported here, lazily, and only through `Figure` (no pyplot state), so
`clex --help` never loads it. Output is deterministic: fixed hash salt, no date in
the metadata. Text stays text (`svg.fonttype: none`) in DejaVu Sans, the report's font
(`scripts/sysdeps.sh` installs it; WeasyPrint embeds it in the PDF, so a reader needs no
fonts; matplotlib measures with its own copy of the same font): drawn
as paths, each letter was a `<use>` of a glyph that WeasyPrint drew one by one, and the
charts took 1.4 s of a 38-page report instead of 0.3 s (issue 19; the pages were
compared as images, and the charts' words can now be found and copied in the PDF).
"""

from __future__ import annotations

import base64
import io
import logging
import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast

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
    "svg.fonttype": "none",
    "text.parse_math": False,  # a "$" in a cluster's or an area's name is a dollar sign
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
}


# matplotlib's own words (`matplotlib._get_config_or_cache_dir`) when the home folder
# cannot be written: it then works from a temporary folder of its own, and says so
_NO_HOME = ("mkdir -p failed for path", "%s is not a writable directory", "Matplotlib created a")


class _HomeNotWritable(logging.Filter):
    """Leaves out matplotlib's warnings that the user's home folder (or MPLCONFIGDIR)
    cannot be written. Why: under a read-only or missing HOME (a service account, a
    container) every `clex report` to a PDF began with two long WARNING lines about
    matplotlib's cache, though matplotlib carried on in a temporary folder and the
    report was whole; nothing in them is the user's to do for clex. Any other warning of
    matplotlib is still shown."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_NO_HOME)


logging.getLogger("matplotlib").addFilter(_HomeNotWritable())  # before its first import


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
        ax.set_xticklabels([_wrap(t, 13) for t in titles], fontsize=9)
        ax.tick_params(axis="x", pad=8)
        # Each label leans away from the plot ("Services for members" on the right starts
        # there, one on the left ends there), so that no label runs over the rings.
        for label, angle in zip(ax.get_xticklabels(), angles, strict=True):
            x, y = math.sin(angle), math.cos(angle)
            label.set_horizontalalignment("left" if x > 0.1 else "right" if x < -0.1 else "center")
            label.set_verticalalignment("bottom" if y > 0.1 else "top" if y < -0.1 else "center")
        ax.grid(color=GRID, lw=0.6)
        ax.spines["polar"].set_color(GRID)
        fig.legend(handles=handles, loc="lower center", ncols=3, frameon=False, fontsize=8.5)
        fig.subplots_adjust(left=0.27, right=0.73, top=0.84, bottom=0.22)
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


class PeerBox(NamedTuple):
    """One row of `peer_boxes`: the peers' spread, the cluster's value, the ends' words."""

    title: str
    own: float | None
    low: float | None  # None: the group is too small to show its ends (`MIN_RANGE`)
    q1: float
    median: float
    q3: float
    high: float | None
    low_text: str  # the lowest value as the report prints it ("12 %")
    high_text: str


def peer_boxes(rows: Sequence[PeerBox], *, legend: tuple[str, str, str, str]) -> str:
    """Per row a box plot of the peers' values: the whisker from the lowest to the
    highest, the box the middle half, the line the median, the diamond this cluster.

    Each row has its own scale (values differ in unit: a per cent, euros, a count),
    from the lowest to the highest of the peers' and the cluster's values; the peers'
    range is printed on the right. The chart shows where the cluster stands, the table
    says how much.
    `legend`: this cluster, the peers' middle half, their median, their range.
    """
    import matplotlib

    # the legend on one line of four while its words fit the width (about 95 characters
    # at 8 pt on 17 cm), else on two lines of two: the Czech words ran off both edges
    columns = 4 if sum(len(t) + 6 for t in legend) <= 95 else 2
    lines = -(-len(legend) // columns)
    # a row whose title wraps to two lines needs room for them (the Czech titles of one
    # area ran into each other at the single line's spacing)
    wrapped = any("\n" in _wrap(r.title, 38) for r in rows)
    height = 1.4 + 0.3 * (lines - 1) + (0.8 if wrapped else 0.62) * len(rows)
    with matplotlib.rc_context(_RC):
        fig = _figure(17, height)
        ax = fig.add_subplot()
        seen: set[str] = set()

        def once(name: str) -> str | None:
            if name in seen:
                return None
            seen.add(name)
            return name

        for y, row in enumerate(reversed(rows)):
            shown = [v for v in (row.low, row.q1, row.q3, row.high, row.own) if v is not None]
            lo, hi = min(shown), max(shown)
            span = hi - lo

            def at(v: float, lo: float = lo, span: float = span) -> float:
                return 0.5 if span <= 0 else (v - lo) / span

            if row.low is not None and row.high is not None:
                ax.plot([at(row.low), at(row.high)], [y, y], color="#9fb6cf", lw=1.2,
                        label=once(legend[3]))  # fmt: skip
                ends = f"{row.low_text} – {row.high_text}"
                ax.text(1.05, y, ends, ha="left", va="center", fontsize=6.5, color=BEFORE)
            ax.barh(
                y,
                max(at(row.q3) - at(row.q1), 0.004),
                left=at(row.q1),
                height=0.44,
                color="#d7e3f0",
                edgecolor="#9fb6cf",
                label=once(legend[1]),
            )
            m = at(row.median)
            ax.plot([m, m], [y - 0.27, y + 0.27], color=BEFORE, lw=2, label=once(legend[2]))
            if row.own is not None:
                ax.plot([at(row.own)], [y], marker="D", color=THIS, ms=6.5, ls="none",
                        label=once(legend[0]))  # fmt: skip
        ax.set_yticks(range(len(rows)), [_wrap(r.title, 38) for r in reversed(rows)], fontsize=7.5)
        ax.set_xlim(-0.03, 1.03)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xticks([])
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        handles, labels = ax.get_legend_handles_labels()
        order = [labels.index(name) for name in legend if name in labels]
        fig.legend(
            [handles[k] for k in order],
            [labels[k] for k in order],
            loc="upper center",
            ncols=columns,
            frameon=False,
            fontsize=8,
        )
        top = 1 - (0.9 + 0.3 * (lines - 1)) / height
        fig.subplots_adjust(left=0.36, right=0.76, top=top, bottom=0.25 / height)
        return _svg(fig)
