"""Strict, safe YAML reading that remembers where every value came from.

Scenario, sweep and targets files are small, hand-written mappings. This reader refuses what has
no place in them, each as ``file:line: field: problem``:

* more than one document; anchors and aliases (which also rules out "billion laughs"
  expansion); tags, explicit (``!!float abc``, ``!!python/object``) or implied (dates);
  duplicate keys; keys that are neither text nor a year;
* numbers whose meaning depends on the YAML version: plain scalars are read by the YAML 1.2
  core schema (``yes`` is text, ``1e-3`` a number), and forms that YAML 1.1, which most readers
  implement, reads as another number are refused (``010``, octal 8 in YAML 1.1 and 10 in 1.2;
  ``1_000``; ``1:30``; ``0x1F``);
* anything beyond the limits of :mod:`sim.inputs.limits`: the file's size (read at most the limit
  plus one byte, from regular files only, see :mod:`sim.inputs.safe_read`), nesting depth, number
  of values, keys of one mapping, length of a text or a number. They are checked on the event
  stream, before any tree is built, so a hostile file costs milliseconds.

It returns plain Python data and a map from field path to 1-based line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.inputs.errors import Problem, ScenarioError, dotted
from sim.inputs.limits import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_KEYS,
    MAX_NODES,
    MAX_NUMBER_CHARS,
    MAX_TEXT_CHARS,
)
from sim.inputs.safe_read import UnreadableFile, read_text

MAX_BYTES = MAX_FILE_BYTES
"""Largest file read (kept under its old name for callers)."""

_CORE = "tag:yaml.org,2002:"
_NULL, _BOOL, _INT, _FLOAT, _STR = (f"{_CORE}{t}" for t in ("null", "bool", "int", "float", "str"))
_DATE = f"{_CORE}timestamp"
_AMBIGUOUS = "tag:cqsim,2026:ambiguous-number"
"""Tag of plain scalars that YAML 1.1 and YAML 1.2 read as different values: refused."""
_REFUSED = object()
"""What :meth:`_Builder.scalar` returns for a refused scalar (its problem is recorded)."""


class _Loader(yaml.SafeLoader):
    """SafeLoader resolving plain scalars by the YAML 1.2 core schema, ambiguous forms apart."""

    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in (
    (
        _AMBIGUOUS,
        r"""[-+]?0[0-9_]+(?::[0-5]?[0-9])*
        |[-+]?0[bBoOxX][0-9a-fA-F_]*
        |[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?""",
        "-+0123456789",
    ),
    (_NULL, r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    (_BOOL, r"true|True|TRUE|false|False|FALSE", "tTfF"),
    (_INT, r"[-+]?[0-9]+", "-+0123456789"),
    (
        _FLOAT,
        r"""[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)""",
        "-+0123456789.",
    ),
    (_DATE, r"[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt ].*)?", "0123456789"),
):
    _Loader.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern})$", re.X), list(_first))

PathKey = tuple[str | int, ...]
"""A field path: mapping keys and list indices from the document root."""


def _dotted(path: PathKey) -> str:
    """Render a path as ``levers.credit_growth`` / ``events[0].year``."""
    return dotted(path, lists=("events",))


def _line(event: yaml.Event | yaml.Node) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


@dataclass
class _Open:
    """A mapping or list being read in the event stream: its kind, line and entries so far."""

    mapping: bool
    line: int | None
    entries: int = 0


@dataclass
class _Limits:
    """Checks the event stream against the limits before anything is built."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    nodes: int = 0

    def fail(self, event: yaml.Event, message: str) -> None:
        raise ScenarioError([*self.problems, Problem(self.file, _line(event), "", message)])

    def see(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            self.problems.append(
                Problem(
                    self.file,
                    _line(event),
                    "",
                    "anchors and aliases (&name, *name) are not allowed in these files; "
                    "use 'extends' to reuse another scenario",
                )
            )
        if isinstance(event, yaml.CollectionEndEvent):
            self.stack.pop()
            return
        if not isinstance(event, yaml.NodeEvent):
            return
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(event, f"more than {MAX_NODES:,} values in one file")
        if self.stack:
            self._entry(event, self.stack[-1])
        if isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, yaml.CollectionStartEvent):
            self.stack.append(_Open(isinstance(event, yaml.MappingStartEvent), _line(event)))
            if len(self.stack) > MAX_DEPTH:
                self.fail(event, f"nested deeper than {MAX_DEPTH} levels")

    def _entry(self, event: yaml.Event, parent: _Open) -> None:
        parent.entries += 1
        count = (parent.entries + 1) // 2 if parent.mapping else parent.entries
        if count > MAX_KEYS:
            what = "keys in one mapping" if parent.mapping else "items in one list"
            self.fail(event, f"more than {MAX_KEYS:,} {what} (from line {parent.line})")

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        if len(event.value) > MAX_TEXT_CHARS:
            length = len(event.value)
            self.fail(event, f"a value of {length:,} characters; at most {MAX_TEXT_CHARS:,}")


class _Builder:
    """Turns a composed node tree into Python data, collecting problems and line numbers."""

    def __init__(self, file: str, loader: _Loader) -> None:
        self.file = file
        self.loader = loader
        self.lines: dict[PathKey, int] = {}
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, path: PathKey, message: str) -> None:
        self.problems.append(Problem(self.file, _line(node), _dotted(path), message))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_CORE}seq":
                self.problem(node, path, f"tag {short_tag(node.tag)} is not allowed")
                return None
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the composer makes only these three kinds
        value = self.scalar(node, path)
        return None if value is _REFUSED else value

    def scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        """The value of a scalar by the YAML 1.2 core schema, or ``_REFUSED`` after a problem."""
        plain = node.style is None
        implied = self.loader.resolve(yaml.ScalarNode, node.value, (plain, not plain))
        if node.tag != implied:
            tag = short_tag(node.tag)
            self.problem(node, path, f"tag {tag} is not allowed; write plain numbers and text")
            return _REFUSED
        value, problem = scalar_value(node.tag, node.value)
        if problem is not None:
            self.problem(node, path, problem)
            return _REFUSED
        return value

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict | None:
        if node.tag != f"{_CORE}map":
            self.problem(node, path, f"tag {short_tag(node.tag)} is not allowed")
            return None
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "keys must be plain text or years")
                continue
            key = self.scalar(key_node, path)
            if key is _REFUSED:
                continue
            if not isinstance(key, str | int) or isinstance(key, bool):
                self.problem(key_node, path, f"key {key!r} must be text or a year")
                continue
            if key in out:
                first = self.lines.get((*path, key))
                self.problem(key_node, (*path, key), f"duplicate key (first given on line {first})")
                continue
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, (*path, key))
        return out


def short_tag(tag: str) -> str:
    """``!!float`` for ``tag:yaml.org,2002:float``; other tags as they are."""
    return f"!!{tag[len(_CORE) :]}" if tag.startswith(_CORE) else tag


def scalar_value(tag: str, text: str) -> tuple[Any, str | None]:
    """The value of a plain scalar with its YAML 1.2 core ``tag``, and a problem or None."""
    if tag == _NULL:
        return None, None
    if tag == _BOOL:
        return text.lower() == "true", None
    if tag in (_INT, _FLOAT) and len(text) > MAX_NUMBER_CHARS:
        return None, f"a number of {len(text):,} characters; at most {MAX_NUMBER_CHARS}"
    if tag == _INT:
        return int(text), None
    if tag == _FLOAT:
        special = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
        return float(special.get(text.lower(), text)), None
    if tag == _DATE:
        return None, "a date is not allowed here; use plain numbers and text (quote a date)"
    if tag == _AMBIGUOUS:
        return None, ambiguous_number(text)
    return text, None


def ambiguous_number(text: str) -> str:
    """Why a number like ``010`` is refused, and what to write instead."""
    digits = text.lstrip("+-")
    if "_" in text:
        return f"{text!r}: write numbers without '_' (YAML 1.1 reads it as a number, 1.2 as text)"
    if ":" in text:
        return f"{text!r}: YAML 1.1 reads this as a number in base 60; quote it or write a number"
    if digits[:2].lower() in ("0b", "0o", "0x"):
        return f"{text!r}: write decimal numbers"
    plain = text[0] + digits.lstrip("0") if text[0] in "+-" else text.lstrip("0")
    return (
        f"{text!r}: a number with a leading zero means different numbers in YAML 1.1 (octal) "
        f"and 1.2; write {plain or '0'}"
    )


def _compose(text: str, file: str) -> tuple[yaml.Node | None, _Loader]:
    """Check the event stream against the limits, then compose the document's node tree."""
    limits = _Limits(file)
    for event in yaml.parse(text, Loader=_Loader):
        limits.see(event)
    if limits.problems:
        raise ScenarioError(limits.problems)
    loader = _Loader(text)
    try:
        return loader.get_single_node(), loader
    finally:
        loader.dispose()


def read_yaml(path: Path) -> tuple[Any, dict[PathKey, int]]:
    """Read one YAML document safely.

    Returns
    -------
    data, lines
        The document as plain Python data and the 1-based line of each field path.

    Raises
    ------
    ScenarioError
        If the file cannot be read, is too large, is not valid YAML, or uses refused features.
    """
    file = str(path)
    try:
        text = read_text(path, MAX_BYTES, "scenario, sweep and targets files")
    except UnreadableFile as exc:
        raise ScenarioError([Problem(file, None, "", str(exc))]) from None
    try:
        node, loader = _compose(text, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError([Problem(file, line, "", f"not valid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(file, None, "", f"not valid YAML: {exc}")]) from None
    if node is None:
        raise ScenarioError([Problem(file, None, "", "the file is empty; expected a mapping")])
    builder = _Builder(file, loader)
    data = builder.build(node, ())
    if builder.problems:
        raise ScenarioError(builder.problems)
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                Problem(
                    file,
                    node.start_mark.line + 1,
                    "",
                    "the document must be a mapping of keys (name, description, ...)",
                )
            ]
        )
    return data, builder.lines


def parse_value(text: str) -> Any:
    """One value written on the command line, read as in a scenario file (``1e-3`` a number).

    Raises
    ------
    ValueError
        If ``text`` is not valid YAML.
    """
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        raise ValueError(f"not a value: {' '.join(str(exc).split())}") from None
