"""The performance suite (`python -m benchmarks`, `make bench`), not run by `make test`.

Why it exists: issue 8 asks that one cluster feels instant and a national association's
100 clusters (about a million records) stay fast. Every figure this package prints is
a ratio against the raw library doing the same work in the same process (bare SQL,
openpyxl's streaming modes, WeasyPrint on the same HTML), so the numbers mean the same
on a faster or slower machine. `generate` builds the evidence, `cases` measures,
`baselines` holds the raw-library twins, `measure` the timing and memory helpers.

Generated stores and workbooks are cached under `.bench-data/` (or `$CLEX_BENCH_DATA`),
keyed by their parameters, so a rerun starts measuring at once.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """Where generated stores and workbooks are cached (created on first use)."""
    path = Path(os.environ.get("CLEX_BENCH_DATA") or ROOT / ".bench-data")
    path.mkdir(parents=True, exist_ok=True)
    return path
