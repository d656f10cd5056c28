"""Doctor's dependency check: pyproject.toml against what the project's .venv has."""

from pathlib import Path

import yaml
from packaging.markers import default_environment
from packaging.utils import NormalizedName, canonicalize_name

from scaffold.doctor.dependencies import (
    Installed,
    check_dependencies,
    declared_requirements,
    project_problems,
    python_problems,
    unmet_requirements,
)
from scaffold.doctor.result import Status
from tests.doctor_projects import give_venv, mark_installed

ENVIRONMENT = {
    **{key: str(value) for key, value in default_environment().items()},
    "python_full_version": "3.12.4",
    "python_version": "3.12",
}


def installed(*entries: tuple[str, str, list[str]]) -> dict[NormalizedName, Installed]:
    return {
        canonicalize_name(name): Installed(name, version, tuple(requires))
        for name, version, requires in entries
    }


def test_missing_and_outdated_requirements_are_named() -> None:
    found = installed(("FastAPI", "0.100.0", []), ("httpx", "0.28.1", []))
    problems = unmet_requirements(
        ["fastapi>=0.115", "httpx>=0.28", "limits>=4"], found, ENVIRONMENT
    )
    assert problems == [
        "FastAPI 0.100.0 is installed, pyproject.toml requires >=0.115",
        "limits is not installed (required by pyproject.toml)",
    ]


def test_what_requirements_require_is_followed_with_their_extras() -> None:
    found = installed(
        ("uvicorn", "0.30.0", ["click>=7", 'uvloop>=0.15; extra == "standard"']),
        ("click", "6.0", []),
    )
    assert unmet_requirements(["uvicorn[standard]"], found, ENVIRONMENT) == [
        "click 6.0 is installed, uvicorn requires >=7",
        "uvloop is not installed (required by uvicorn)",
    ]
    assert unmet_requirements(["uvicorn"], found, ENVIRONMENT) == [
        "click 6.0 is installed, uvicorn requires >=7"
    ]


def test_markers_are_evaluated_for_the_projects_interpreter() -> None:
    requirements = ['tomli; python_version < "3.11"', 'exceptiongroup; python_version >= "3.12"']
    assert unmet_requirements(requirements, {}, ENVIRONMENT) == [
        "exceptiongroup is not installed (required by pyproject.toml)"
    ]


def test_an_installed_prerelease_satisfies_a_plain_specifier() -> None:
    found = installed(("pytest", "9.0.0rc1", []))
    assert unmet_requirements(["pytest>=8"], found, ENVIRONMENT) == []


def test_a_malformed_requirement_is_reported() -> None:
    assert unmet_requirements(["fastapi>>1"], {}, ENVIRONMENT) == [
        "pyproject.toml declares 'fastapi>>1', which is not a requirement"
    ]


def test_declared_requirements_are_the_dependencies_and_the_dev_group() -> None:
    pyproject = {
        "project": {"dependencies": ["fastapi"]},
        "dependency-groups": {
            "dev": ["pytest", {"include-group": "lint"}],
            "lint": ["ruff"],
            "docs": ["mkdocs"],
        },
    }
    assert declared_requirements(pyproject) == ["fastapi", "pytest", "ruff"]


def test_the_interpreter_must_be_one_requires_python_allows() -> None:
    assert python_problems({"project": {"requires-python": ">=3.12"}}, ENVIRONMENT) == []
    assert python_problems({"project": {"requires-python": ">=3.13"}}, ENVIRONMENT) == [
        ".venv runs Python 3.12.4, pyproject.toml requires >=3.13"
    ]


def test_the_project_itself_must_be_installed_at_its_version() -> None:
    pyproject = {"project": {"name": "my-api", "version": "0.2.0"}}
    assert project_problems(pyproject, {}) == ["the project itself (my-api) is not installed"]
    assert project_problems(pyproject, installed(("my_api", "0.1.0", []))) == [
        "the project is installed at 0.1.0, pyproject.toml says 0.2.0"
    ]
    assert project_problems(pyproject, installed(("my-api", "0.2.0", []))) == []


PYPROJECT = """\
[project]
name = "api"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = [{dependencies}]

[dependency-groups]
dev = ["pytest>=8"]
"""


def test_a_venv_with_everything_declared_is_ok(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        PYPROJECT.format(dependencies='"pyyaml>=6", "copier>=9"')
    )
    give_venv(tmp_path)
    mark_installed(tmp_path, "api", "0.1.0")
    result = check_dependencies(tmp_path)
    assert (result.status, result.reason) == (
        Status.OK,
        "the 3 requirements in pyproject.toml and theirs are installed",
    )


def test_drift_fails_naming_each_problem_and_the_fix_installs(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        PYPROJECT.format(dependencies='"pyyaml<6", "no-such-distribution", "nor-this-one"')
    )
    give_venv(tmp_path)
    result = check_dependencies(tmp_path)
    assert result.status is Status.FAIL
    assert result.reason == (
        "the project itself (api) is not installed; "
        f"PyYAML {yaml.__version__} is installed, pyproject.toml requires <6; "
        "no-such-distribution is not installed (required by pyproject.toml); and 1 more"
    )
    assert result.fix is not None and result.fix.endswith("uv sync")


def test_an_unreadable_pyproject_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project\n")
    result = check_dependencies(tmp_path)
    assert result.status is Status.SKIPPED
    assert result.reason.startswith("unknown: cannot read pyproject.toml:")
