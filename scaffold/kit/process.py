"""Run external commands quietly and turn their failures into CommandError."""

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from scaffold.errors import CommandError, ScaffoldError


def run_command(
    args: Sequence[str | Path],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    hint: str = "",
) -> str:
    """Run ``args`` in ``cwd`` and return its combined stdout and stderr.

    Output is captured rather than streamed so a successful run stays one
    progress line; on failure the tail of it goes into the error instead.
    """
    completed = capture_command(args, cwd=cwd, env=env)
    if completed.returncode != 0:
        raise CommandError(completed.args, completed.returncode, completed.stdout, hint)
    return completed.stdout


def capture_command(
    args: Sequence[str | Path],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``args`` in ``cwd`` to the end, whatever its exit code; output combined.

    For commands whose failure is itself the answer (a test run, say).

    Raises:
        subprocess.TimeoutExpired: It ran longer than ``timeout`` seconds (it
            is killed).
    """
    argv = [os.fspath(arg) for arg in args]
    try:
        return subprocess.run(
            argv,
            cwd=cwd,
            env=None if env is None else dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as error:
        raise ScaffoldError(
            f"Cannot run {argv[0]}: command not found. Install it, or put it on PATH, "
            "then run scaffold again."
        ) from error


def display_command(command: Sequence[str]) -> str:
    """Quote a command for copy-pasting, shortening a program found on PATH to its name."""
    argv = list(command)
    program = Path(argv[0]).name
    if Path(argv[0]).is_absolute() and shutil.which(program) == argv[0]:
        argv[0] = program
    return shlex.join(argv)
