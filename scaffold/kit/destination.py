"""Put a finished render in place, and take everything back out if a step fails.

The project is rendered into a staging directory next to the destination (same
filesystem, so moving it is a rename). Steps that need the final path, such as
creating the virtualenv, run after the move; if one of them fails, undoing the
placement removes every entry the run added and restores what it overwrote.
"""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scaffold.errors import ScaffoldError


class Placement:
    """One run's claim on a destination directory.

    Use it through :func:`placement`, which undoes it on any failure and always
    discards the staging directory.
    """

    def __init__(self, destination: Path) -> None:
        self.destination = destination
        self._existed = destination.exists()
        self._existing_entries = (
            frozenset(entry.name for entry in destination.iterdir())
            if self._existed
            else frozenset()
        )
        self._created_root = _topmost_missing(destination.parent)
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            self._staging = Path(
                tempfile.mkdtemp(
                    prefix=f".{destination.name}-", suffix=".scaffold", dir=destination.parent
                )
            )
        except OSError as error:
            self._remove_created_root()
            raise ScaffoldError(
                f"Cannot create files next to {destination}: {error.strerror}. Choose a "
                "destination in a directory you can write to."
            ) from error
        self._backups = self._staging / "backup"
        self._backed_up: list[str] = []
        self._placed = False

    @property
    def render_path(self) -> Path:
        """Where to render: a not-yet-existing directory named like the target.

        Copier exposes the directory name to templates as ``_folder_name``.
        """
        return self._staging / self.destination.name

    def place(self) -> None:
        """Move the render into the destination, backing up what it replaces."""
        self._placed = True
        if not self._existed:
            self.render_path.rename(self.destination)
            return
        self._backups.mkdir()
        for entry in sorted(self.render_path.iterdir()):
            target = self.destination / entry.name
            if target.exists() or target.is_symlink():
                target.rename(self._backups / entry.name)
                self._backed_up.append(entry.name)
            entry.rename(target)

    def undo(self) -> None:
        """Leave the filesystem as it was before this run."""
        if self._placed and not self._existed:
            shutil.rmtree(self.destination, ignore_errors=True)
        elif self._placed:
            for entry in self.destination.iterdir():
                if entry.name not in self._existing_entries or entry.name in self._backed_up:
                    _remove(entry)
            for name in self._backed_up:
                (self._backups / name).rename(self.destination / name)
        self._remove_created_root()

    def discard_staging(self) -> None:
        """Delete the staging directory, with the backups of replaced entries."""
        shutil.rmtree(self._staging, ignore_errors=True)

    def _remove_created_root(self) -> None:
        if self._created_root is not None:
            shutil.rmtree(self._created_root, ignore_errors=True)


def check_destination(destination: Path, *, force: bool) -> None:
    """Refuse a destination that would lose or mix up existing files.

    An empty directory is fine; a non-empty one needs ``force``.
    """
    if destination.exists() and not destination.is_dir():
        raise ScaffoldError(
            f"Destination {destination} exists and is not a directory; choose a new directory."
        )
    if destination.is_dir() and not force and any(destination.iterdir()):
        raise ScaffoldError(
            f"Destination {destination} already exists and is not empty; "
            "choose a new directory, or pass --force to overwrite the files in it."
        )


@contextmanager
def placement(destination: Path, *, force: bool) -> Iterator[Placement]:
    """Claim ``destination``; undo everything if the ``with`` block fails.

    Ctrl-C counts as a failure too: an interrupted run leaves nothing behind.
    """
    check_destination(destination, force=force)
    claim = Placement(destination)
    try:
        yield claim
    except BaseException:
        claim.undo()
        raise
    finally:
        claim.discard_staging()


def _topmost_missing(directory: Path) -> Path | None:
    """Return the outermost ancestor-or-self of ``directory`` that does not exist."""
    missing = None
    for candidate in (directory, *directory.parents):
        if candidate.exists():
            break
        missing = candidate
    return missing


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
