"""``scaffold update`` and ``scaffold check-update`` on the command line."""

import shutil
from pathlib import Path

import pytest

from scaffold import cli
from tests.helpers import git, snapshot


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_update_says_what_changed_and_what_to_do_next(
    capsys: pytest.CaptureFixture[str], v1_project: Path
) -> None:
    code, out, err = run(capsys, "update", "--project", str(v1_project), "--defaults")
    assert code == 0
    assert err == "[1/1] Updating from v1.0.0 to v2.0.0...\n"
    assert out.splitlines() == [
        f"Updated {v1_project} from v1.0.0 to v2.0.0. Changed files:",
        "  M  .copier-answers.yml",
        "  A  added.txt",
        "  M  dropped-by-user.txt",
        "  M  notes.txt",
        "  D  retired.txt",
        "",
        "Next steps:",
        "  review the changes: git diff",
        "  run the tests: .venv/bin/python -m pytest",
        "  commit",
    ]


def test_update_with_conflicts_names_each_file_and_exits_3(
    capsys: pytest.CaptureFixture[str], v1_project: Path
) -> None:
    notes = v1_project / "notes.txt"
    notes.write_text(notes.read_text().replace("line 8", "line 8, changed by the user"))
    git(v1_project, "commit", "--quiet", "--all", "--message", "edit line 8")

    code, out, _err = run(capsys, "update", "--project", str(v1_project), "--defaults")

    assert code == cli.EXIT_CONFLICTS == 3
    assert "\nConflicts to resolve by hand in:\n  notes.txt\n" in out
    assert "resolve each conflict: between <<<<<<< before updating and >>>>>>>" in out
    assert out.endswith(
        "To drop the whole update instead: git checkout HEAD -- . && git clean -fd .\n"
    )


def test_dry_run_lists_the_changes_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], v1_project: Path
) -> None:
    before = snapshot(v1_project)
    code, out, _err = run(capsys, "update", "--project", str(v1_project), "--defaults", "--dry-run")
    assert code == 0
    assert out.startswith(
        f"Dry run, nothing was changed. Updating {v1_project} from v1.0.0 to v2.0.0 "
        "would change:\n  M  .copier-answers.yml\n"
    )
    assert snapshot(v1_project) == before


def test_update_refusal_is_an_error_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], v1_project: Path
) -> None:
    shutil.rmtree(v1_project / ".git")
    before = snapshot(v1_project)
    code, out, err = run(capsys, "update", "--project", str(v1_project), "--defaults")
    assert code == 1
    assert out == ""
    assert err.startswith(f"error: {v1_project} is not in a git repository.")
    assert snapshot(v1_project) == before


def test_update_without_changes_says_so(
    capsys: pytest.CaptureFixture[str], v1_project: Path
) -> None:
    code, out, _err = run(
        capsys, "update", "--project", str(v1_project), "--defaults", "--to", "v1.0.0"
    )
    assert code == 0
    assert out == f"Nothing to change from v1.0.0 to v1.0.0 in {v1_project}.\n"


def test_update_runs_in_the_current_directory_by_default(
    capsys: pytest.CaptureFixture[str], v1_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(v1_project)
    code, out, _err = run(capsys, "update", "--defaults", "--dry-run")
    assert code == 0
    assert f"Updating {v1_project} from v1.0.0 to v2.0.0" in out


def test_check_update_exit_code_tells_scripts(
    capsys: pytest.CaptureFixture[str], v1_project: Path
) -> None:
    code, out, _err = run(capsys, "check-update", "--project", str(v1_project))
    assert code == cli.EXIT_UPDATE_AVAILABLE == 100
    assert out.splitlines() == [
        f"A newer template version is available for {v1_project}: v1.0.0 -> v2.0.0.",
        "See what it changes: scaffold update --dry-run --defaults",
    ]

    run(capsys, "update", "--project", str(v1_project), "--defaults")
    git(v1_project, "add", "--all")
    git(v1_project, "commit", "--quiet", "--message", "update to v2.0.0")
    code, out, _err = run(capsys, "check-update", "--project", str(v1_project))
    assert code == 0
    assert out == f"{v1_project} is up to date (template version v2.0.0).\n"


def test_check_update_without_answers_file_exits_1(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    code, _out, err = run(capsys, "check-update", "--project", str(workdir))
    assert code == 1
    assert err.startswith(f"error: {workdir} has no .copier-answers.yml")


def test_update_help_documents_options_and_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["update", "--help"])
    assert exited.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for option in ("--project DIR", "--to REF", "--defaults", "--data KEY=VALUE", "--dry-run"):
        assert option in out
    assert "--conflict {inline,rej}" in out
    assert "3 updated, with conflicts to resolve" in out
    assert "scaffold update --project ../my-api --defaults --dry-run" in out


def test_check_update_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["check-update", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "100 a newer template version is available" in out
    assert "0 the project is up to date" in out


def test_unknown_conflict_style_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "update", "--conflict", "theirs")
    assert code == 2
    assert "argument --conflict: invalid choice: 'theirs'" in err
