"""The Jinja2 sandbox the report's templates render in, with bounds on what they may cost.

Why: `--templates DIR` runs a folder the user was given, not one clex wrote. A template
is a program: unsandboxed it could call `os.popen`, a link in the folder could bring
`/etc/passwd` into the PDF, and `range(10**9)` took more than 4 GB. So:
- templates render in Jinja2's `ImmutableSandboxedEnvironment` (no underscore
  attributes, no mutating methods, no `str.format` escapes), without `lipsum`;
- the user's templates are read by `FolderLoader`: only regular files whose real path
  lies inside the folder (a link out of it is refused, not followed), at most
  `MAX_TEMPLATE_BYTES`, UTF-8;
- a render has a budget (`bounded_render`): `MAX_STEPS` loop iterations and calls
  together (the sandbox's `range` is at most 100,000 long), `MAX_SECONDS` of processor
  time, `MAX_OUTPUT` characters of
  HTML, `MAX_TEXT` characters for one `*`, `%` or width-taking string method, integers
  of at most `MAX_BITS` bits from `*` and `**`, and, as the backstop for what no
  check foresees (text doubled in a loop), `MEMORY_HEADROOM` bytes of address space
  more than the process had before it (Linux);
- whatever a template does wrong is a `TemplateRefused` (a Jinja `SecurityError`) or
  a Jinja error; reports/html.py turns each into a located message (file and line).

The package's own templates render in the same sandbox: one path, tested by every report.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import string
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.loaders import split_template_path
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, SecurityError

MAX_TEMPLATE_BYTES = 1_000_000  # one template file
MAX_STEPS = 20_000_000  # loop iterations + calls in one render (the demo report: ~1,300)
MAX_OUTPUT = 200_000_000  # characters of HTML one render writes (the demo report: ~290,000)
CALL_STEPS = 20  # the steps one call costs (a macro call takes 20-30 times a loop step)
MAX_SECONDS = 120  # processor time of one render (the demo report: 0.2 s)
MAX_TEXT = 10_000_000  # characters one operation of a template may make
MAX_BITS = 100_000  # bits of an integer a template computes with * or **
MEMORY_HEADROOM = 2 << 30  # bytes of address space a render may add (the backstop)

_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class TemplateRefused(SecurityError):
    """A template that does what a report template may not (the message says what);
    `path` is the template file when the file itself is refused (a link out, a FIFO)."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class _Budget:
    """What one render has spent: loop iterations and calls (a call, a macro's say,
    counts `CALL_STEPS` iterations), and processor time."""

    def __init__(self, steps: int, seconds: float) -> None:
        self.left = steps
        self.deadline = time.process_time() + seconds
        self.until_clock = _CLOCK_EVERY

    def step(self, cost: int = 1) -> None:
        self.left -= cost
        if self.left < 0:
            raise TemplateRefused(
                f"the template runs more than {MAX_STEPS:,} loop steps "
                f"(a call counts {CALL_STEPS}); loop over the report's data, not over long "
                "ranges, nested loops or macros that call themselves"
            )
        self.until_clock -= 1
        if self.until_clock <= 0:
            self.until_clock = _CLOCK_EVERY
            if time.process_time() > self.deadline:
                raise TemplateRefused(
                    f"the template runs longer than {MAX_SECONDS} s of processor time"
                )


_CLOCK_EVERY = 10_000

_budget: ContextVar[_Budget | None] = ContextVar("clex_template_budget", default=None)


def _step(cost: int = 1) -> None:
    budget = _budget.get()
    if budget is not None:
        budget.step(cost)


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """The items of a `{% for %}` loop, each one a step of the render's budget."""
    for item in iterable:
        _step()
        yield item


class _CountedLoops(CodeGenerator):
    """Compiles every `{% for %}` so that each of its iterations is counted: the loop's
    iterable goes through the `_clex_counted` filter before anything is compiled."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            if not isinstance(loop.iter, nodes.Filter) or loop.iter.name != _COUNTED:
                loop.iter = nodes.Filter(
                    loop.iter, _COUNTED, [], [], None, None, lineno=loop.iter.lineno
                )
        super().visit_Template(node, frame)


_COUNTED = "_clex_counted"


class FolderLoader(jinja2.BaseLoader):
    """Templates from one folder only: a name resolves to a regular file whose real path
    is inside the folder; a link that leads out of it is refused, never followed. A
    name not there is `TemplateNotFound` (the package's template is used instead)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(self.folder):
            raise TemplateRefused(
                f"a link to a file outside the templates folder {self.folder}; "
                "copy the file into the folder instead",
                str(path),
            )
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
        except OSError as exc:
            raise TemplateRefused(f"cannot be read ({exc.strerror})", str(path)) from None
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise TemplateRefused("not a regular file; a template is a text file", str(path))
            data = fh.read(MAX_TEMPLATE_BYTES + 1)
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateRefused(
                f"larger than {MAX_TEMPLATE_BYTES:,} bytes; "
                "split it into templates that include each other",
                str(path),
            )
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateRefused(
                f"not UTF-8 text (byte {exc.start}); save it as UTF-8", str(path)
            ) from None
        mtime = info.st_mtime_ns

        def uptodate() -> bool:
            try:
                return os.stat(real).st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(path), uptodate


class ReportSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with the bounds of a report render (module docstring)."""

    code_generator_class = _CountedLoops
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # lipsum(10**9): text without end
        self.globals["range"] = _range
        self.filters[_COUNTED] = _counted
        for name in ("center", "indent", "wordwrap", "format", "batch", "slice", "truncate"):
            self.filters[name] = _bounded_filter(name, self.filters[name])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_product(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_percent(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step(CALL_STEPS)
        target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped
        owner = getattr(target, "__self__", None)
        if isinstance(owner, str):
            name = getattr(target, "__name__", "")
            if name in ("format", "format_map"):
                _check_format(owner)
            else:
                _check_str_method(owner, name, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateRefused(
            f"range of {len(numbers):,} numbers; a report template's range has at most "
            f"{MAX_RANGE:,}"
        )
    return numbers


def _refuse_size(what: str) -> TemplateRefused:
    return TemplateRefused(f"{what} would be longer than {MAX_TEXT:,} characters")


def _check_power(left: Any, right: Any) -> None:
    numbers = isinstance(left, int) and isinstance(right, int)
    if numbers and right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_BITS:
        raise TemplateRefused(f"{left} ** {right} is a number too large for a report")


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_BITS:
            raise TemplateRefused("a product too large for a report")
        return
    for seq, n in ((left, right), (right, left)):
        sized = isinstance(n, int) and isinstance(seq, str | list | tuple)
        if sized and n > 0 and len(seq) * n > MAX_TEXT:
            raise _refuse_size("a repeated text or list")


def _check_percent(fmt: str) -> None:
    for match in _PERCENT_FIELD.finditer(fmt):
        for width in match.groups():
            if width == "*" or (width is not None and int(width) > MAX_TEXT):
                raise _refuse_size("a %-formatted field")


def _check_format(fmt: str) -> None:
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # Python refuses it itself
    for _, _, spec, _ in fields:
        for width in re.findall(r"\d+", spec or ""):
            if int(width) > MAX_TEXT:
                raise _refuse_size("a formatted field")
        if spec and "{" in spec:
            raise TemplateRefused("a format width taken from an argument")


def _width_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[int]:
    values = [*args, *kwargs.values()]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _check_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if name in _WIDTH_METHODS:
        widths = _width_args(args, kwargs)
        if any(
            w * (text.count("\t") + 1 if name == "expandtabs" else 1) > MAX_TEXT for w in widths
        ):
            raise _refuse_size(f"str.{name}")
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, str) and isinstance(new, str):
            times = len(text) + 1 if old == "" else text.count(old)
            if len(text) + times * len(new) > MAX_TEXT:
                raise _refuse_size("str.replace")
    elif name == "join" and args and isinstance(args[0], list | tuple):
        pieces = args[0]
        size = len(text) * len(pieces) + sum(len(p) for p in pieces if isinstance(p, str))
        if size > MAX_TEXT:
            raise _refuse_size("str.join")


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter with a width or count argument, refused when that is huge."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name == "format" and args and isinstance(args[0], str):
            _check_percent(args[0])
        elif any(w > MAX_TEXT for w in _width_args(args[1:], kwargs)):
            raise TemplateRefused(f"the {name} filter's width or count is over {MAX_TEXT:,}")
        return func(*args, **kwargs)

    for attr in ("jinja_pass_arg",):
        if hasattr(func, attr):
            setattr(bounded, attr, getattr(func, attr))
    bounded.__name__ = func.__name__
    return bounded


def bounded_render(template: jinja2.Template, data: dict[str, Any]) -> str:
    """`template` rendered with `data` within the budget of one render (module docstring);
    a template that exceeds it raises `TemplateRefused` (or `MemoryError`)."""
    token = _budget.set(_Budget(MAX_STEPS, MAX_SECONDS))
    try:
        with _memory_headroom(MEMORY_HEADROOM):
            out: list[str] = []
            size = 0
            for chunk in template.generate(data):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateRefused(
                        f"the template writes more than {MAX_OUTPUT:,} characters of HTML"
                    )
                out.append(chunk)
            return "".join(out)
    finally:
        _budget.reset(token)


@contextlib.contextmanager
def _memory_headroom(extra: int) -> Iterator[None]:
    """The process's address space capped at what it uses now plus `extra` while a
    template renders, so that an allocation no other check foresaw is a `MemoryError`
    instead of the machine's memory; the limit as it was afterwards. Linux only."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        yield
        return
    want = used + extra
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if soft != resource.RLIM_INFINITY and soft <= want:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


__all__ = [
    "MAX_OUTPUT",
    "MAX_STEPS",
    "MAX_TEMPLATE_BYTES",
    "FolderLoader",
    "ReportSandbox",
    "TemplateRefused",
    "bounded_render",
]
