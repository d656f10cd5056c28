"""Fixtures: an inline template and an isolated git for the fast tests; the real
template's generated projects and their shared virtualenv for the slow ones.

The checks of every generated variant share one virtualenv holding the union of
their dependencies, so the expensive install happens once. It is cached under
``.pytest_cache``, keyed by the dependency lists and the interpreter, so later
sessions reuse it until the template's dependencies change (then it is replaced).
"""

import hashlib
import json
import shutil
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.harness import Server
from scaffold import new
from scaffold.kit.install import find_uv, venv_python
from scaffold.template.repository import HOME_VARIABLE
from tests.helpers import VARIANTS, build_template, run_ok, versioned_template
from tests.served_app import served_app

# pytester runs small inline suites (tests/test_part_times.py).
pytest_plugins = ["pytester", "tests.part_times"]


@pytest.fixture(scope="session", autouse=True)
def versions_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the template versions scaffold records out of the real user data directory."""
    home = tmp_path_factory.mktemp("scaffold-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(HOME_VARIABLE, str(home))
        yield home


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty SCAFFOLD_HOME of this test's own: a machine scaffold never ran on."""
    path = tmp_path / "scaffold-home"
    monkeypatch.setenv(HOME_VARIABLE, str(path))
    return path


@pytest.fixture(autouse=True)
def git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Give git a known global config, whatever the machine running the tests has."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Global User\n\temail = global@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return config


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A committed inline template with questions like the real one."""
    return build_template(tmp_path / "template")


@pytest.fixture
def released_template(tmp_path: Path) -> Path:
    """An inline template released as v1.0.0 and v2.0.0 (see ``tests.helpers``)."""
    return versioned_template(tmp_path / "released-template")


@pytest.fixture
def v1_project(released_template: Path, workdir: Path) -> Path:
    """A project generated from ``released_template`` v1.0.0, unchanged since."""
    generated = new(
        workdir / "api", template=released_template, vcs_ref="v1.0.0", defaults=True, install=False
    )
    return generated.path


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty directory to generate into; failures must leave it empty."""
    path = tmp_path / "work"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def generated_projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Render the project once per named answer set (``VARIANTS``), without installing it."""
    projects = {}
    for name, answers in VARIANTS.items():
        destination = tmp_path_factory.mktemp(f"generated-{name}") / "my-api"
        new(destination, defaults=True, install=False, data=answers)
        projects[name] = destination
    return projects


@pytest.fixture
def project(generated_projects: dict[str, Path], tmp_path: Path) -> Path:
    """A fresh copy of the default (SQLite) project, committed and clean."""
    copy = tmp_path / "my-api"
    shutil.copytree(generated_projects["sqlite"], copy, symlinks=True)
    return copy


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


@pytest.fixture(scope="session")
def served_products_app(
    generated_projects: dict[str, Path],
    checks_python: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Server]:
    """The default project with an owned ``products`` resource, served (``tests.served_app``)."""
    with served_app(
        generated_projects["sqlite"], checks_python, tmp_path_factory.mktemp("served")
    ) as server:
        yield server


def _requirements(project: Path) -> list[str]:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    dependencies: list[str] = pyproject["project"]["dependencies"]
    dev: list[str] = pyproject["dependency-groups"]["dev"]
    return [*dependencies, *dev]
