"""Keep ``uv.lock`` in step with ``pyproject.toml`` once an update has changed it.

The lock is what the project's image, CI and nox sessions install from, and
``uv sync --locked`` refuses a lock out of step with ``pyproject.toml``: an
update that changes the dependencies and leaves the lock behind would fail the
project's next CI run.
"""

from pathlib import Path

from scaffold.errors import CommandError, ScaffoldError
from scaffold.kit.install import find_uv, lock_dependencies

PYPROJECT = "pyproject.toml"
LOCK_FILE = "uv.lock"


def refresh_lock(project: Path, *, changed: set[str], conflicts: set[str]) -> str | None:
    """Re-lock ``project`` when the update changed ``pyproject.toml`` or there is no lock.

    ``changed`` and ``conflicts`` are paths relative to the project. Returns
    why the lock was left as it is, when that needs the user (then the update
    itself still stands), or None.
    """
    if not (project / PYPROJECT).is_file():
        return None
    if PYPROJECT in conflicts:
        return f"{PYPROJECT} has conflicts: resolve them, then run `uv lock`"
    if PYPROJECT not in changed and (project / LOCK_FILE).is_file():
        return None
    uv = find_uv()
    if uv is None:
        return "no uv to lock with on this platform: run `uv lock` where there is one"
    try:
        lock_dependencies(project, uv)
    except CommandError as error:
        last_line = error.output.strip().splitlines()[-1:] or [f"exit code {error.returncode}"]
        return f"`uv lock` failed ({last_line[0]}): run it again once that is fixed"
    except ScaffoldError as error:
        return f"`uv lock` could not run ({error})"
    return None
