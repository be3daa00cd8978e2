"""Every vocabulary key the engine can name: each kind, field, choice value, status and tag.

Why apart from `evidence.terms`: the terms are read by `evidence.messages`, which the
findings (and so the models) use; listing the keys needs the models, so the list lives
here, above both, and the package has no import cycle. The translation test reads it
(every key needs a Czech word).
"""

from __future__ import annotations

from .models import KINDS, STATUSES, kind_fields
from .terms import WORDS
from .vocabulary import TAGS


def all_terms() -> list[str]:
    """Every key the engine can name: each kind, field, choice value and status."""
    keys = [f"kind:{k}" for k in KINDS] + [f"status:{s}" for s in STATUSES]
    for kind in KINDS:
        for name, info in kind_fields(kind).items():
            keys.append(f"field:{name}")
            keys.extend(f"choice:{c}" for c in info.choices)
    keys.extend(f"tag:{t}" for t in TAGS)
    keys.extend(WORDS)
    return list(dict.fromkeys(keys))
