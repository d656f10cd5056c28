"""``doctor``: the whole report on small generated projects (see tests/doctor_projects.py)."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from scaffold import ScaffoldError, doctor
from scaffold.doctor.result import CheckResult, Status
from scaffold.kit.install import install_instructions
from scaffold.new import new
from scaffold.template.source import CHECKOUT_TEMPLATE
from tests.doctor_projects import VIOLATED_CONVENTION, make_healthy
from tests.helpers import git, write_files


@pytest.fixture
def v2_project(released_template: Path, workdir: Path) -> Path:
    """A project generated from the newest version of ``released_template``."""
    generated = new(
        workdir / "api", template=released_template, vcs_ref="v2.0.0", defaults=True, install=False
    )
    return generated.path


def test_a_project_in_order_is_ok_throughout(v2_project: Path) -> None:
    make_healthy(v2_project)
    report = doctor(v2_project)
    assert report.checks == (
        CheckResult("version", Status.OK, "template v2.0.0"),
        CheckResult("update", Status.OK, "up to date with v2.0.0"),
        CheckResult("migrations", Status.OK, "the database is at the head revision a1"),
        CheckResult("lock", Status.OK, "uv.lock is in step with pyproject.toml"),
        CheckResult(
            "dependencies",
            Status.OK,
            "the 2 requirements in pyproject.toml and theirs are installed",
        ),
        CheckResult("conventions", Status.OK, "1 test passed"),
    )
    assert not report.failed
    assert report.project.path == v2_project


def test_a_failing_check_fails_the_report(v2_project: Path) -> None:
    make_healthy(v2_project)
    write_files(v2_project, VIOLATED_CONVENTION)
    report = doctor(v2_project, skip=["update", "migrations", "dependencies"])
    assert report.checks[-1].status is Status.FAIL
    assert report.checks[-1].reason == "RESP-ENVELOPE violated (1 failing test)"
    assert report.failed


def test_without_venv_the_checks_that_need_it_say_how_to_make_it(v1_project: Path) -> None:
    report = doctor(v1_project)
    no_venv = CheckResult(
        "migrations",
        Status.SKIPPED,
        "unknown: no .venv to run the project's code in (.venv/bin/python is missing)",
        install_instructions(),
    )
    assert report.checks == (
        CheckResult("version", Status.OK, "template v1.0.0"),
        CheckResult(
            "update",
            Status.WARN,
            "template v2.0.0 is available (the project is at v1.0.0)",
            "scaffold update --defaults --dry-run, then scaffold update --defaults",
        ),
        no_venv,
        CheckResult("lock", Status.SKIPPED, "no pyproject.toml, so nothing to lock"),
        replace(no_venv, name="dependencies"),
        replace(no_venv, name="conventions"),
    )
    assert not report.failed, "warnings and skipped checks are not failures"


def test_skipped_checks_are_reported_and_not_announced(v1_project: Path) -> None:
    steps: list[tuple[int, int, str]] = []
    report = doctor(
        v1_project,
        skip=["migrations", "lock", "dependencies", "conventions"],
        on_step=lambda number, total, title: steps.append((number, total, title)),
    )
    assert steps == [
        (1, 2, "Reading the template version"),
        (2, 2, "Looking for a newer template version"),
    ]
    assert report.checks[2:] == tuple(
        CheckResult(name, Status.SKIPPED, "not run: skipped on request")
        for name in ("migrations", "lock", "dependencies", "conventions")
    )


def test_an_unknown_check_is_refused(v1_project: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"^No check named speed: choose from version, "):
        doctor(v1_project, skip=["speed"])


def test_a_directory_that_is_not_a_generated_project_is_refused(workdir: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"has no \.copier-answers\.yml.* --project DIR"):
        doctor(workdir)


def test_a_project_without_a_template_version_cannot_be_compared(v1_project: Path) -> None:
    answers_file = v1_project / ".copier-answers.yml"
    answers = yaml.safe_load(answers_file.read_text())
    del answers["_commit"]
    answers_file.write_text(yaml.safe_dump(answers))
    report = doctor(v1_project, skip=["migrations", "dependencies", "conventions"])
    assert report.checks[0].status is Status.WARN
    assert report.checks[0].reason.startswith(
        "the answers file records no template version (_commit)"
    )
    assert report.checks[0].fix == (
        "if you know them, add `_commit: TAG` and `_src_path: TEMPLATE` to .copier-answers.yml"
    )
    assert report.checks[1] == CheckResult(
        "update", Status.SKIPPED, "no template version recorded to compare"
    )


def test_a_template_that_is_gone_makes_the_update_unknown(
    v1_project: Path, released_template: Path
) -> None:
    shutil.rmtree(released_template)
    report = doctor(v1_project, skip=["migrations", "dependencies", "conventions"])
    assert report.checks[1].status is Status.SKIPPED
    assert report.checks[1].reason.startswith(
        f"unknown: The template this project was generated from, {released_template}, "
        "is not a directory on this machine."
    )


def test_a_project_ahead_of_the_newest_release_is_ok(
    released_template: Path, workdir: Path
) -> None:
    git(released_template, "commit", "--quiet", "--allow-empty", "--message", "next")
    git(released_template, "tag", "v3.0.0rc1")
    project = new(
        workdir / "api",
        template=released_template,
        vcs_ref="v3.0.0rc1",
        defaults=True,
        install=False,
    ).path
    report = doctor(project, skip=["migrations", "dependencies", "conventions"])
    assert report.checks[1] == CheckResult(
        "update", Status.OK, "v3.0.0rc1 is newer than v2.0.0, the version updates go to"
    )


def test_the_conventions_suite_is_where_the_layout_description_says(v2_project: Path) -> None:
    make_healthy(v2_project)
    (v2_project / "tests/conventions").rename(v2_project / "house_rules")
    source = (CHECKOUT_TEMPLATE / "template/.scaffold/layout.yml.jinja").read_text()
    # Its Jinja lines only switch optional entries on; the rest is YAML already.
    unconditional = [line for line in source.splitlines() if not line.lstrip().startswith("{%")]
    layout = yaml.safe_load("\n".join(unconditional))
    write_files(
        v2_project,
        {".scaffold/layout.yml": yaml.safe_dump({**layout, "conventions": "house_rules"})},
    )
    report = doctor(v2_project, skip=["version", "update", "migrations", "dependencies"])
    assert report.checks[-1] == CheckResult("conventions", Status.OK, "1 test passed")
