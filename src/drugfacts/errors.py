"""Errors a user can act on: each names the file, the line or the entity, and what is wrong.

Exit codes of the CLI: 0 ok, 1 invalid data, 2 usage error, 3 stopped at a time limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID_DATA = 1
EXIT_USAGE = 2
EXIT_TIME_LIMIT = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the input, located as precisely as we know."""

    message: str
    file: Path | None = None
    line: int | None = None
    entity: str | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file) + (f":{self.line}" if self.line else "")
            where += f":{self.column}" if self.line and self.column else ""
        if self.entity:
            where = f"{where}: {self.entity}" if where else self.entity
        return f"{where}: {self.message}" if where else self.message


class DrugfactsError(Exception):
    """Base of the errors the CLI turns into a message and an exit code."""

    exit_code = EXIT_INVALID_DATA

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = Problem(problems)
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class DataError(DrugfactsError):
    """The project's data or a graph given to us is invalid."""

    exit_code = EXIT_INVALID_DATA


class UsageError(DrugfactsError):
    """The command was called wrongly (unknown name, bad parameter, missing build)."""

    exit_code = EXIT_USAGE


class RefusedError(UsageError):
    """A request for what drugfacts never does on a user's behalf: read from outside the graph
    (SERVICE, FROM) or change it (SPARQL Update). The endpoint answers it 403."""


class TimeLimitError(DrugfactsError):
    """The work ran past the time limit the user set, and was stopped."""

    exit_code = EXIT_TIME_LIMIT
