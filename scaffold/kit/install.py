"""Give a generated project its ``.venv`` and an up-to-date database."""

import os
import shutil
import sys
from pathlib import Path

import uv

from scaffold.kit.process import display_command, run_command

VENV_NAME = ".venv"


def find_uv() -> str | None:
    """Return a uv executable: the one on PATH, else the one the uv package ships.

    ``None`` only on platforms the uv package has no binary for; installing then
    falls back to venv + pip, which is slower but always there.
    """
    on_path = shutil.which("uv")
    if on_path is not None:
        return on_path
    try:
        return uv.find_uv_bin()
    except FileNotFoundError:
        return None


def venv_python(project: Path) -> Path:
    """Return the interpreter of the project's virtualenv."""
    if os.name == "nt":
        return project / VENV_NAME / "Scripts" / "python.exe"
    return project / VENV_NAME / "bin" / "python"


def install_commands(project: Path, uv_executable: str | None) -> list[list[str]]:
    """Return the commands that create ``.venv`` with the project and its dev group.

    ``uv sync`` does it in one step and writes ``uv.lock``; pip needs a fresh
    venv, a pip recent enough for ``--group`` (25.1), then the install.
    """
    if uv_executable is not None:
        return [[uv_executable, "sync"]]
    python = str(venv_python(project))
    return [
        [sys.executable, "-m", "venv", VENV_NAME],
        [python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [python, "-m", "pip", "install", "--quiet", "--editable", ".", "--group", "dev"],
    ]


def install_instructions() -> str:
    """Return the commands that (re)create ``.venv``, as one line to paste in the project."""
    return " && ".join(display_command(command) for command in install_commands(Path(), find_uv()))


def install_dependencies(project: Path) -> None:
    """Create ``project/.venv`` and install the project with its dev tools."""
    for command in install_commands(project, find_uv()):
        run_command(
            command,
            cwd=project,
            env=_project_environment(),
            hint=(
                "If a package could not be downloaded, check the network (or the proxy "
                "and index settings), or run scaffold again with --no-install and install "
                "later."
            ),
        )


def lock_dependencies(project: Path, uv_executable: str) -> None:
    """Write ``project/uv.lock``: the versions every install of the project uses.

    Only a project with a ``pyproject.toml`` has dependencies to lock. uv
    resolves against the package index (or its cache), installs nothing, and
    keeps the versions an existing lock pins where they still satisfy
    ``pyproject.toml``.
    """
    if not (project / "pyproject.toml").is_file():
        return
    run_command(
        [uv_executable, "lock"],
        cwd=project,
        env=_project_environment(),
        hint=(
            "uv needs the package index to lock the dependencies: check the network (or the "
            "proxy and index settings), then run `uv lock` in the project."
        ),
    )


def migrate_command(project: Path, package_name: str) -> list[str]:
    """Return the generated project's own migration command."""
    return [str(venv_python(project)), "-m", package_name, "migrate"]


def run_migrations(project: Path, package_name: str) -> None:
    """Bring the project's database to the latest migration.

    The generated package's ``migrate`` command also creates a missing
    PostgreSQL database, so a failure here usually means no server is running.
    """
    run_command(
        migrate_command(project, package_name),
        cwd=project,
        env=_project_environment(),
        hint=(
            "If the database server is not running, start it, or run scaffold again "
            "with --no-install and migrate later."
        ),
    )


def _project_environment() -> dict[str, str]:
    """Return this process's environment minus what would redirect the install.

    An activated virtualenv (scaffold's own, typically) or a
    UV_PROJECT_ENVIRONMENT would make uv install somewhere other than ``.venv``.
    """
    return {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT"}
    }
