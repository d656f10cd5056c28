"""Doctor's conventions check: a real pytest run of a small ``tests/conventions``."""

from pathlib import Path

import pytest

from scaffold.doctor.conventions import check_conventions
from scaffold.doctor.result import CheckResult, Status
from tests.doctor_projects import give_venv
from tests.helpers import write_files

RERUN = ".venv/bin/python -m pytest tests/conventions"

PASSING = """\
def test_routes_are_versioned() -> None:
    assert True


def test_bodies_use_the_envelope() -> None:
    assert True
"""

VIOLATING = """\
def test_routes_are_versioned() -> None:
    assert False, "convention API-VERSIONED violated: GET /widgets is outside /api/v1"


def test_bodies_use_the_envelope() -> None:
    assert False, "convention RESP-ENVELOPE violated: GET /api/v1/widgets returns a bare dict"


def test_admin_routes() -> None:
    assert False, "convention API-VERSIONED violated: DELETE /purge is outside /api/v1"


def test_timestamps() -> None:
    assert True
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "api"
    path.mkdir()
    give_venv(path)
    return path


def conventions(project: Path, tests: str) -> CheckResult:
    write_files(project, {"tests/conventions/test_rules.py": tests})
    return check_conventions(project)


def test_a_passing_suite_is_ok(project: Path) -> None:
    assert conventions(project, PASSING) == CheckResult("conventions", Status.OK, "2 tests passed")


def test_failures_are_summarised_by_the_conventions_they_name(project: Path) -> None:
    assert conventions(project, VIOLATING) == CheckResult(
        "conventions",
        Status.FAIL,
        "API-VERSIONED, RESP-ENVELOPE violated (3 failing tests)",
        f"read each rule under its id in AGENTS.md, fix the code, then {RERUN}",
    )


def test_a_failure_naming_no_convention_still_fails(project: Path) -> None:
    result = conventions(project, "def test_boom() -> None:\n    raise RuntimeError('boom')\n")
    assert result == CheckResult(
        "conventions",
        Status.FAIL,
        "a failure names no convention: "
        "tests/conventions/test_rules.py::test_boom - RuntimeError: boom",
        RERUN,
    )


def test_a_suite_that_cannot_be_collected_fails_with_pytests_words(project: Path) -> None:
    result = conventions(project, "import no_such_module_anywhere\n")
    assert result.status is Status.FAIL
    assert result.reason == (
        "a failure names no convention: tests/conventions/test_rules.py: "
        "ModuleNotFoundError: No module named 'no_such_module_anywhere'"
    )


def test_a_suite_that_skips_everything_is_skipped_with_the_reason(project: Path) -> None:
    skipping = (
        "import pytest\n\npytest.skip('PostgreSQL is not reachable', allow_module_level=True)\n"
    )
    assert conventions(project, skipping) == CheckResult(
        "conventions",
        Status.SKIPPED,
        "every test in tests/conventions skipped: PostgreSQL is not reachable",
        RERUN,
    )


def test_an_empty_suite_is_a_warning(project: Path) -> None:
    result = conventions(project, "")
    assert (result.status, result.reason) == (Status.WARN, "tests/conventions holds no tests")


def test_a_project_without_the_suite_is_a_warning(project: Path) -> None:
    result = check_conventions(project)
    assert (result.status, result.reason) == (
        Status.WARN,
        "no tests/conventions: nothing checks the house rules",
    )
