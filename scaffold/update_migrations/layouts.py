"""A release's move table, read by name, as the relayout migration uses it.

A release that moves the generated package's modules writes its tables in a
module of this package (``layout_0_2_0.py``: MODULE_MOVES, NAME_MOVES,
FILE_MOVES); the migration is told the module's name in copier.yml and never
repeats a table.
"""

import importlib
from collections.abc import Mapping
from dataclasses import dataclass

from .import_rewriter import Moves


@dataclass(frozen=True)
class Layout:
    """Where one release moved modules, names and files of the generated package."""

    #: Old module -> new module, dotted, inside the package.
    modules: Mapping[str, str]
    #: (old module, name) -> new module, for names that left their module.
    names: Mapping[tuple[str, str], str]
    #: Old file -> new file, relative to the package directory.
    files: Mapping[str, str]

    def moves(self, package: str) -> Moves:
        """Return the moves for ``import_rewriter`` in the package named ``package``."""
        return Moves(package, self.modules, self.names)


def load_layout(name: str) -> Layout:
    """Read the tables of the layout module ``name`` (like ``layout_0_2_0``) in this package."""
    module = importlib.import_module(f"{__package__}.{name}")
    return Layout(module.MODULE_MOVES, module.NAME_MOVES, module.FILE_MOVES)


def dotted(path: str) -> str:
    """Return the module a file inside the package is: ``api/records.py`` -> ``api.records``."""
    return path.removesuffix(".py").replace("/", ".")
