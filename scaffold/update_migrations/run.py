"""Run one of this directory's migrations as a package module: ``run.py MODULE ARGS...``.

copier.yml runs migrations by path from the template source, under the Python
that runs Copier. A migration made of several modules imports its siblings
relatively, so they must be loaded as a package, and as this directory's copy,
never another one on ``sys.path`` (an installed scaffold of another version).
So this loads the directory as a package under a name of its own and calls
``MODULE.main(ARGS)``, whose return value is the exit code.
"""

import importlib
import importlib.util
import sys
from pathlib import Path

#: The name this directory is loaded under; nothing installed uses it.
PACKAGE = "scaffold_template_update_migrations"
USAGE = "usage: run.py MODULE [ARGUMENT...]"
#: Copier itself runs on older Pythons than the migrations' code does.
MINIMUM_PYTHON = (3, 10)


def main(argv: list[str]) -> int:
    """Load this directory as a package and run ``argv[0]``'s ``main`` with the rest."""
    if not argv:
        print(USAGE, file=sys.stderr)
        return 2
    if sys.version_info < MINIMUM_PYTHON:
        print(
            f"The template's update steps need Python {'.'.join(map(str, MINIMUM_PYTHON))} or "
            f"newer, and Copier runs on {sys.version.split()[0]}: run Copier (or scaffold) "
            "with a newer Python.",
            file=sys.stderr,
        )
        return 1
    here = Path(__file__).resolve().parent
    # Run as a script, the directory itself heads sys.path, where its modules
    # would shadow any top-level module of the same name.
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    spec = importlib.util.spec_from_file_location(
        PACKAGE, here / "__init__.py", submodule_search_locations=[str(here)]
    )
    if spec is None or spec.loader is None:
        print(f"cannot load {here} as a package", file=sys.stderr)
        return 1
    package = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = package
    spec.loader.exec_module(package)
    module = importlib.import_module(f"{PACKAGE}.{argv[0]}")
    return int(module.main(argv[1:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
