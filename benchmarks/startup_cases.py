"""The start-up cases: `clex --help` and `clex evidence list --json`, each as a process.

Why processes: what a user waits for at the prompt is the interpreter starting, the
imports and the work, so both sides are timed whole, `sys.executable` with the working
tree on PYTHONPATH, run in turn (A B A B ...) after a warm-up, medians of k runs.
- startup-help: `clex --help` against a bare Typer application with as many groups,
  commands and options (each with clex's own help text), generated at bench time from
  clex's click command tree and written to the run's scratch folder, so the baseline
  grows with the command line. Target: <= 1.3x.
- startup-list: `clex evidence list --json` on the demo store (`clex demo`, built in the
  scratch folder) against a script of stdlib sqlite3 + json running the same query and
  printing the same JSON (checked equal before timing). The script's table of fields
  per kind is generated from the models; the script itself imports nothing of clex.
  Target: <= 2x.
With `--profile`, the clex side runs once under `python -X importtime` and the biggest
imports are kept: at this scale the start-up is the imports.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from . import ROOT
from .config import Run
from .measure import Row, pair

HELP_TARGET = 1.3
LIST_TARGET = 2.0


def say(text: str) -> None:
    print(f"  .. {text}", file=sys.stderr, flush=True)


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="100", LC_ALL="C.UTF-8")
    env.pop("CLEX_DB", None)
    return env


class _Runner:
    """One command as a process; each run's processor time (user + system, from the
    children's rusage) is kept too: on a busy machine the wall time of the longer
    process suffers more from waiting for a core, its processor time does not."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.args, self.cwd, self.cpu = args, cwd, list[float]()

    def __call__(self) -> bytes:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(self.args, capture_output=True, cwd=self.cwd, env=_env(), check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            args = " ".join(self.args)
            raise RuntimeError(f"{args} exited {proc.returncode}: {proc.stderr[-500:]!r}")
        return proc.stdout


def _cpu_note(clex: _Runner, baseline: _Runner, k: int) -> str:
    """The medians of the timed runs' processor times (the warm-up and checks left out)."""
    a, b = statistics.median(clex.cpu[-k:]), statistics.median(baseline.cpu[-k:])
    return f"; processor time {a * 1000:.0f} ms vs {b * 1000:.0f} ms ({a / b:.2f}x)"


def _runner(args: list[str], cwd: Path) -> _Runner:
    return _Runner(args, cwd)


def _k(run: Run) -> int:
    """Runs of a process that takes a second or less: 5 in a quick run, else 10."""
    return 5 if run.sizes.k_fast < 5 else 10


def _profile_imports(run: Run, name: str, args: list[str], cwd: Path) -> None:
    """With `--profile`: the clex side once under `-X importtime`, its costliest imports
    (cumulative microseconds, the modules clex itself asks for and their biggest parts)."""
    if not run.profile:
        return
    cmd = [sys.executable, "-X", "importtime", "-m", "clex", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=_env(), check=False)
    rows = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, module = line.split("|", 2)
            if cumulative.strip().isdigit():
                depth = (len(module) - len(module.lstrip())) // 2
                rows.append((int(cumulative), depth, module.strip()))
    top = sorted((r for r in rows if r[1] <= 2), reverse=True)[:25]
    run.profiles[name] = (
        "python -X importtime: cumulative us, module (indented by depth)\n"
        + "\n".join(f"{us:>13,}  {'  ' * depth}{module}" for us, depth, module in top)
    )


# -- clex --help ---------------------------------------------------------------------


def _tree() -> Any:
    import typer.main

    from clex.cli import app

    return typer.main.get_command(app)


def _count(group: Any) -> tuple[int, int, int]:
    """(groups, commands, options and arguments) of a click command tree, the root too."""
    groups, commands, params = 1, 0, len(group.params)
    for cmd in group.commands.values():
        if hasattr(cmd, "commands"):  # a group (Typer's click is its own: no isinstance)
            g, c, p = _count(cmd)
            groups, commands, params = groups + g, commands + c, params + p
        else:
            commands, params = commands + 1, params + len(cmd.params)
    return groups, commands, params


def _params_source(params: Any) -> str:
    """The parameters of a generated function: one per click parameter, same help."""
    out = []
    for i, p in enumerate(params):
        help_text = getattr(p, "help", None) or ""
        if p.param_type_name == "argument":
            out.append(f"    a{i}: str = typer.Argument(None, help={help_text!r}),")
        elif getattr(p, "is_flag", False):
            out.append(f"    o{i}: bool = typer.Option(False, {p.opts[0]!r}, help={help_text!r}),")
        else:
            out.append(f"    o{i}: str = typer.Option(None, {p.opts[0]!r}, help={help_text!r}),")
    return "\n".join(out)


def bare_help_source(root: Any) -> str:
    """A bare Typer application shaped as `root` (a click Group): the same groups,
    commands, options and help texts, functions that do nothing."""
    lines = ["import typer", ""]
    names = iter(range(10_000))

    def group(grp: Any, var: str) -> None:
        lines.append(
            f"{var} = typer.Typer(help={(grp.help or '')!r}, no_args_is_help=True, "
            "add_completion=False, pretty_exceptions_enable=False)"
        )
        lines.append(f"@{var}.callback()")
        lines.append(f"def {var}_cb(\n{_params_source(grp.params)}\n) -> None:\n    pass\n")
        for name, cmd in grp.commands.items():
            n = next(names)
            if hasattr(cmd, "commands"):
                sub = f"g{n}"
                group(cmd, sub)
                lines.append(f"{var}.add_typer({sub}, name={name!r})\n")
            else:
                lines.append(f"@{var}.command({name!r}, help={(cmd.help or '')!r})")
                lines.append(f"def c{n}(\n{_params_source(cmd.params)}\n) -> None:\n    pass\n")

    group(root, "app")
    lines.append('if __name__ == "__main__":\n    app()')
    return "\n".join(lines) + "\n"


def help_case(run: Run) -> list[Row]:
    root = _tree()
    groups, commands, params = _count(root)
    bare = run.scratch / "bare_help.py"
    bare.write_text(bare_help_source(root), encoding="utf-8")
    if _count(_bare_tree(bare)) != (groups, commands, params):
        raise RuntimeError("the bare Typer application is not shaped as clex's")
    k = _k(run)
    clex = _runner([sys.executable, "-m", "clex", "--help"], ROOT)
    baseline = _runner([sys.executable, str(bare), "--help"], run.scratch)
    a, b = pair(clex, baseline, k=k)
    _profile_imports(run, "startup-help", ["--help"], ROOT)
    return [
        Row(
            "startup-help",
            f"{groups} groups, {commands} commands, {params} options",
            a.median,
            b.median,
            target=f"<= {HELP_TARGET}x",
            met=a.median <= HELP_TARGET * b.median,
            k=k,
            note="`clex --help` vs a bare Typer app of the same shape, as processes"
            + _cpu_note(clex, baseline, k),
        )
    ]


def _bare_tree(path: Path) -> Any:
    import importlib.util

    import typer.main

    spec = importlib.util.spec_from_file_location("bare_help", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return typer.main.get_command(module.app)


# -- clex evidence list --json ---------------------------------------------------------


def _kinds() -> dict[str, list[tuple[str, str]]]:
    """kind -> (field, how its column is read: "", "list", "bool", "float") in the
    models' order: the table the bare script is given, as hand-written constants."""
    from evidence.models import KINDS, kind_fields

    out = {}
    for kind, cls in KINDS.items():
        types = {n: f.type for n, f in kind_fields(kind).items()}
        fields = []
        for name in cls.model_fields:
            how = "list" if name == "tags" else types.get(name, "")
            fields.append((name, how if how in ("list", "bool", "float") else ""))
        out[kind] = fields
    return out


BARE_LIST = '''"""The bare twin of `clex evidence list --json`: stdlib sqlite3 and json only."""
import json
import sqlite3
import sys

KINDS = {kinds!r}
SOURCE = ("file", "sheet", "row", "offset")
CAST = {{"bool": bool, "float": float}}


def main(path, cluster):
    con = sqlite3.connect(f"file:{{path}}?mode=ro", uri=True)
    if con.execute("SELECT 1 FROM clusters WHERE slug = ?", (cluster,)).fetchone() is None:
        sys.exit(f"no cluster {{cluster}}")
    cur = con.execute(
        "SELECT * FROM evidence WHERE cluster = ? ORDER BY kind, start, id", (cluster,)
    )
    names = [d[0] for d in cur.description]
    out = []
    for values in cur:
        row = dict(zip(names, values))
        item = {{}}
        for name, how in KINDS[row["kind"]]:
            if name == "source":
                if row["source_file"]:
                    item["source"] = {{
                        k: row["source_" + k] for k in SOURCE if row["source_" + k] is not None
                    }}
                continue
            value = row[name]
            if how == "list":
                item[name] = [v for v in (value or "").split(",") if v]
            elif value is not None:
                item[name] = CAST.get(how, lambda v: v)(value)
        out.append(item)
    sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\\n")


main(sys.argv[1], sys.argv[2])
'''


def _demo_store(run: Run) -> Path:
    out = run.scratch / "demo"
    if not (out / "clex.db").exists():
        say("building the demo store (clex demo)")
        _runner([sys.executable, "-m", "clex", "demo", "--out", str(out)], run.scratch)()
    return out / "clex.db"


def list_case(run: Run) -> list[Row]:
    db = _demo_store(run)
    con = sqlite3.connect(db)
    (cluster,) = (r[0] for r in con.execute("SELECT slug FROM clusters"))  # the demo's one
    con.close()
    bare = run.scratch / "bare_list.py"
    bare.write_text(BARE_LIST.format(kinds=_kinds()), encoding="utf-8")
    args = ["--db", str(db), "evidence", "list", "--cluster", cluster, "--json"]
    clex = _runner([sys.executable, "-m", "clex", *args], run.scratch)
    baseline = _runner([sys.executable, str(bare), str(db), cluster], run.scratch)
    shown = clex()
    listed = json.loads(shown)
    same = shown == baseline()  # the same text, byte for byte
    k = _k(run)
    a, b = pair(clex, baseline, k=k)
    _profile_imports(run, "startup-list", args, run.scratch)
    return [
        Row(
            "startup-list",
            f"demo store, {len(listed):,} records",
            a.median,
            b.median,
            target=f"<= {LIST_TARGET:g}x",
            met=a.median <= LIST_TARGET * b.median and same,
            k=k,
            note="`clex evidence list --json` vs stdlib sqlite3 + json, as processes"
            + _cpu_note(clex, baseline, k)
            + ("" if same else "; the bare JSON DIFFERS from clex's"),
        )
    ]


def startup(run: Run) -> list[Row]:
    return help_case(run) + list_case(run)


CASES = {"startup": startup}
