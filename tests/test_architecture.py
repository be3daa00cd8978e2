"""docs/architecture.md lists every module of the six packages, and only modules that exist.

The page is where a new maintainer learns what each module is for; a module added, moved
or renamed without its line there makes the page quietly wrong. Modules are named as
their path from the repository root (`evidence/store.py`), in backticks; the migration
scripts under `migrations/versions/` are history, not modules with a job, and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("evidence", "criteria", "assessment", "reports", "web", "clex")
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _modules() -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "versions" not in path.relative_to(ROOT / package).parts[:-1]
    }


def _listed() -> set[str]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    packages = "|".join(PACKAGES)
    return set(re.findall(rf"`((?:{packages})/[\w/]*\.py)`", text))


def test_every_module_is_listed() -> None:
    missing = sorted(_modules() - _listed())
    assert not missing, f"add a line for each to docs/architecture.md: {missing}"


def test_every_listed_module_exists() -> None:
    stale = sorted(_listed() - _modules())
    assert not stale, f"docs/architecture.md lists modules that do not exist: {stale}"
