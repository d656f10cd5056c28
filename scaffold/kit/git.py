"""The git operations scaffold needs.

Create a project's repository, inspect and restore its working tree around an
update, and read a template's tags.
"""

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import ScaffoldError
from scaffold.kit.process import run_command


def git_executable() -> str:
    """Return the git command, or explain that scaffold needs it."""
    git = shutil.which("git")
    if git is None:
        raise ScaffoldError(
            "git is not installed, and scaffold needs it to create and update projects: "
            "install git (https://git-scm.com/downloads), then run scaffold again."
        )
    return git


def run_git(cwd: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    """Run ``git args`` in ``cwd`` (``env`` added to ours) and return its output."""
    return run_command(
        [git_executable(), *args], cwd=cwd, env=None if env is None else {**os.environ, **env}
    )


def is_inside_work_tree(path: Path) -> bool:
    """Tell whether ``path`` (or its nearest existing directory) is in a git work tree.

    A project generated inside a monorepo must not become a nested repository.
    """
    existing = next(p for p in (path, *path.parents) if p.is_dir())
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


@dataclass(frozen=True)
class FileChange:
    """One file an update touched: ``status`` is git's letter (M, A, D, U...)."""

    status: str
    path: str


def uncommitted_changes(path: Path) -> list[str]:
    """Return ``git status`` lines for everything under ``path`` not committed yet."""
    status = run_git(path, "status", "--porcelain", "--untracked-files=all", "--", ".")
    return status.splitlines()


def working_tree_changes(path: Path) -> list[FileChange]:
    """Return what differs under ``path`` from HEAD, new untracked files as ``A``.

    Paths are relative to ``path``, so a project inside a monorepo reads the same.
    """
    tracked = run_git(
        path, "diff", "HEAD", "--name-status", "--no-renames", "--relative", "-z", "--", "."
    )
    fields = tracked.split("\0")[:-1]
    pairs = zip(fields[::2], fields[1::2], strict=True)
    changes = [FileChange(status, name) for status, name in pairs]
    added = run_git(path, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    changes += [FileChange("A", name) for name in added.split("\0")[:-1]]
    return sorted(changes, key=lambda change: change.path)


def unmerged_files(path: Path) -> list[str]:
    """Return the files under ``path`` with unresolved merge conflicts."""
    names = run_git(path, "diff", "--name-only", "--diff-filter=U", "--relative", "-z", "--", ".")
    return sorted(set(names.split("\0")[:-1]))


def reject_files(path: Path) -> set[str]:
    """Return every ``*.rej`` file under ``path`` git does not track, ignored ones too."""
    names = run_git(path, "ls-files", "--others", "-z", "--", "*.rej")
    return set(names.split("\0")[:-1])


def discard_changes(path: Path) -> None:
    """Put everything under ``path`` back as committed, removing untracked files.

    Only for a ``path`` that was clean before: it cannot tell the user's
    uncommitted work from what a failed step wrote.
    """
    run_git(path, "checkout", "--quiet", "HEAD", "--", ".")
    run_git(path, "clean", "-d", "--force", "--quiet", "--", ".")


def has_revision(repository: Path, ref: str) -> bool:
    """Tell whether ``ref`` names a commit in ``repository``."""
    completed = subprocess.run(
        [
            git_executable(),
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{ref}^{{commit}}",
        ],
        cwd=repository,
        capture_output=True,
        check=False,
    )
    return completed.returncode == 0


def tags(repository: Path) -> list[str]:
    """Return the names of the tags in ``repository``."""
    return run_git(repository, "tag", "--list").splitlines()


def _config_value(git: str, cwd: Path, key: str) -> str:
    completed = subprocess.run(
        [git, "config", "--get", key], cwd=cwd, capture_output=True, text=True, check=False
    )
    return completed.stdout.strip()
