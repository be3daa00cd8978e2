"""`python -m benchmarks.import_once [RECORDS]`: one import, as a whole process, to time
two versions of the code against each other with `farm-bench` (issue 19).

The `import` case times `import_files` inside one process against a bare twin; a change
to the import's own work is measured more surely by pairing the code before and after it,
run in turn: `farm-bench --vs 'python -m benchmarks.import_once' -- python -m
benchmarks.import_once`, the second run from a worktree of the base commit (`-m` puts
the current folder first on the path, so each side imports its own code). It does what
the case's clex side does: a fresh store holding the cluster, then the workbook of
`RECORDS` records (default 100,000; generated once into the data folder) imported, and
the count of created records checked.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from .cases import _fresh_store
from .generate import build_workbook, one_cluster


def main(records: int) -> None:
    from evidence.ingest import import_files

    spec = one_cluster(records)
    xlsx = build_workbook(spec)
    with tempfile.TemporaryDirectory(prefix="clex-import-once-") as scratch:
        store = _fresh_store(Path(scratch) / "import.db", spec)
        report = import_files(store, [xlsx], cluster=spec.slugs()[0])
        store.engine.dispose()
    created = report.summary()["created"]
    if created != spec.records:
        sys.exit(f"created {created} records of {spec.records}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
