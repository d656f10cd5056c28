"""Render the real template and hold each generated project to its own checks.

Slow (minutes; installs from PyPI): ``pytest -m "not slow"`` skips them.

The checks of every database variant share one virtualenv holding the union of
their dependencies, so the expensive install happens once. It is cached under
``.pytest_cache``, keyed by the dependency lists and the interpreter, so later
sessions reuse it until the template's dependencies change (then it is replaced).
"""

import hashlib
import json
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

from scaffold import cli, new
from scaffold.install import find_uv, venv_python
from tests.helpers import database_choices, git, run_ok

pytestmark = pytest.mark.slow

DATABASES = database_choices()

#: The generated project's own checks, run from its directory (see its README).
CHECKS = {
    "pytest": ["-m", "pytest"],
    "ruff-check": ["-m", "ruff", "check", "."],
    "ruff-format": ["-m", "ruff", "format", "--check", "."],
    "mypy": ["-m", "mypy"],
}

#: Jinja left in the output; ``${{`` is GitHub Actions' syntax, not Jinja's.
UNRENDERED = re.compile(r"(?<!\$)\{\{|\{%")


@pytest.fixture(scope="session")
def generated_projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Render the default project once per database choice, without installing it."""
    projects = {}
    for database in DATABASES:
        destination = tmp_path_factory.mktemp(f"generated-{database}") / "my-api"
        new(destination, defaults=True, install=False, data={"database": database})
        projects[database] = destination
    return projects


@pytest.fixture(scope="session")
def checks_python(request: pytest.FixtureRequest, generated_projects: dict[str, Path]) -> Path:
    """Return the interpreter of the virtualenv shared by all generated checks.

    It holds every variant's ``[project].dependencies`` and ``dev`` group, plus
    asyncpg so every variant can reach PostgreSQL.
    """
    requirements = sorted(
        {"asyncpg", *(req for path in generated_projects.values() for req in _requirements(path))}
    )
    key = hashlib.sha256(json.dumps([sys.executable, requirements]).encode()).hexdigest()
    home = request.config.cache.mkdir("generated-venv") / key[:16]
    if not (home / "complete").exists():
        for stale in home.parent.iterdir():  # older dependency lists, or a broken try
            shutil.rmtree(stale)
        uv = find_uv()
        assert uv is not None, "the uv package ships a uv binary for this platform"
        run_ok(
            [uv, "venv", "--quiet", "--python", sys.executable, str(home / ".venv")], home.parent
        )
        python = str(venv_python(home))
        run_ok([uv, "pip", "install", "--quiet", "--python", python, *requirements], home)
        (home / "complete").touch()
    return venv_python(home)


@pytest.mark.parametrize("database", DATABASES)
def test_no_unrendered_jinja(generated_projects: dict[str, Path], database: str) -> None:
    project = generated_projects[database]
    leftovers = []
    for path in project.rglob("*"):
        relative = path.relative_to(project)
        if ".git" in relative.parts or not path.is_file():
            continue
        if path.suffix == ".jinja" or UNRENDERED.search(str(relative)):
            leftovers.append(f"{relative}: unrendered file name")
        elif UNRENDERED.search(path.read_text(errors="replace")):
            leftovers.append(f"{relative}: unrendered Jinja in the content")
    assert leftovers == []


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("database", DATABASES)
def test_generated_check_passes(
    generated_projects: dict[str, Path], checks_python: Path, database: str, check: str
) -> None:
    """Each check runs against the sources (``PYTHONPATH=src``), not an install.

    ``CI`` passes through: with ``CI=true`` the generated PostgreSQL tests fail
    instead of skipping when no server is reachable.
    """
    project = generated_projects[database]
    run_ok([str(checks_python), *CHECKS[check]], project, env={"PYTHONPATH": "src"})


def test_fresh_install_passes_its_own_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a new user runs: ``scaffold new`` with install, then the project's tests."""
    destination = tmp_path / "my-api"
    code = cli.main(["new", str(destination), "--defaults"])
    assert code == 0, capsys.readouterr().err
    assert git(destination, "status", "--porcelain") == ""
    assert len(git(destination, "log", "--format=%H").splitlines()) == 1
    run_ok([str(venv_python(destination)), "-m", "pytest"], destination)


def _requirements(project: Path) -> list[str]:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    dependencies: list[str] = pyproject["project"]["dependencies"]
    dev: list[str] = pyproject["dependency-groups"]["dev"]
    return [*dependencies, *dev]
