"""How well the page importer reads pages: recall, precision and invented years.

The importer is judged on pages nobody tuned it on, so its figures must come from a
command anyone can run on an annotated folder, not from a feeling about three samples.
`python -m evidence.pages.score [FOLDER] [--json] [--verbose]` runs
`importer.parse_page` on every page named in the folder's `truth.json` (format:
../shared/samples/pages/README.md) and compares the dated items it finds with the
annotated ones:

- a found item matches a truth item when their start and end agree; a truth item
  without `end` is a single day (end == start); for month or year precision both ends
  are compared as the first day of their month or year, as the truth writes them;
- recall = matched truth items / truth items, secondary items left out of both;
- precision = found items that match any truth item (secondary ones included) / found;
- invented years: years of found starts and ends that the file's `years` does not list
  (a year the page never states);
- kind mismatches: matched truth items that no matching found item gives the right kind.

FOLDER defaults to `shared/samples/pages` beside the repository (beside the main
checkout when run from a git worktree).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..encodings import EncodingError, decode
from ..precision import unit_start


@dataclass
class FileScore:
    """One page: its counts and, for --verbose, what was missed and what was extra."""

    name: str
    truth: int = 0  # non-secondary truth items
    matched: int = 0  # of those, found with the right start and end
    found: int = 0
    correct: int = 0  # found items matching any truth item (secondary included)
    invented_years: list[int] = field(default_factory=list)
    kind_mismatches: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Score:
    """Totals over a folder and the files' own scores."""

    files: list[FileScore]

    @property
    def truth(self) -> int:
        return sum(f.truth for f in self.files)

    @property
    def matched(self) -> int:
        return sum(f.matched for f in self.files)

    @property
    def found(self) -> int:
        return sum(f.found for f in self.files)

    @property
    def correct(self) -> int:
        return sum(f.correct for f in self.files)

    @property
    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def invented_years(self) -> int:
        return sum(len(f.invented_years) for f in self.files)

    @property
    def kind_mismatches(self) -> int:
        return sum(len(f.kind_mismatches) for f in self.files)

    def as_dict(self) -> dict[str, Any]:
        return {
            "recall": round(self.recall, 4), "precision": round(self.precision, 4),
            "truth": self.truth, "matched": self.matched, "found": self.found,
            "correct": self.correct, "invented_years": self.invented_years,
            "kind_mismatches": self.kind_mismatches,
            "files": [asdict(f) for f in self.files],
        }  # fmt: skip


class ScoreError(Exception):
    """The folder cannot be scored (no folder, no truth.json, a malformed truth)."""


def _truth_key(item: dict[str, Any]) -> tuple[date, date]:
    start = date.fromisoformat(item["start"])
    end = date.fromisoformat(item["end"]) if item.get("end") else start
    return start, end


def _found_key(item: Any) -> tuple[date, date]:
    precision = getattr(item, "precision", "day")
    end_precision = getattr(item, "end_precision", None)
    if end_precision is None:
        end_precision = getattr(getattr(item, "date", None), "end_precision", None)
    return unit_start(item.start, precision), unit_start(item.end, end_precision or precision)


def _describe(kind: str, key: tuple[date, date], date_text: str, title: str) -> str:
    days = key[0].isoformat() if key[0] == key[1] else f"{key[0]}..{key[1]}"
    return f"{kind} {days} {date_text!r} ({title[:60]})"


def score_page(text: str, name: str, truth: dict[str, Any]) -> FileScore:
    """Run the importer on one page and compare with its truth entry."""
    from .importer import parse_page

    score = FileScore(name)
    items = truth.get("items", [])
    years = set(truth.get("years", []))
    found = parse_page(text, filename=name, html=Path(name).suffix.lower() != ".txt").items
    found_keys = [_found_key(f) for f in found]
    truth_keys = [_truth_key(t) for t in items]
    for item, key in zip(items, truth_keys, strict=True):
        matches = [f for f, k in zip(found, found_keys, strict=True) if k == key]
        if matches and not any(f.kind == item["kind"] for f in matches):
            score.kind_mismatches.append(
                f"{item.get('title_hint', '')!r}: {item['kind']}, found {matches[0].kind}"
            )
        if item.get("secondary"):
            continue
        score.truth += 1
        if matches:
            score.matched += 1
        else:
            hint = item.get("title_hint", "")
            score.missed.append(_describe(item["kind"], key, item.get("date_text", ""), hint))
    score.found = len(found)
    for f, key in zip(found, found_keys, strict=True):
        if key in truth_keys:
            score.correct += 1
        else:
            score.extra.append(_describe(f.kind, key, f.date_text, f.title))
        for year in sorted({f.start.year, f.end.year} - years):
            score.invented_years.append(year)
    return score


def _load_truth(folder: Path) -> dict[str, dict[str, Any]]:
    if not folder.is_dir():
        raise ScoreError(f"{folder}: no such folder (an annotated folder of pages is needed)")
    path = folder / "truth.json"
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScoreError(f"{path}: no truth.json in the folder") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScoreError(f"{path}: cannot read it: {exc}") from None
    if not isinstance(truth, dict) or not all(isinstance(v, dict) for v in truth.values()):
        raise ScoreError(f"{path}: expected an object of file -> {{items, years}}")
    problems = [
        f"{path}: {p}"
        for name, entry in truth.items()
        for p in _entry_problems(folder, name, entry)
    ]
    if problems:
        raise ScoreError("\n".join(problems))
    return truth


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _entry_problems(folder: Path, name: str, entry: dict[str, Any]) -> list[str]:
    """Every way one file's truth breaks the format (a wrong truth would be charged to the
    importer as misses): all of them, each naming the file and the item."""
    out: list[str] = []
    page = folder / name
    if Path(name).is_absolute() or ".." in Path(name).parts:
        out.append(f"{name!r}: a page must be a file in the folder")
    elif not page.is_file():
        out.append(f"{name!r}: no such page in the folder")
    items, years = entry.get("items"), entry.get("years")
    if not isinstance(items, list):
        out.append(f"{name!r}: 'items' must be a list (an empty one for a page without dates)")
        items = []
    if not isinstance(years, list) or not all(isinstance(y, int) for y in years):
        out.append(f"{name!r}: 'years' must be a list of years (numbers)")
    for n, item in enumerate(items, start=1):
        where = f"{name!r} item {n}"
        if not isinstance(item, dict):
            out.append(f"{where}: must be an object")
            continue
        if item.get("kind") not in ("event", "project"):
            out.append(f"{where}: kind must be 'event' or 'project', not {item.get('kind')!r}")
        start, end = _iso(item.get("start")), item.get("end")
        if start is None:
            out.append(f"{where}: start {item.get('start')!r} is not a date (YYYY-MM-DD)")
        if end is not None and _iso(end) is None:
            out.append(f"{where}: end {end!r} is not a date (YYYY-MM-DD)")
        elif start is not None and end is not None and _iso(end) < start:  # type: ignore[operator]
            out.append(f"{where}: end {end} is before start {start}")
        for field_ in ("precision", "end_precision"):
            if item.get(field_, "day") not in ("day", "month", "year"):
                out.append(f"{where}: {field_} must be 'month' or 'year'")
    return out


def score_folder(folder: Path | str) -> Score:
    """Score every page that `truth.json` names; a page that cannot be read is an error
    line of its own (its truth items count as missed)."""
    folder = Path(folder)
    truth = _load_truth(folder)
    files: list[FileScore] = []
    for name in sorted(truth):
        entry = truth[name]
        try:
            # decoded as `clex import` decodes a page: its declared charset, else detected
            text, _codec = decode((folder / name).read_bytes(), what="page")
            files.append(score_page(text, name, entry))
        except (OSError, EncodingError, KeyError, ValueError, TypeError) as exc:
            broken = FileScore(name, error=f"{type(exc).__name__}: {exc}")
            broken.truth = sum(1 for i in entry.get("items", []) if not i.get("secondary"))
            files.append(broken)
    return Score(files)


def default_folder() -> Path:
    """`shared/samples/pages` beside the repository, or beside its main checkout when this
    is a git worktree (whose `.git` is a file naming the main repository's git folder)."""
    root = Path(__file__).resolve().parents[2]
    candidates = [root.parent / "shared" / "samples" / "pages"]
    git = root / ".git"
    if git.is_file():
        line = git.read_text(encoding="utf-8", errors="replace").strip()
        if line.startswith("gitdir:"):
            gitdir = Path(line.removeprefix("gitdir:").strip())
            for parent in gitdir.parents:
                if parent.name == ".git":
                    candidates.append(parent.parent.parent / "shared" / "samples" / "pages")
                    break
    return next((c for c in candidates if c.is_dir()), candidates[0])


def _fraction(a: int, b: int) -> str:
    return f"{a}/{b}"


def render(score: Score, *, verbose: bool = False) -> str:
    """The per-file lines and the totals, as text."""
    width = max([len(f.name) for f in score.files] + [4])
    lines = [f"{'page':<{width}}  recall  precision  invented years"]
    for f in score.files:
        invented = ", ".join(map(str, f.invented_years)) or "-"
        lines.append(
            f"{f.name:<{width}}  {_fraction(f.matched, f.truth):>6}  "
            f"{_fraction(f.correct, f.found):>9}  {invented}"
        )
        if f.error:
            lines.append(f"    cannot score: {f.error}")
        if verbose:
            lines += [f"    missed: {m}" for m in f.missed]
            lines += [f"    extra:  {e}" for e in f.extra]
            lines += [f"    kind:   {k}" for k in f.kind_mismatches]
    lines.append(
        f"total: recall {score.recall:.2f} ({score.matched}/{score.truth}), "
        f"precision {score.precision:.2f} ({score.correct}/{score.found}), "
        f"invented years {score.invented_years}, kind mismatches {score.kind_mismatches}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evidence.pages.score",
        description="Score the page importer on an annotated folder of pages (truth.json).",
    )
    parser.add_argument(
        "folder", nargs="?", type=Path, help="default: shared/samples/pages beside the repository"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="list missed and extra items")
    args = parser.parse_args(argv)
    folder = args.folder if args.folder is not None else default_folder()
    if folder.name == "truth.json" and folder.is_file():  # the file named for its folder
        folder = folder.parent
    try:
        score = score_folder(folder)
    except ScoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = json.dumps(score.as_dict(), ensure_ascii=False, indent=1) if args.json else None
    try:
        print(out if out is not None else render(score, verbose=args.verbose))
        sys.stdout.flush()
    except BrokenPipeError:  # `... --json | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
