"""Write a set of new files into a project: all of them, or none.

Every file is new (an existing one is refused before anything is written), so
undoing a failed run is removing what it created: the files, then any
directory it had to make for them.
"""

from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from scaffold.errors import ScaffoldError


def existing(root: Path, files: Mapping[PurePosixPath, str]) -> list[PurePosixPath]:
    """The paths among ``files`` that already exist under ``root``."""
    return [path for path in files if (root / path).exists()]


def write_new_files(root: Path, files: Mapping[PurePosixPath, str]) -> None:
    """Create every file under ``root``; on any failure, remove what was created.

    Raises:
        ScaffoldError: A file exists already, or one could not be written.
    """
    if clashes := existing(root, files):
        raise ScaffoldError(f"{clashes[0]} already exists; nothing was written.")
    created: list[Path] = []
    try:
        for relative, content in files.items():
            target = root / relative
            missing = [parent for parent in target.parents if not parent.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            created += reversed(missing)
            with target.open("x", encoding="utf-8", newline="\n") as stream:
                created.append(target)
                stream.write(content)
    except BaseException as error:
        for path in reversed(created):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise ScaffoldError(
                f"Cannot write {error.filename}: {error.strerror}; nothing was written."
            ) from error
        raise
