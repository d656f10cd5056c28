"""Run git for the update migrations, which cannot use scaffold's own helpers.

The migrations run under the Python that runs Copier, from the template
source, so they use the standard library only. Every call has a timeout, and
a failure says which command failed, where, and what git said.
"""

import subprocess
from pathlib import Path

#: No git command a migration runs should take long; a hung one fails the update.
TIMEOUT_SECONDS = 120


class MigrationError(Exception):
    """A migration cannot go on; the message says why, for the person updating."""


def git(cwd: Path, *args: str, stdin: bytes | None = None, codes: tuple[int, ...] = (0,)) -> bytes:
    """Run ``git args`` in ``cwd`` and return its output; other exit codes than ``codes`` fail."""
    return run_git(cwd, *args, stdin=stdin, codes=codes).stdout


def run_git(
    cwd: Path, *args: str, stdin: bytes | None = None, codes: tuple[int, ...] = (0,)
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git args`` in ``cwd``, for a caller that reads the exit code too."""
    command = ["git", *args]
    try:
        completed = subprocess.run(
            command, cwd=cwd, input=stdin, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise MigrationError(
            f"`{' '.join(command)}` did not finish within {TIMEOUT_SECONDS} s in {cwd}."
        ) from error
    except FileNotFoundError as error:
        raise MigrationError("git is not installed; the update needs it.") from error
    if completed.returncode not in codes:
        said = completed.stderr.decode(errors="replace").strip()
        raise MigrationError(
            f"`{' '.join(command)}` failed in {cwd} (exit {completed.returncode}): {said}"
        )
    return completed


def repository_path(project: Path, path: str) -> str:
    """Return ``path`` (relative to ``project``) relative to the repository's top instead."""
    prefix = git(project, "rev-parse", "--show-prefix").decode().strip()
    return prefix + path
