"""Problems found in the writers' files, and how they reach the MkDocs log.

Every check returns a list of `Problem`s instead of raising, so a build reports
every problem at once. The MkDocs adapters log them on a logger under `mkdocs.`
(so that `mkdocs build --strict` fails on them); the check-only CLI prints them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

ERROR = "error"  # fails `mkdocs build --strict` and `make check`
NOTICE = "notice"  # shown, never fails a build (e.g. a page not yet translated)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file: where it is, what is wrong, how to fix it."""

    path: str  # as the writer sees it, relative to the project: "docs/contacto/x.md"
    line: int  # 1-based; 0 when the whole file is concerned
    message: str  # what is wrong
    hint: str  # how to fix it
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} — {self.hint}"


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def hook_logger(name: str) -> logging.Logger:
    """The logger of one hook, under `mkdocs.` so that `--strict` counts its warnings."""
    return logging.getLogger(f"mkdocs.hooks.{name}")


def log_problems(logger: logging.Logger, problems: Iterable[Problem]) -> int:
    """Log problems sorted by file and line: errors as warnings, notices as info.

    Returns how many errors were logged.
    """
    errors = 0
    for problem in sorted(set(problems)):
        if problem.severity == ERROR:
            errors += 1
            logger.warning(str(problem))
        else:
            logger.info(str(problem))
    return errors
