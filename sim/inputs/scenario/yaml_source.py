"""Strict, safe YAML reading that remembers where every value came from.

Scenario files are small, hand-written mappings. This reader refuses what has no place in them:
more than one document, anchors and aliases (which also rules out "billion laughs" expansion),
explicit or non-core tags (``!!python/object`` and friends, dates), duplicate keys, non-string keys
except years, documents over ``MAX_BYTES`` or nested deeper than ``MAX_DEPTH``. It returns plain
Python data and a map from field path to 1-based line number.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from sim.inputs.errors import Problem, ScenarioError, dotted

MAX_BYTES = 256 * 1024
MAX_DEPTH = 12
MAX_NODES = 20_000
_CORE = "tag:yaml.org,2002:"
_ALLOWED_SCALARS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null")}


class _Loader(yaml.SafeLoader):
    """SafeLoader that also reads exponent floats without a dot (``1e-3``) as numbers.

    YAML 1.1, which PyYAML implements, would read ``1e-3`` as text; users mean a number.
    """


_Loader.add_implicit_resolver(
    f"{_CORE}float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)

PathKey = tuple[str | int, ...]
"""A field path: mapping keys and list indices from the document root."""


def _dotted(path: PathKey) -> str:
    """Render a path as ``levers.credit_growth`` / ``events[0].year``."""
    return dotted(path, lists=("events",))


class _Builder:
    """Turns a composed node tree into Python data, collecting problems and line numbers."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[PathKey, int] = {}
        self.problems: list[Problem] = []
        self.nodes = 0
        self.constructor = SafeConstructor()

    def problem(self, node: yaml.Node, path: PathKey, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, _dotted(path), message))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ScenarioError(
                [Problem(self.file, node.start_mark.line + 1, "", f"more than {MAX_NODES} values")]
            )
        self.lines.setdefault(path, node.start_mark.line + 1)
        if len(path) > MAX_DEPTH:
            self.problem(node, path, f"nested deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_CORE}seq":
                self.problem(node, path, f"tag {node.tag!r} is not allowed")
                return None
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag not in _ALLOWED_SCALARS:
            kind = "a date" if node.tag.endswith("timestamp") else f"tag {node.tag!r}"
            self.problem(node, path, f"{kind} is not allowed here; use plain numbers and text")
            return None
        return self.constructor.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict | None:
        if node.tag != f"{_CORE}map":
            self.problem(node, path, f"tag {node.tag!r} is not allowed")
            return None
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_SCALARS:
                self.problem(key_node, path, "keys must be plain text or years")
                continue
            key = self.constructor.construct_object(key_node)
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


def _refuse_aliases(text: str, file: str) -> None:
    """Raise if the document uses anchors or aliases (checked on the event stream, unexpanded)."""
    problems = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.append(
                Problem(
                    file,
                    event.start_mark.line + 1 if event.start_mark is not None else None,
                    "",
                    "anchors and aliases (&name, *name) are not allowed in scenario files; "
                    "use 'extends' to reuse another scenario",
                )
            )
    if problems:
        raise ScenarioError(problems)


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
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError(
                [
                    Problem(
                        file,
                        None,
                        "",
                        f"file is {size} bytes; scenario files are at most {MAX_BYTES} bytes",
                    )
                ]
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(file, None, "", "file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(file, None, "", "is a directory, not a file")]) from None
    except UnicodeDecodeError:
        raise ScenarioError([Problem(file, None, "", "not UTF-8 text")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(file, None, "", f"cannot read: {exc.strerror}")]) from None
    try:
        _refuse_aliases(text, file)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError([Problem(file, line, "", f"not valid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(file, None, "", f"not valid YAML: {exc}")]) from None
    if node is None:
        raise ScenarioError([Problem(file, None, "", "the file is empty; expected a mapping")])
    builder = _Builder(file)
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
                    "the document must be a mapping of scenario keys (name, description, ...)",
                )
            ]
        )
    return data, builder.lines
