"""Where a generated project keeps its code: the layout description its template renders.

The template writes ``.scaffold/layout.yml``: a version number, where the
package and each feature layer (models, schemas, services, routes, migrations,
tests) live, and the modules generated code imports from, each under a name
(``pagination``, ``records``...). ``scaffold add resource`` writes files and
imports only through it, so scaffold needs no knowledge of the template's
insides, and a template that moves a module says so in one file. Templates
before 0.2.0 wrote none: their projects need ``scaffold update`` first.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from scaffold.errors import ScaffoldError

LAYOUT_FILE = PurePosixPath(".scaffold", "layout.yml")
#: The layout version this scaffold reads: 2, from template 0.2.0 (0.1.0's
#: ``core/`` package, which wrote no description, counts as version 1).
LAYOUT_VERSION = 2
#: Directories the description names, relative to the project root.
DIRECTORIES = (
    "package",
    "models",
    "schemas",
    "services",
    "routes",
    "migrations",
    "tests",
    "conventions",
)


@dataclass(frozen=True)
class Layout:
    """Where a project's code lives; every path is relative to the project root."""

    version: int
    directories: Mapping[str, PurePosixPath]
    #: Modules generated code imports from, by name (``pagination``: ``src/app/api/pagination.py``).
    modules: Mapping[str, PurePosixPath]

    @property
    def package(self) -> PurePosixPath:
        """The import package's directory, e.g. ``src/my_api``."""
        return self.directories["package"]

    @property
    def package_name(self) -> str:
        """The import package's name, e.g. ``my_api``."""
        return self.package.name

    def directory(self, name: str) -> PurePosixPath:
        """One of :data:`DIRECTORIES`: ``models``, ``tests``..."""
        return self.directories[name]

    def module(self, name: str) -> PurePosixPath:
        """The file of the module generated code knows as ``name``.

        Raises:
            ScaffoldError: The description names no such module.
        """
        try:
            return self.modules[name]
        except KeyError:
            raise ScaffoldError(
                f"{LAYOUT_FILE} names no {name!r} module, which generated code imports from. "
                "Restore the file as the template wrote it: scaffold update --defaults."
            ) from None

    def absolute_import(self, module: PurePosixPath) -> str:
        """The dotted name of a module inside the package: ``my_api.models.product``."""
        return ".".join(_module_parts(module.relative_to(self.package.parent)))

    def missing(self, root: Path) -> list[PurePosixPath]:
        """The directories and modules of the description that do not exist under ``root``."""
        paths = [*self.directories.values(), *self.modules.values()]
        return [path for path in paths if not (root / path).exists()]


def relative_import(importer: PurePosixPath, module: PurePosixPath) -> str:
    """How the file ``importer`` imports ``module`` relatively: ``..api.pagination``.

    Both are paths from the same root; a package's ``__init__.py`` is imported
    as the package.
    """
    source, target = importer.parent.parts, _module_parts(module)
    common = 0
    while common < min(len(source), len(target)) and source[common] == target[common]:
        common += 1
    return "." * (len(source) - common + 1) + ".".join(target[common:])


def _module_parts(module: PurePosixPath) -> tuple[str, ...]:
    parts = module.with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" else parts


def read_layout(root: Path) -> Layout | None:
    """Read the layout description of the project at ``root``; None when it has none.

    Raises:
        ScaffoldError: The description is unreadable, malformed, or of a
            layout version this scaffold does not know.
    """
    path = root / LAYOUT_FILE
    if not path.is_file():
        return None
    restore = f"Restore it as the template wrote it: git checkout -- {LAYOUT_FILE}"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ScaffoldError(f"Cannot read {path}: {error}. {restore}") from error
    if not isinstance(document, dict) or not isinstance(document.get("version"), int):
        raise ScaffoldError(f"{path} does not hold a layout description with a version. {restore}")
    version = document["version"]
    if version > LAYOUT_VERSION:
        raise ScaffoldError(
            f"{path} describes layout version {version}, from a template newer than this "
            f"scaffold knows (it reads version {LAYOUT_VERSION}): upgrade backend-scaffold."
        )
    if version < LAYOUT_VERSION:
        raise ScaffoldError(
            f"{path} describes layout version {version}, which this scaffold no longer "
            f"writes code for: update the project first (scaffold update --defaults)."
        )
    directories = {name: _path(path, name, document.get(name)) for name in DIRECTORIES}
    modules = document.get("modules")
    if not isinstance(modules, dict):
        raise ScaffoldError(f"{path} has no `modules:` mapping. {restore}")
    return Layout(
        version=version,
        directories=directories,
        modules={str(name): _path(path, str(name), value) for name, value in modules.items()},
    )


def _path(description: Path, name: str, value: Any) -> PurePosixPath:
    """A path of the description: relative, and inside the project."""
    path = PurePosixPath(value) if isinstance(value, str) and value else None
    if path is None or path.is_absolute() or ".." in path.parts:
        raise ScaffoldError(
            f"{description}: {name} must be a path inside the project, relative to its root "
            f"(got {value!r}). Restore the file: git checkout -- {LAYOUT_FILE}"
        )
    return path
