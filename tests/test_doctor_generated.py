"""``scaffold doctor`` on real generated projects, each with its own ``.venv``.

The ``.venv`` shares the packages of the virtualenv all generated checks use
(``checks_python``) through a ``.pth`` file and holds an editable install of
the project itself, so doctor sees what ``uv sync`` would have made without
installing the dependencies again. Slow: a conventions run, migrations.
"""

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from scaffold import cli, doctor
from scaffold.doctor.result import Status
from scaffold.kit.install import find_uv, venv_python
from tests.doctor_projects import give_venv
from tests.helpers import run_ok
from tests.servers import POSTGRESQL, POSTGRESQL_URL, drop_database, require_server
from tests.test_conventions_bite import LEFT_BEHIND, VIOLATIONS, plant

pytestmark = pytest.mark.slow

#: Everything but the migration check, for the runs that look at the database.
ONLY_MIGRATIONS = ("version", "update", "dependencies", "conventions")


def project_with_venv(source: Path, destination: Path, checks_python: Path) -> Path:
    """Copy a rendered project to ``destination`` and give it a ``.venv``."""
    project = destination / source.name
    shutil.copytree(source, project, ignore=LEFT_BEHIND)
    python = give_venv(project, sharing=checks_python)
    uv = find_uv()
    assert uv is not None
    run_ok(
        [uv, "pip", "install", "--quiet", "--no-deps", "--python", str(python), "-e", "."], project
    )
    return project


def package_name(project: Path) -> str:
    return str(yaml.safe_load((project / ".copier-answers.yml").read_text())["package_name"])


def test_doctor_names_the_planted_violation_and_the_pending_migrations(
    generated_projects: dict[str, Path],
    checks_python: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = project_with_venv(generated_projects["sqlite"], tmp_path, checks_python)
    package = package_name(project)
    plant(project, package, VIOLATIONS["route-returns-a-bare-dict"])

    code = cli.main(["doctor", "--project", str(project)])

    out = capsys.readouterr().out
    assert code == cli.EXIT_CHECK_FAILED, out
    status, reason = {}, {}
    for line in out.splitlines()[1:7]:
        check_status, name, check_reason = line.split(maxsplit=2)
        status[name], reason[name] = check_status, check_reason
    assert status == {
        "version": "OK",
        "update": "OK",
        "migrations": "WARN",
        "lock": "OK",
        "dependencies": "OK",
        "conventions": "FAIL",
    }
    assert reason["update"].startswith("up to date with v")
    assert reason["migrations"].startswith(f"no database yet ({package}.db does not exist): ")
    assert reason["migrations"].endswith(f"to apply -> .venv/bin/python -m {package} migrate")
    assert reason["dependencies"].endswith("in pyproject.toml and theirs are installed")
    assert "RESP-ENVELOPE" in reason["conventions"].split(" violated ")[0]
    assert not (project / f"{package}.db").exists(), "doctor must not create the database"

    run_ok([str(venv_python(project)), "-m", package, "migrate"], project)
    report = doctor(project, skip=ONLY_MIGRATIONS)
    assert report.checks[2].status is Status.OK
    assert report.checks[2].reason.startswith("the database is at the head revision ")


@pytest.fixture
def scratch_database(checks_python: Path, tmp_path: Path) -> Iterator[str]:
    """A PostgreSQL database name nobody uses; dropped afterwards if it was created."""
    require_server("PostgreSQL", POSTGRESQL)
    name = f"doctor_{uuid.uuid4().hex[:12]}"
    yield name
    drop_database(checks_python, name, tmp_path)


def test_doctor_reports_a_postgresql_database_not_created_yet(
    generated_projects: dict[str, Path],
    checks_python: Path,
    tmp_path: Path,
    scratch_database: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = project_with_venv(generated_projects["postgresql"], tmp_path, checks_python)
    package = package_name(project)
    monkeypatch.setenv("DATABASE__URL", POSTGRESQL_URL.format(name=scratch_database))

    missing = doctor(project, skip=ONLY_MIGRATIONS).checks[2]
    assert (missing.status, missing.fix) == (Status.WARN, f".venv/bin/python -m {package} migrate")
    assert missing.reason.startswith(f"no database yet ({scratch_database} does not exist): ")

    run_ok([str(venv_python(project)), "-m", package, "migrate"], project)
    migrated = doctor(project, skip=ONLY_MIGRATIONS).checks[2]
    assert (migrated.status, migrated.fix) == (Status.OK, None)
    assert migrated.reason.startswith("the database is at the head revision ")
