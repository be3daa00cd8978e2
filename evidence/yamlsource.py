"""Safe YAML reading that remembers where every value stood.

PyYAML's composer gives nodes with line/column marks; we build plain Python values
from them ourselves so that (a) every path in the data maps back to a `LINE:COL`,
(b) duplicate keys are an error instead of a silent overwrite, (c) aliases, custom tags
(`!!python/object` ...) and absurd nesting are refused before anything expands.
Used for evidence YAML/JSON files, catalogues and judgement files alike; it lives in
`evidence`, the bottom layer, so that `criteria` and `assessment` import it downwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .findings import Finding, Location
from .infile import not_a_file
from .messages import Text

MAX_BYTES = 5_000_000
MAX_DEPTH = 40
# PyYAML's own parser composed about 10,000 nodes a second here (a 2.4 MB list of 1.2
# million numbers took 235 s and 2.8 GB); libyaml's about six times as many. 100,000
# nodes (a value or key each) hold some 3,000 records of 15 fields; more evidence than
# that belongs in a workbook or CSV file.
MAX_NODES = 100_000


class _TooMany(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark


class _Bounds:
    """Refuses a document past `MAX_NODES` nodes or `MAX_DEPTH` levels while it is
    composed, before the rest of it is read (or recursion runs out)."""

    _nodes = 0
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _TooMany(
                self.peek_event().start_mark,  # type: ignore[attr-defined]
                f"more than {MAX_NODES:,} values in the file; refused (split the file, or "
                "use a workbook or CSV file for this much evidence)",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH + 1:
                raise _TooMany(
                    self.peek_event().start_mark,  # type: ignore[attr-defined]
                    f"nesting deeper than {MAX_DEPTH} levels; refused",
                )
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class _BoundedLoader(_Bounds, yaml.SafeLoader):
    """The safe loader, bounded; all of it Python (PyYAML built without libyaml)."""


try:  # libyaml's scanner and parser, in C, as PyYAML's wheels are built with them
    from yaml._yaml import CParser

    class _FastLoader(_Bounds, Composer, CParser, SafeConstructor, Resolver):
        """The same bounded composing in Python, over the events of libyaml's parser: six
        times faster than PyYAML's own (the built-in catalogue in 9 ms, not 56 ms, read
        by every command that assesses; issue 19). Only for files it reads without a
        complaint: libyaml words its errors differently and places some elsewhere (a tab
        it cannot start a token with goes unnamed, the end of a file is a line after
        it), so a file it refuses is read again by PyYAML's parser, which says what and
        where as it always did (`_compose`)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _FAST: type | None = _FastLoader
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    _FAST = None


def _compose(text: str) -> Any:
    """The document's node tree: by libyaml's parser, and by PyYAML's own when libyaml
    refuses the text (its message and place are the ones users and tests know). The
    bounds are the same on both ways; libyaml also accepts a tab between tokens where
    PyYAML's parser refused it, as YAML allows."""
    if _FAST is not None:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass  # said below, by the parser whose words and places are known
    return yaml.compose(text, Loader=_BoundedLoader)


_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}

Path_ = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """The parsed value and a map from data paths to `(line, col)`, both 1-based."""

    file: str
    data: Any = None
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def where(self, path: Sequence[str | int], *, key: bool = False) -> str:
        """`LINE:COL` of the deepest known part of `path` (of its key when `key`)."""
        return str(self.location(path, key=key))

    def location(self, path: Sequence[str | int], *, key: bool = False) -> Location:
        """Line and column of the deepest known part of `path` (of its key when `key`)."""
        p = tuple(path)
        while p:
            if key and p in self.key_marks:
                line, col = self.key_marks[p]
                return Location(line=line, column=col)
            if p in self.marks:
                line, col = self.marks[p]
                return Location(line=line, column=col)
            p = p[:-1]
        return Location(line=1, column=1)

    def finding(
        self, path: Sequence[str | int], message: Text, *, key: bool = False, **extra: Any
    ) -> Finding:
        location = self.location(path, key=key)
        return Finding(file=self.file, location=location, message=message, **extra)


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


def read_yaml(path: Path | str, *, text: str | None = None) -> YamlDoc:
    """Read one YAML document; problems go to `doc.findings`, never raise for bad input."""
    name = str(path)
    doc = YamlDoc(file=name)
    if text is None:
        why = not_a_file(Path(path))  # a FIFO or /dev/zero never ends
        if why is not None:
            doc.findings.append(Finding(file=name, message=why))
            return doc
        try:
            with Path(path).open("rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            doc.findings.append(Finding(file=name, message=f"cannot read the file: {exc.strerror}"))
            return doc
        if len(raw) > MAX_BYTES:
            doc.findings.append(Finding(file=name, message="file is larger than 5 MB; refused"))
            return doc
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            doc.findings.append(
                Finding(
                    file=name,
                    location=Location(byte=exc.start),
                    message="not valid UTF-8; save the file as UTF-8",
                )
            )
            return doc
    try:
        node = _compose(text)
    except _TooMany as exc:
        m = exc.mark
        loc = Location(line=m.line + 1, column=m.column + 1) if m else Location()
        doc.findings.append(Finding(file=name, location=loc, message=str(exc)))
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(line=mark.line + 1, column=mark.column + 1) if mark else Location()
        doc.findings.append(
            Finding(
                file=name,
                location=loc,
                message=f"not valid {_language(name)}: {exc.problem or exc}",
            )
        )
        return doc
    except yaml.YAMLError as exc:  # e.g. several documents in one file
        doc.findings.append(Finding(file=name, message=f"not valid {_language(name)}: {exc}"))
        return doc
    except RecursionError:
        doc.findings.append(
            Finding(
                file=name,
                location=Location(line=1, column=1),
                message=(f"nesting deeper than {MAX_DEPTH} levels; refused"),
            )
        )
        return doc
    if node is None:
        doc.findings.append(
            Finding(file=name, location=Location(line=1, column=1), message="the file is empty")
        )
        return doc
    try:
        doc.data = _build(node, (), doc, set(), 0)
    except _Refused as exc:
        m = exc.node.start_mark
        doc.findings.append(
            Finding(
                file=name, location=Location(line=m.line + 1, column=m.column + 1), message=str(exc)
            )
        )
        doc.data = None
    return doc


_constructor = yaml.SafeLoader("")


def _build(node: yaml.Node, path: Path_, doc: YamlDoc, seen: set[int], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Refused(node, f"nesting deeper than {MAX_DEPTH} levels; refused")
    if id(node) in seen:
        raise _Refused(node, "YAML aliases (*name) are not allowed here; write the value out")
    seen.add(id(node))
    if node.tag not in _SAFE_TAGS:
        raise _Refused(node, f"the tag {node.tag!r} is not allowed; only plain YAML values")
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node, "YAML merge keys (<<) are not allowed here")
            key = _build(key_node, (*path, "<key>"), doc, seen, depth + 1)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise _Refused(key_node, "a mapping key must be a plain word")
            if key in out:
                m = key_node.start_mark
                doc.findings.append(
                    Finding(
                        file=doc.file,
                        location=Location(line=m.line + 1, column=m.column + 1),
                        message=f"duplicate key {key!r}",
                    )
                )
                continue
            k = str(key) if not isinstance(key, str) else key
            doc.key_marks[(*path, k)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[k] = _build(value_node, (*path, k), doc, seen, depth + 1)
        doc.marks.pop((*path, "<key>"), None)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), doc, seen, depth + 1) for i, item in enumerate(node.value)]
    try:
        return _constructor.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        return str(node.value)  # e.g. 2024-02-31: kept as text, judged by the consumer


def _language(name: str) -> str:
    """What the file is written in, as its user knows it: a .json file is read by the
    YAML reader (JSON is YAML), but "not valid YAML" sent its writer looking for YAML."""
    return "JSON" if name.lower().endswith(".json") else "YAML"
