"""The assessment: metrics -> points -> areas -> labels, gaps and snapshots.

`from assessment import assess` is the library entry point; the `clex` command is a thin
layer over it.
"""

from .engine import assess
from .period import Period
from .snapshot import Snapshot
from .snapshot_file import keep_snapshot, kept_snapshot, read_snapshot, write_snapshot

__all__ = [
    "Period",
    "Snapshot",
    "assess",
    "keep_snapshot",
    "kept_snapshot",
    "read_snapshot",
    "write_snapshot",
]
