"""Load a catalogue from YAML, reporting every problem at once with its `LINE:COL`.

Pipeline: safe YAML with marks (`yamlsource`) -> pydantic validation (errors mapped
back to lines) -> whole-catalogue checks (`checks.CHECKS`). Nothing here raises for a
bad catalogue; `load_catalogue` returns the findings and `require_catalogue` turns them
into one `UserDataError` for callers that cannot go on without a catalogue.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from evidence.findings import Finding, UserDataError
from evidence.yamlsource import YamlDoc, read_yaml

from .checks import CHECKS, OLD_KEYS
from .models import Catalogue, Origin

DEFAULT_CATALOGUE = "ecei-gold"


def builtin_ids() -> list[str]:
    folder = resources.files("criteria") / "catalogues"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def resolve(ref: str | Path | None) -> Path:
    """A built-in catalogue id or a file path -> the file's path."""
    ref = ref or DEFAULT_CATALOGUE
    if str(ref) in builtin_ids():
        return Path(str(resources.files("criteria") / "catalogues" / f"{ref}.yaml"))
    path = Path(ref)
    if not path.is_file():
        raise UserDataError(
            [
                Finding(
                    file=str(ref),
                    message="no such catalogue: not a file, nor a built-in id "
                    f"({', '.join(builtin_ids())})",
                )
            ]
        )
    return path


def load_catalogue(
    path: str | Path, *, text: str | None = None
) -> tuple[Catalogue | None, list[Finding]]:
    """Parse and check a catalogue file; the catalogue is None when any error was found."""
    doc = read_yaml(path, text=text)
    if doc.data is None:
        return None, doc.findings
    findings = list(doc.findings)
    if not isinstance(doc.data, dict):
        findings.append(
            doc.finding(
                (), "a catalogue is a mapping with id, version, title, areas, indicators and labels"
            )
        )
        return None, findings
    catalogue: Catalogue | None = None
    try:
        origin = Origin(sha256=_sha256(path, text), ref=_ref(Path(path)))
        catalogue = Catalogue.model_validate(doc.data, context={"origin": origin})
    except ValidationError as exc:
        findings.extend(_located(doc, exc))
    for check in CHECKS:
        findings.extend(check(doc))
    findings = _dedupe(findings)
    findings.sort(key=_line_order)
    if any(f.severity == "error" for f in findings):
        return None, findings
    return catalogue, findings


def require_catalogue(ref: str | Path | None = None) -> Catalogue:
    """The catalogue named by id or path, or `UserDataError` listing its problems.

    This is the one place a command loads its catalogue; the `Catalogue` it returns
    carries its SHA-256 and reference (`.sha256`, `.ref`) and is what travels on.
    """
    path = resolve(ref)
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, 0)  # load_catalogue says why it cannot read it
    catalogue, findings = _cached(str(path), stamp)
    if catalogue is None:
        raise UserDataError(findings, f"the catalogue {ref or DEFAULT_CATALOGUE} has problems")
    return catalogue


@lru_cache(maxsize=16)
def _cached(path: str, stamp: tuple[int, int]) -> tuple[Catalogue | None, list[Finding]]:
    """Parsed once per process and file version (`stamp`: its mtime and size)."""
    return load_catalogue(path)


def _sha256(path: str | Path, text: str | None) -> str:
    raw = Path(path).read_bytes() if text is None else text.encode("utf-8")
    return hashlib.sha256(raw).hexdigest()


def _ref(path: Path) -> str:
    """A built-in catalogue by its id, any other file by its path as given."""
    builtin = path.parent.name == "catalogues" and path.parent.parent.name == "criteria"
    return path.stem if builtin else str(path)


def _line_order(f: Finding) -> tuple[int, int]:
    try:
        line, col = str(f.location).split(":")[:2]
        return int(line), int(col)
    except ValueError:
        return 0, 0


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        if (str(f.location), str(f.message)) not in seen:
            seen.add((str(f.location), str(f.message)))
            out.append(f)
    return out


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[tuple[str | int, ...], bool]:
    """Follow a pydantic location through the data, skipping union-branch names.

    Returns the path that exists in the data and whether the last segment is a key that
    the data does not have (a missing or misspelt key).
    """
    path: list[str | int] = []
    node = data
    missing = False
    for seg in loc:
        if isinstance(node, dict) and seg in node:
            path.append(seg)
            node = node[seg]
        elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
            path.append(seg)
            node = node[seg]
        elif isinstance(node, dict) and isinstance(seg, str) and not _is_branch(seg):
            path.append(seg)
            missing = True
            break
    return tuple(path), missing


def _is_branch(seg: str) -> bool:
    return any(c in seg for c in "[]()-,") or seg[:1].isupper()


def _located(doc: YamlDoc, exc: ValidationError) -> list[Finding]:
    by_path: dict[tuple[str | int, ...], Finding] = {}
    for err in exc.errors(include_url=False):
        path, missing = _data_path(doc.data, tuple(err["loc"]))
        what = _context(doc.data, path)
        etype = err["type"]
        name = path[-1] if path else ""
        if etype == "extra_forbidden" and path and (str(path[0]), str(name)) in OLD_KEYS:
            continue  # `check_old_format` says what to write instead
        if etype == "extra_forbidden":
            msg = f"{what}unknown key {name!r}"
            finding = doc.finding(path, msg, key=True)
        elif etype == "missing" or missing:
            msg = f"{what}missing key {name!r}"
            finding = doc.finding(path[:-1], msg)
        else:
            text = err["msg"].removeprefix("Value error, ")
            label = f"`{name}`: " if isinstance(name, str) and name else ""
            finding = doc.finding(path, f"{what}{label}{text}")
        # Several union branches can fail on one spot; the first says it best.
        by_path.setdefault(path, finding)
    return list(by_path.values())


def _context(data: Any, path: tuple[str | int, ...]) -> str:
    """'indicator S3: ' for paths inside an indicator, so a message names what it is about."""
    if (
        len(path) >= 2
        and path[0] in ("indicators", "areas", "labels", "improvement_topics")
        and isinstance(path[1], int)
    ):
        seq = data.get(path[0]) if isinstance(data, dict) else None
        if isinstance(seq, list) and path[1] < len(seq) and isinstance(seq[path[1]], dict):
            ident = seq[path[1]].get("id", f"#{path[1] + 1}")
            return f"{str(path[0])[:-1]} {ident}: "
    return ""
