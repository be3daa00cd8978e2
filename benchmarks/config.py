"""The sizes and repetitions of a run, and what cases share while it lasts.

Why one place: the issue fixes the sizes (assessments of 100 clusters of 1,000 and of
10,000 records, and of one cluster of 1,000 and of 100,000: a per-cluster fixed cost
shows in the small ones, a per-record one in the large; a 100,000-row workbook; 1k to 1M
for the growth), `--quick` keeps the small ones and shrinks the rest about tenfold, and
the growth table reuses the measurements of the assess-one and import cases instead of
paying for them twice.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assessment.period import Period

from .generate import Spec
from .measure import Timing

PERIOD = Period.year(2024)  # the assessed period of every case
AS_OF = date(2025, 1, 15)


@dataclass(frozen=True)
class Sizes:
    assess_all: tuple[Spec, ...]  # stores whose every cluster is assessed, smallest first
    assess_one: tuple[int, ...]  # records of the one-cluster stores, smallest first
    import_rows: int
    excel: tuple[int, ...]  # records of the clusters whose Excel reports are written
    pdf: tuple[int, ...]  # records of the clusters whose PDF reports are written
    scale_assess: tuple[int, ...]
    scale_import: tuple[int, ...]
    k_fast: int  # runs of a case that takes seconds
    k_slow: int  # runs of a case that takes minutes


FULL = Sizes(
    assess_all=(
        Spec(clusters=100, years=10, per_year=100),
        Spec(clusters=100, years=10, per_year=1000),
    ),
    assess_one=(1_000, 100_000),
    import_rows=100_000,
    excel=(10_000, 100_000),
    pdf=(1_000, 10_000),
    scale_assess=(1_000, 10_000, 100_000, 1_000_000),
    scale_import=(1_000, 10_000, 100_000, 1_000_000),
    k_fast=5,
    k_slow=3,
)
QUICK = Sizes(
    assess_all=(Spec(clusters=100, years=10, per_year=100),),
    assess_one=(1_000, 10_000),
    import_rows=10_000,
    excel=(10_000,),
    pdf=(1_000,),
    scale_assess=(1_000, 10_000, 100_000),
    scale_import=(1_000, 10_000),
    k_fast=3,
    k_slow=1,
)


@dataclass
class Run:
    """One `python -m benchmarks` invocation: sizes, scratch folder, shared results."""

    sizes: Sizes
    scratch: Path
    profile: bool = False
    profiles: dict[str, str] = field(default_factory=dict)
    memo: dict[tuple[str, int], tuple[Timing, Timing]] = field(default_factory=dict)

    def k(self, records: int) -> int:
        """Fewer runs for bigger work: the median of 5 under 100k records, else fewer."""
        if records >= 1_000_000:
            return 1
        return self.sizes.k_slow if records >= 100_000 else self.sizes.k_fast

    def profiled(self, name: str, fn: Callable[[], Any]) -> None:
        """With `--profile`: run `fn` once under cProfile and keep the top costs."""
        if not self.profile:
            return
        prof = cProfile.Profile()
        prof.runcall(fn)
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out)
        stats.sort_stats("tottime").print_stats(18)
        stats.sort_stats("cumulative").print_stats(22)
        text = out.getvalue()
        text = text.replace(str(Path.cwd()) + os.sep, "").replace(
            str(Path(os.__file__).parent) + os.sep, ""
        )
        self.profiles[name] = text
