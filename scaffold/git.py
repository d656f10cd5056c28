"""Turn a freshly generated project into a git repository with one commit."""

import shutil
import subprocess
from pathlib import Path

from scaffold.commands import run_command
from scaffold.errors import ScaffoldError


def git_executable() -> str:
    """Return the git command, or explain that scaffold needs it."""
    git = shutil.which("git")
    if git is None:
        raise ScaffoldError("git is not installed; scaffold needs it to create the repository.")
    return git


def is_inside_work_tree(path: Path) -> bool:
    """Tell whether ``path`` (or its nearest existing ancestor) is in a git work tree.

    A project generated inside a monorepo must not become a nested repository.
    """
    existing = next(p for p in (path, *path.parents) if p.exists())
    completed = subprocess.run(
        [git_executable(), "rev-parse", "--is-inside-work-tree"],
        cwd=existing,
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.returncode == 0 and completed.stdout.strip() == "true"


def init_repository(
    path: Path, *, message: str, author_name: str | None, author_email: str | None
) -> None:
    """``git init -b main`` in ``path`` and commit everything as one commit.

    Machines without a git identity (fresh CI runners, containers) would make
    the commit fail; there the template's author answers sign it instead.
    """
    git = git_executable()
    identity: list[str] = []
    for key, fallback in (("user.name", author_name), ("user.email", author_email)):
        if fallback and not _config_value(git, path, key):
            identity += ["-c", f"{key}={fallback}"]
    run_command([git, "init", "--quiet", "--initial-branch=main"], cwd=path)
    run_command([git, "add", "--all"], cwd=path)
    run_command([git, *identity, "commit", "--quiet", "--message", message], cwd=path)


def _config_value(git: str, cwd: Path, key: str) -> str:
    completed = subprocess.run(
        [git, "config", "--get", key], cwd=cwd, capture_output=True, text=True, check=False
    )
    return completed.stdout.strip()
