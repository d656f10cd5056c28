"""Doctor's migration check, on small Alembic projects with a SQLite database."""

from pathlib import Path

import pytest

from scaffold.doctor.migrations import check_migrations
from scaffold.doctor.result import CheckResult, Status
from scaffold.kit.install import venv_python
from tests.doctor_projects import alembic_project, give_venv, revision
from tests.helpers import run_ok


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with revisions a1 <- b2 and a .venv, but no database yet."""
    path = tmp_path / "api"
    path.mkdir()
    alembic_project(path, revision("a1", None), revision("b2", "a1"))
    give_venv(path)
    return path


def upgrade(project: Path, target: str) -> None:
    run_ok([str(venv_python(project)), "-m", "alembic", "upgrade", target], project)


def test_no_database_yet_is_a_warning_and_creates_no_file(project: Path) -> None:
    result = check_migrations(project, "api")
    assert result == CheckResult(
        "migrations",
        Status.WARN,
        "no database yet (app.db does not exist): 2 migrations to apply",
        ".venv/bin/python -m api migrate",
    )
    assert not (project / "app.db").exists()


def test_database_behind_the_head_names_both_revisions(project: Path) -> None:
    upgrade(project, "a1")
    result = check_migrations(project, "api")
    assert (result.status, result.reason) == (
        Status.WARN,
        "1 migration not applied (database at a1, head b2)",
    )
    assert result.fix == ".venv/bin/python -m api migrate"


def test_database_at_the_head_is_ok(project: Path) -> None:
    upgrade(project, "head")
    assert check_migrations(project, "api") == CheckResult(
        "migrations", Status.OK, "the database is at the head revision b2"
    )


def test_without_a_package_name_the_fix_is_plain_alembic(project: Path) -> None:
    result = check_migrations(project, None)
    assert result.fix == ".venv/bin/python -m alembic upgrade heads"


def test_two_heads_fail_and_the_fix_merges_them(project: Path) -> None:
    alembic_project(project, revision("c3", "a1"))
    result = check_migrations(project, "api")
    assert result.status is Status.FAIL
    assert result.reason.startswith("the migrations have 2 heads (")
    assert result.fix == (
        '.venv/bin/python -m alembic merge heads -m "merge heads", '
        "then .venv/bin/python -m api migrate"
    )


def test_database_at_a_revision_no_script_defines_fails(project: Path) -> None:
    upgrade(project, "head")
    (project / "migrations/versions/b2.py").unlink()
    result = check_migrations(project, "api")
    assert result.status is Status.FAIL
    assert result.reason.startswith("the database is at b2, which no migration script defines")


def test_unreadable_database_is_unknown_with_the_reason(project: Path) -> None:
    ini = project / "alembic.ini"
    ini.write_text(ini.read_text().replace("sqlite:///app.db", "sqlite:///migrations"))
    result = check_migrations(project, "api")
    assert result.status is Status.SKIPPED
    assert result.reason.startswith(
        "unknown: cannot read the database's revision: OperationalError:"
    )
    assert "unable to open database file" in result.reason
    assert result.fix is not None and "DATABASE__URL" in result.fix


def test_a_project_without_alembic_ini_has_nothing_to_check(tmp_path: Path) -> None:
    result = check_migrations(tmp_path, "api")
    assert (result.status, result.reason) == (
        Status.SKIPPED,
        "no alembic.ini: the project has no migrations",
    )
