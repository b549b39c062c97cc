"""Validation problems users can act on: file, line, field path, what is wrong, what is allowed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one scenario file.

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


class ScenarioError(Exception):
    """A scenario file cannot be used; ``problems`` lists every problem found, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
