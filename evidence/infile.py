"""Which path can be read as an input file, and why not: one answer for every reader.

Why a module of its own, in the lowest layer: the command line's check of the files it
is given (`clex.files.require_files`), the snapshot reader (`assessment.snapshot_file`:
`clex compare`, `report`, `benchmark`, `assess --previous`) and the YAML reader
(judgements, improvements, catalogues) each said it their own way: a missing snapshot
was "cannot read: not a file", a missing judgements file "cannot read the file: No such
file or directory", a folder "not a regular file". Now each says the same words, with
what to do. Only a regular file (through links) is read, so a FIFO or /dev/zero cannot
hang or fill memory (issue 21).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def not_a_file(path: Path) -> str | None:
    """Why `path` cannot be read as an input file, or None when it can."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a loop of symbolic links, not a file"
        if exc.errno == errno.ENAMETOOLONG:
            return "the name is too long for this system"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "permission denied; check the file's permissions"
        return "no such file"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, device or socket); give a saved file"
    if not os.access(path, os.R_OK):  # Click used to say it, for the first such file only
        return "permission denied; check the file's permissions"
    return None
