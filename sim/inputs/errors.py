"""Errors users can act on: a file, line, field path, what is wrong, what is allowed.

Every error a user can fix (a bad scenario, sweep, targets, seeds, parameters or history file, a
bad option, an output folder that exists) is a :class:`UserError`; the command line prints its
message and exits with code 2, without a traceback. Errors about files that are checked rule by
rule carry a list of :class:`Problem`, one per line (``file:line: field: problem``), all found at
once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


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
