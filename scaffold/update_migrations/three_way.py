"""Merge the user's edits to a file into the template's new version of it, as Copier does.

Copier merges a file it cannot patch with ``git merge-file`` and the labels
below, leaves conflicts between ``<<<<<<< before updating`` and ``>>>>>>> after
updating``, and records the three versions in the index so git (and ``scaffold
update``) see the file as unmerged; with ``--conflict rej`` it leaves the
template's version and the rejected change beside it in ``FILE.rej``. A moved
module is merged here, after Copier, and left the same ways.
"""

import difflib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .git_plumbing import git, repository_path, run_git

#: Copier's labels: the user's side, the base, the template's side.
OURS_LABEL, BASE_LABEL, THEIRS_LABEL = "before updating", "last update", "after updating"

#: How an update leaves a change it cannot merge (Copier's ``--conflict``).
ConflictStyle = Literal["inline", "rej"]


@dataclass(frozen=True)
class Versions:
    """The three sides of one file's merge, as text."""

    base: str
    ours: str
    theirs: str


def merge(versions: Versions, favour: Literal["ours", "theirs"] | None = None) -> tuple[str, int]:
    """Return the merged text and its number of conflicts (``favour`` resolves them)."""
    with tempfile.TemporaryDirectory(prefix="scaffold-merge-") as scratch:
        folder = Path(scratch)
        for side in ("base", "ours", "theirs"):
            (folder / side).write_bytes(getattr(versions, side).encode("utf-8"))
        labels = ["-L", OURS_LABEL, "-L", BASE_LABEL, "-L", THEIRS_LABEL]
        options = [f"--{favour}"] if favour else []
        # merge-file exits with the number of conflicts (at most 127), negative on error.
        completed = run_git(
            folder, "merge-file", "-p", *labels, *options, "ours", "base", "theirs",
            codes=tuple(range(128)),
        )  # fmt: skip
    return completed.stdout.decode("utf-8"), completed.returncode


def write_merged(project: Path, path: str, versions: Versions, style: ConflictStyle) -> bool:
    """Write the merge of ``versions`` to ``path`` in ``project``; True if it conflicts.

    Conflicts are left as Copier leaves them in ``style``: markers in the file,
    recorded as unmerged in the index, or the template's version with the
    user's rejected change in ``path.rej``.
    """
    target = project / path
    target.parent.mkdir(parents=True, exist_ok=True)
    merged, conflicts = merge(versions)
    if not conflicts:
        target.write_bytes(merged.encode("utf-8"))
        return False
    if style == "inline":
        target.write_bytes(merged.encode("utf-8"))
        _record_unmerged(project, path, versions)
        return True
    theirs_kept, _ = merge(versions, favour="theirs")
    ours_kept, _ = merge(versions, favour="ours")
    target.write_bytes(theirs_kept.encode("utf-8"))
    rejected = difflib.unified_diff(
        theirs_kept.splitlines(keepends=True),
        ours_kept.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    target.with_name(target.name + ".rej").write_bytes("".join(rejected).encode("utf-8"))
    return True


def _record_unmerged(project: Path, path: str, versions: Versions) -> None:
    """Put the three sides in the index as stages 1-3, as a conflicted merge leaves them."""
    top = Path(git(project, "rev-parse", "--show-toplevel").decode().strip())
    where = repository_path(project, path)
    entries = [f"0 {'0' * 40}\t{where}"]
    for stage, text in ((1, versions.base), (2, versions.ours), (3, versions.theirs)):
        blob = git(top, "hash-object", "-w", "--stdin", stdin=text.encode("utf-8"))
        entries.append(f"100644 {blob.decode().strip()} {stage}\t{where}")
    git(top, "update-index", "--index-info", stdin="\n".join(entries).encode() + b"\n")
