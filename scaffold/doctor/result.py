"""The outcome of one ``scaffold doctor`` check."""

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """How a check came out; only ``FAIL`` makes ``scaffold doctor`` exit non-zero."""

    #: Nothing to do.
    OK = "OK"
    #: Something to do that does not break the project yet (a newer template).
    WARN = "WARN"
    #: Something that breaks running or testing the project.
    FAIL = "FAIL"
    #: Not checked: skipped on request, or it could not be (no ``.venv``, no database).
    SKIPPED = "SKIPPED"


@dataclass(frozen=True)
class CheckResult:
    """One check's status, why, and what to run about it."""

    name: str
    status: Status
    #: One line: what was found, or why the check could not tell.
    reason: str
    #: The command (or short instruction) that fixes it, to run in the project.
    fix: str | None = None


def plural(count: int, noun: str) -> str:
    """Count in words for a reason: ``1 migration``, ``3 migrations``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
