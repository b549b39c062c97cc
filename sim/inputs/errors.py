"""Errors users can act on: a file, line, field path, what is wrong, what is allowed.

Every error a user can fix (a bad scenario, sweep, targets, seeds, parameters or history file, a
bad option, an output folder that exists) is a :class:`UserError`; the command line prints its
message and exits with code 2, without a traceback. Errors about files that are checked rule by
rule carry a list of :class:`Problem`, one per line (``file:line: field: problem``), all found at
once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import ValidationError


class UserError(Exception):
    """An error the user can fix; the command line prints the message and exits with code 2."""


@dataclass(frozen=True)
class Problem:
    """One problem in one input file.

    Attributes
    ----------
    file : str
        The file the offending value comes from (after ``extends``, the file that set it).
    line : int or None
        1-based line of the value or key, when known.
    path : str
        Dotted field path, e.g. ``levers.credit_growth.sd``; empty for the whole document.
    message : str
        What is wrong and, where useful, what is allowed.
    """

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        """``file:line: path: message``."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InputError(UserError):
    """An input file cannot be used; ``problems`` lists every problem found, one per line.

    A problem is a :class:`Problem` or, from readers that check whole files rule by rule, a line
    of text that already names the file and field.
    """

    def __init__(self, problems: Sequence[Problem | str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ScenarioError(InputError):
    """A scenario file (or a sweep file, or a file either names) cannot be used."""


def format_problems(problems: Sequence[object]) -> str:
    """One line per problem, with a count first when there are several."""
    lines = [str(p) for p in problems]
    if len(lines) == 1:
        return lines[0]
    return "\n".join([f"{len(lines)} problems found:", *lines])


Origin = tuple[str, int | None]
"""(file, line) a field of a document came from."""


def dotted(path: tuple[str | int, ...], lists: tuple[str, ...] = ()) -> str:
    """A field path as text: ``levers.credit_growth``, ``events[0].year``.

    Whole numbers are list indices (``[0]``) under a top-level key named in ``lists``, and plain
    keys (years of a path: ``.2026``) elsewhere.
    """
    indexed = bool(path) and path[0] in lists
    out = ""
    for part in path:
        if indexed and isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def unknown_key(key: str, allowed: Sequence[str], what: str = "key") -> str:
    """``unknown key 'x'; did you mean 'y'? allowed: ...``."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    listing = f"allowed: {', '.join(allowed)}" if allowed else ""
    return f"unknown {what} {key!r}; {hint}{listing}".rstrip("; ")


def describe(raw: Any) -> str:
    """A value as a message shows it: ``str 'abc'``, ``nan (not finite)``."""
    if isinstance(raw, float):
        return f"{raw}" + (
            " (not finite)" if raw != raw or raw in (float("inf"), -float("inf")) else ""
        )
    return f"{type(raw).__name__} {raw!r}"


def pydantic_message(err: Mapping[str, Any]) -> str:
    """The text of one pydantic error, without pydantic's "Value error, " prefix."""
    msg = "must be a mapping" if err["type"] == "model_type" else str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if err["type"] in {"int_type", "string_type", "list_type", "dict_type", "model_type"}:
        msg += f", got {describe(err.get('input'))}"
    return msg


class ProblemLog:
    """The problems of one document, each at the file and line its field came from.

    Parameters
    ----------
    origins : mapping of field path to (file, line)
        Where each field was given; a field without an entry takes its nearest enclosing
        field's (a missing field: the mapping that lacks it).
    default_file : str
        The file of fields with no origin at all.
    lists : tuple of str
        Top-level keys whose whole-number path parts are list indices (see :func:`dotted`).
    """

    def __init__(
        self, origins: Mapping[tuple, Origin], default_file: str, lists: tuple[str, ...] = ()
    ) -> None:
        self.origins = origins
        self.default_file = default_file
        self.lists = lists
        self.problems: list[Problem | str] = []

    @classmethod
    def for_file(
        cls, file: str, lines: Mapping[tuple, int], lists: tuple[str, ...] = ()
    ) -> ProblemLog:
        """The log of a document read from one file, with the line of each field path."""
        return cls({path: (file, line) for path, line in lines.items()}, file, lists)

    def where(self, path: tuple) -> Origin:
        """File and line of ``path`` or of its nearest enclosing field."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.origins:
                return self.origins[path[:n]]
        return self.default_file, None

    def add(self, path: tuple, message: str) -> None:
        """Record a problem of the field at ``path``."""
        file, line = self.where(path)
        self.problems.append(Problem(file, line, dotted(path, self.lists), message))

    def pydantic(
        self,
        exc: ValidationError,
        prefix: tuple = (),
        allowed: Callable[[tuple], Sequence[str]] = lambda parent: (),
        what: str = "key",
    ) -> None:
        """Record each error of a pydantic validation of the value at ``prefix``.

        ``allowed(parent)`` lists the keys a mapping at path ``parent`` may have, for the
        message about an unknown key; ``what`` names such keys ("key", "field").
        """
        for err in exc.errors():
            path = (*prefix, *self.location(err))
            if err["type"] == "extra_forbidden":
                self.add(path, unknown_key(str(path[-1]), allowed(path[:-1]), what))
            elif err["type"] == "missing":
                self.add(path, "required field is missing")
            else:
                self.add(path, self.message(err))

    def location(self, err: Mapping[str, Any]) -> tuple:
        """The path of an error below the validated value (pydantic's ``loc``)."""
        return tuple(err["loc"])

    def message(self, err: Mapping[str, Any]) -> str:
        """The text of an error other than an unknown or missing key."""
        return pydantic_message(err)
