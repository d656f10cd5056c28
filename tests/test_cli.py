import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from scaffold import __version__, cli
from scaffold.cli import new as new_command
from scaffold.cli.main import build_parser
from scaffold.errors import ScaffoldError
from scaffold.new import NewProject
from tests.helpers import tree


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_help_describes_the_command_and_shows_an_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "Generate a FastAPI backend" in out
    words = " ".join(out.split())
    assert "new generate a new project" in words
    assert "update bring a newer template version into a project" in words
    assert "check-update say whether a newer template version is available" in words
    assert "scaffold new ../my-api --defaults" in out


def test_new_help_explains_every_option_with_examples(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["new", "--help"])
    assert exited.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for option in ("DEST", "--defaults", "--data KEY=VALUE", "--template SRC", "--vcs-ref REF"):
        assert option in out
    assert "--no-install only render and commit" in out
    assert "--force allow a non-empty DEST" in out
    assert "Keys: project_name, project_slug, package_name," in out
    assert "scaffold new my-api --defaults --data database=postgresql" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out == f"scaffold {__version__}\n"


def test_new_prints_progress_and_next_steps(
    capsys: pytest.CaptureFixture[str], template: Path, workdir: Path
) -> None:
    destination = str(workdir / "my-api")
    code, out, err = run(
        capsys, "new", destination, "--defaults", "--no-install", "--template", str(template)
    )
    assert code == 0
    assert err.splitlines() == [
        "[1/3] Rendering template...",
        "[2/3] Locking dependencies (uv.lock)...",
        "[3/3] Creating git repository...",
    ]
    assert f"Created My Api in {destination}" in out
    assert f"  cd {destination}\n" in out
    assert "sync\n  .venv/bin/python -m my_api migrate\n" in out
    assert "  .venv/bin/python -m my_api serve" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--data", "author_email=nobody"], "error: Validation error for question 'author_email'"),
        (["--data", "color=blue"], "error: Unknown --data key 'color'. Valid keys:"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_1(
    capsys: pytest.CaptureFixture[str],
    template: Path,
    workdir: Path,
    argv: list[str],
    message: str,
) -> None:
    code, out, err = run(
        capsys, "new", str(workdir / "api"), "--defaults", "--template", str(template), *argv
    )
    assert code == 1
    assert out == ""
    assert err.splitlines()[-1].startswith(message)
    assert tree(workdir) == set()


def test_not_a_template_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, workdir: Path
) -> None:
    code, _out, err = run(capsys, "new", str(workdir / "api"), "--template", str(tmp_path))
    assert code == 1
    assert err.startswith(f"error: Not a Copier template: {tmp_path} has no copier.yml")


def test_usage_errors_exit_2_with_the_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "new")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "usage: scaffold new [-h] [--defaults] [--data KEY=VALUE] [--template SRC]",
        "                    [--vcs-ref REF] [--no-install] [--force]",
        "                    DEST",
        "scaffold new: error: the following arguments are required: DEST",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["new", "api", "--data", "database"],
            "scaffold new: error: argument --data: expected KEY=VALUE, "
            "e.g. --data database=postgresql (got 'database')",
        ),
        (
            ["update", "--data", "=sqlite"],
            "scaffold update: error: argument --data: expected KEY=VALUE, "
            "e.g. --data database=postgresql (got '=sqlite')",
        ),
        (["new", "api", "--bogus"], "scaffold: error: unrecognized arguments: --bogus"),
    ],
)
def test_malformed_options_exit_2_with_the_usage_and_one_error_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.splitlines()[0].startswith("usage: scaffold")
    assert err.splitlines()[-1] == message


def test_data_splits_on_the_first_equals_and_a_later_key_wins() -> None:
    items = ["description=a=b", "database=sqlite", "database=postgresql", "author_name="]
    args = build_parser().parse_args(["new", "api", *(f"--data={item}" for item in items)])
    assert dict(args.data) == {"description": "a=b", "database": "postgresql", "author_name": ""}


def test_interrupt_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> NewProject:
        raise KeyboardInterrupt

    monkeypatch.setattr(new_command, "new", interrupted)
    code, _out, err = run(capsys, "new", "api", "--defaults")
    assert code == 130
    assert err == "\nInterrupted; nothing was left behind.\n"


def test_sigterm_is_handled_like_ctrl_c_and_the_handler_restored(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed run must unwind, or the staging directory stays behind."""

    def terminated(*_args: object, **_kwargs: object) -> NewProject:
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM should have interrupted the run")

    monkeypatch.setattr(new_command, "new", terminated)
    before = signal.getsignal(signal.SIGTERM)
    code, _out, _err = run(capsys, "new", "api", "--defaults")
    assert code == 130
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.filterwarnings("always::UserWarning")
def test_library_warnings_are_one_plain_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def warns(*_args: object, **_kwargs: object) -> NewProject:
        warnings.warn("Dirty template changes included automatically.", UserWarning, stacklevel=1)
        raise ScaffoldError("stop here")

    monkeypatch.setattr(new_command, "new", warns)
    _code, _out, err = run(capsys, "new", "api", "--defaults")
    assert err.splitlines() == [
        "warning: Dirty template changes included automatically.",
        "error: stop here",
    ]


def test_python_dash_m_scaffold_runs_the_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "scaffold", "--version"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(cli.__file__).parents[2],
    )
    assert (completed.returncode, completed.stdout) == (0, f"scaffold {__version__}\n")
