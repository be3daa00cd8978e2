"""Snapshots parsed once per process, by their text: the web page reads kept ones often.

Why: a kept snapshot is read back on every page that shows it (the dashboard, an
indicator, the list of assessments, a comparison, the Silver rule's earlier assessment),
and reading one back whole and checked (`snapshot_of_text`: JSON, the models, the
digest, the arithmetic) took 30 ms for the demo's 500 KB documents; the list of the
demo's 15 kept assessments took half a second on every visit. A snapshot is frozen
(pydantic `frozen=True`), so one parsed copy can serve every request.

Why keyed by the text's own digest and not by the store's row: a document changed in
the database behind clex's back is then a different key, read and checked afresh (and
refused if damaged), never answered from memory. The text is still read from the store
each time (about a millisecond); only the parse is saved. Bounded by the length of the
texts kept (a parsed snapshot holds about five times its JSON's length), least recently
used out first; thread-safe, as the web's routes run in a thread pool.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

from .snapshot import Snapshot

BUDGET = 32 * 1024 * 1024  # characters of JSON whose parses are kept (about 160 MB)


class Parsed:
    """The parses of the texts seen last, up to `budget` characters of text in all."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget = budget
        self._kept: OrderedDict[bytes, tuple[Snapshot, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, text: str, parse: Callable[[str], Snapshot]) -> Snapshot:
        """`parse(text)`, or the snapshot an earlier call parsed from the same text. A
        parse that fails (a damaged document) raises and is not kept."""
        key = hashlib.blake2b(text.encode(), digest_size=16).digest()
        with self._lock:
            hit = self._kept.get(key)
            if hit is not None:
                self._kept.move_to_end(key)
                return hit[0]
        snapshot = parse(text)
        if len(text) > self.budget:
            return snapshot
        with self._lock:
            if key not in self._kept:
                self._kept[key] = (snapshot, len(text))
                self._size += len(text)
            while self._size > self.budget:
                _, (_, size) = self._kept.popitem(last=False)
                self._size -= size
        return snapshot

    def holds(self, size: int) -> bool:
        """Whether texts of `size` characters in all, read over and over, would stay
        kept (half the budget: room for what else is read meanwhile)."""
        return size <= self.budget // 2

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        """Forgets every parse (the benchmark's cold visits)."""
        with self._lock:
            self._kept.clear()
            self._size = 0


PARSED = Parsed()  # the process's
