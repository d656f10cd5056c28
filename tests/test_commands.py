import sys
from pathlib import Path

import pytest

from scaffold.errors import CommandError, ScaffoldError
from scaffold.kit.process import run_command


def test_run_command_returns_stdout_and_stderr(tmp_path: Path) -> None:
    script = "import sys; print('out'); print('err', file=sys.stderr)"
    assert run_command([sys.executable, "-c", script], cwd=tmp_path).split() == ["out", "err"]


def test_run_command_runs_in_cwd_with_env(tmp_path: Path) -> None:
    script = "import os; print(os.getcwd(), os.environ['ANSWER'])"
    output = run_command([sys.executable, "-c", script], cwd=tmp_path, env={"ANSWER": "42"})
    assert output.split() == [str(tmp_path), "42"]


def test_run_command_failure_carries_output_and_hint(tmp_path: Path) -> None:
    script = "import sys; print('database unreachable'); sys.exit(3)"
    with pytest.raises(CommandError) as raised:
        run_command([sys.executable, "-c", script], cwd=tmp_path, hint="Start it.")
    assert raised.value.returncode == 3
    assert "    database unreachable" in str(raised.value)
    assert str(raised.value).endswith("Start it.")


def test_run_command_missing_program(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="Cannot run no-such-program: command not found"):
        run_command(["no-such-program"], cwd=tmp_path)
