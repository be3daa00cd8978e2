"""Python's cyclic garbage collector paused for work that makes many objects and no cycles.

Why one place: an import (`Store.bulk`), an assessment (`assessment.engine.assess`) and
the demo (`clex.demo_cmd`) each keep tens of thousands of rows alive at once; they get
promoted, and the collector's full passes walk the whole heap again and again to find
next to nothing (about 2 s of a 100,000-row import, 90 ms a cluster of 10,000 records).
Reference counting frees what they make; the collector's state is put back afterwards,
so a caller that had it off keeps it off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off while the block runs, then as it was."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
