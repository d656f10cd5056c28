"""Keep a package the release emptied when modules of the user's are still in it.

When a release moves every module out of a package (0.2.0 emptied ``core/``),
Copier removes its ``__init__.py`` with them, as a file only the old version
had. Modules the user added there stay, in a directory that is no longer a
package: imports of it still resolve at run time (a namespace package), but
mypy and packaging tools treat it differently. So the ``after`` step puts the
``__init__.py`` back, as committed, where such modules remain; from then on it
is the user's file, and the user decides where those modules belong.
"""

from pathlib import Path

from .git_plumbing import git


def keep_packages_with_user_modules(project: Path, package_dir: str) -> list[str]:
    """Restore each removed ``__init__.py`` under ``package_dir`` whose directory holds modules.

    Returns the restored files, relative to ``project``.
    """
    committed = git(project, "ls-tree", "-r", "-z", "--name-only", "HEAD", "--", package_dir)
    restored = []
    for path in sorted(committed.decode().split("\0")):
        if not path.endswith("/__init__.py"):
            continue
        init = project / path
        if not init.exists() and init.parent.is_dir() and any(init.parent.glob("*.py")):
            git(project, "checkout", "--quiet", "HEAD", "--", path)
            restored.append(path)
    return restored
