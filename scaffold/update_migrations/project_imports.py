"""Point every module of a project at the modules a release moved, in ruff's import order.

After the update the template's own modules import from the new places, but
the user's do not: resources added with ``scaffold add resource``, hand-written
routes, services and tests still name ``core.config`` and the like. This
rewrites the imports of every Python file git would commit (tracked or new,
not ignored: never ``.venv``), and sorts the imports of the files it changed
as ruff does, so the project keeps passing ``ruff check``. Files it does not
change stay byte for byte.
"""

from dataclasses import dataclass, field
from pathlib import Path

from .git_plumbing import git
from .import_rewriter import Moves, rewrite_source
from .import_sorter import sort_imports
from .layouts import dotted


@dataclass
class RewrittenImports:
    """The files whose imports were rewritten, relative to the project."""

    modules: list[str] = field(default_factory=list)
    #: Among them, those with imports left out of order for ruff to sort.
    unsorted: list[str] = field(default_factory=list)


def rewrite_project_imports(project: Path, package_dir: str, moves: Moves) -> RewrittenImports:
    """Rewrite imports of moved modules in every Python file of ``project``.

    ``package_dir`` is the package's directory relative to the project
    (``src/my_api``): modules inside it are rewritten with their relative
    imports; files outside it (tests, scripts) only where they import the
    package absolutely.
    """
    result = RewrittenImports()
    listed = git(project, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.py")
    for name in sorted(set(listed.decode().split("\0")) - {""}):
        path = project / name
        if not path.is_file():  # a module the update removed
            continue
        try:
            source = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        inside = name.startswith(f"{package_dir}/")
        importer = dotted(name.removeprefix(f"{package_dir}/")) if inside else None
        rewritten = rewrite_source(source, importer, moves)
        if rewritten == source:
            continue
        ordered = sort_imports(rewritten)
        path.write_bytes(ordered.text.encode("utf-8"))
        result.modules.append(name)
        if ordered.left_unsorted:
            result.unsorted.append(name)
    return result
