"""Carry the user's edits to modules a release moved from their old path to their new one.

Copier cannot: it removes every file only the old version had, edits and all,
and renders the new path fresh. So the relayout migration runs this twice:

- ``before`` Copier updates (``capture``): for each moved module the user
  edited, keep the user's version and the old version's render of it (the
  merge base) aside, in the repository's git directory, out of the project
  and its index; then stage that base at the old path, so Copier finds no
  change of the user's to apply there and removes the file as it removes an
  untouched one, leaving no ``.rej`` behind.
- ``after`` Copier updated (``carry``): merge each module kept aside into the
  new version's file at its new path, three ways, imports of the base and of
  the user's version first pointed at the new modules so that only the user's
  real edits differ; then put the old path's index entry back as committed.

A module the user deleted stays deleted at its new path, as Copier keeps
deleted files deleted; one the user left alone is simply the new version's.
"""

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .git_plumbing import MigrationError, git, repository_path
from .import_rewriter import Moves, rewrite_source
from .import_sorter import sort_imports
from .layouts import Layout, dotted
from .three_way import ConflictStyle, Versions, write_merged

#: Where the generated package lives in a project: ``src/<package_name>``.
SOURCE_ROOT = "src"
#: The directory in the repository's git directory that holds what ``before`` kept.
STASH_NAME = "scaffold-relayout"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Move:
    """One moved module: its old and new path, relative to the project."""

    old: str
    new: str


@dataclass
class Captured:
    """What ``before`` found: modules the user edited, and ones the user deleted."""

    package: str
    edited: list[Move] = field(default_factory=list)
    deleted: list[Move] = field(default_factory=list)


@dataclass
class Carried:
    """What ``after`` did with each module ``before`` kept aside or found deleted."""

    merged: list[Move] = field(default_factory=list)
    conflicted: list[Move] = field(default_factory=list)
    #: Edited modules the new version does not render (with these answers):
    #: removed as Copier removes such files; the user's version is in git history.
    dropped: list[Move] = field(default_factory=list)
    kept_deleted: list[Move] = field(default_factory=list)


def capture(project: Path, package: str, layout: Layout, previous: Path) -> Captured:
    """Keep aside the user's edited moved modules of ``project``; ``previous`` is the old render.

    Raises:
        MigrationError: A module's new path is taken by a file of the user's;
            then nothing has changed.
    """
    moves = [
        Move(f"{SOURCE_ROOT}/{package}/{old}", f"{SOURCE_ROOT}/{package}/{new}")
        for old, new in layout.files.items()
        # One the old version did not render (with these answers) is a module of the user's.
        if (previous / SOURCE_ROOT / package / old).is_file()
    ]
    for move in moves:
        if (project / move.new).exists():
            raise MigrationError(
                f"{move.new} exists, and this version of the template moves {move.old} there. "
                f"Rename your {move.new}, commit, and update again."
            )
    captured = Captured(package)
    stash = _fresh_stash(project)
    for move in moves:
        ours, base = project / move.old, (previous / move.old).read_bytes()
        if not ours.is_file():
            captured.deleted.append(move)
        elif ours.read_bytes() != base:
            _keep(stash, "base", move.new, base)
            _keep(stash, "ours", move.new, ours.read_bytes())
            _stage(project, move.old, base)
            captured.edited.append(move)
    manifest = {
        "package": package,
        "edited": [[move.old, move.new] for move in captured.edited],
        "deleted": [[move.old, move.new] for move in captured.deleted],
    }
    (stash / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return captured


def carry(project: Path, layout: Layout, style: ConflictStyle) -> Carried:
    """Merge what ``capture`` kept aside into the new paths; nothing kept, nothing done."""
    stash = stash_directory(project)
    carried = Carried()
    if not (stash / MANIFEST).is_file():
        return carried
    manifest = json.loads((stash / MANIFEST).read_text(encoding="utf-8"))
    moves = layout.moves(manifest["package"])
    prefix = f"{SOURCE_ROOT}/{manifest['package']}/"
    for old, new in manifest["edited"]:
        move = Move(old, new)
        theirs = project / new
        if not theirs.is_file():
            carried.dropped.append(move)
        else:
            versions = Versions(
                base=_pointed_at_new_modules(_kept(stash, "base", new), move, prefix, moves),
                ours=_pointed_at_new_modules(_kept(stash, "ours", new), move, prefix, moves),
                theirs=theirs.read_bytes().decode("utf-8"),
            )
            conflicts = write_merged(project, new, versions, style)
            (carried.conflicted if conflicts else carried.merged).append(move)
        git(project, "reset", "--quiet", "HEAD", "--", old)
    for old, new in manifest["deleted"]:
        (project / new).unlink(missing_ok=True)
        carried.kept_deleted.append(Move(old, new))
    shutil.rmtree(stash)
    return carried


def stash_directory(project: Path) -> Path:
    """Return where ``capture`` keeps modules for ``project``, in the repository's git directory.

    Per project, so two projects in one repository never share it; outside the
    work tree, so Copier never sees it.
    """
    stash = git(project, "rev-parse", "--git-path", STASH_NAME).decode().strip()
    prefix = git(project, "rev-parse", "--show-prefix").decode().strip()
    return (project / stash / prefix).resolve()


def _fresh_stash(project: Path) -> Path:
    stash = stash_directory(project)
    shutil.rmtree(stash, ignore_errors=True)
    stash.mkdir(parents=True)
    return stash


def _keep(stash: Path, side: str, path: str, content: bytes) -> None:
    target = stash / side / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def _kept(stash: Path, side: str, path: str) -> str:
    return (stash / side / path).read_bytes().decode("utf-8")


def _stage(project: Path, path: str, content: bytes) -> None:
    """Put ``content`` in the index at ``path``, keeping its mode; the working tree is untouched."""
    listed = git(project, "ls-files", "--stage", "--", path).decode().split()
    mode = listed[0] if listed else "100644"
    blob = git(project, "hash-object", "-w", "--stdin", stdin=content).decode().strip()
    # --cacheinfo takes the path from the repository's top, whatever the working directory.
    git(project, "update-index", "--cacheinfo", f"{mode},{blob},{repository_path(project, path)}")


def _pointed_at_new_modules(source: str, move: Move, prefix: str, moves: Moves) -> str:
    """Rewrite a moved module's imports as if it had been written at its new path."""
    importer, was = dotted(move.new.removeprefix(prefix)), dotted(move.old.removeprefix(prefix))
    rewritten = rewrite_source(source, importer, moves, was=was)
    return rewritten if rewritten == source else sort_imports(rewritten).text
