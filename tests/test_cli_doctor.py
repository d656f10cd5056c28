"""``scaffold doctor`` on the command line: the report, the progress, the exit codes."""

from pathlib import Path

import pytest

from scaffold import cli
from scaffold.kit.install import install_instructions
from tests.doctor_projects import VIOLATED_CONVENTION, make_healthy
from tests.helpers import write_files

VENV_CHECKS = ("--skip", "migrations", "--skip", "dependencies", "--skip", "conventions")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_report_has_a_line_per_check_with_its_fix_and_warnings_exit_0(
    capsys: pytest.CaptureFixture[str], v1_project: Path
) -> None:
    code, out, err = run(capsys, "doctor", "--project", str(v1_project), "--skip", "conventions")
    no_venv = (
        "unknown: no .venv to run the project's code in (.venv/bin/python is missing) -> "
        + install_instructions()
    )
    assert code == 0
    assert out.splitlines() == [
        f"Checked Api in {v1_project}; run the fixes there:",
        "  OK       version       template v1.0.0",
        "  WARN     update        template v2.0.0 is available (the project is at v1.0.0) -> "
        "scaffold update --defaults --dry-run, then scaffold update --defaults",
        f"  SKIPPED  migrations    {no_venv}",
        "  SKIPPED  lock          no pyproject.toml, so nothing to lock",
        f"  SKIPPED  dependencies  {no_venv}",
        "  SKIPPED  conventions   not run: skipped on request",
        "",
        "1 warned, 4 skipped, 1 OK.",
    ]
    assert err.splitlines() == [
        "[1/5] Reading the template version...",
        "[2/5] Looking for a newer template version...",
        "[3/5] Comparing the database with the migrations...",
        "[4/5] Comparing uv.lock with pyproject.toml...",
        "[5/5] Comparing .venv with pyproject.toml...",
    ]


def test_a_failed_check_exits_1(
    capsys: pytest.CaptureFixture[str], v1_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_healthy(v1_project)
    write_files(v1_project, VIOLATED_CONVENTION)
    monkeypatch.chdir(v1_project)
    code, out, _err = run(capsys, "doctor", "--skip", "update")
    assert code == cli.EXIT_CHECK_FAILED == 1
    assert out.splitlines()[0] == "Checked Api in this directory:"
    assert (
        "  FAIL     conventions   RESP-ENVELOPE violated (1 failing test) -> read each rule "
        "under its id in AGENTS.md, fix the code, then .venv/bin/python -m pytest "
        "tests/conventions" in out.splitlines()
    )
    assert out.endswith("\n1 failed, 1 skipped, 4 OK.\n")


def test_a_directory_that_is_not_a_project_is_an_error_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    code, out, err = run(capsys, "doctor", "--project", str(workdir))
    assert code == 1
    assert out == ""
    assert err.startswith(f"error: {workdir} has no .copier-answers.yml")


def test_an_unknown_check_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "doctor", *VENV_CHECKS, "--skip", "speed")
    assert code == 2
    assert "argument --skip: invalid choice: 'speed' (choose from " in err


def test_doctor_help_lists_the_checks_exit_codes_and_examples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["doctor", "--help"])
    assert exited.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for check in ("version", "update", "migrations", "lock", "dependencies", "conventions"):
        assert f" {check} " in out
    assert "0 no check failed (warnings and skipped checks allowed)" in out
    assert "1 a check failed, or the directory is not a generated project" in out
    assert "scaffold doctor --project ../my-api --skip conventions" in out


def test_top_level_help_lists_doctor_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "doctor inspect a project: template version, migrations, dependencies" in out
    assert "scaffold doctor --project ../my-api" in out
