"""Scripts ``scaffold doctor`` runs under a generated project's own interpreter.

Doctor never imports a project into its own process: the project's
dependencies, settings and database drivers live in the project's ``.venv``.
Each script here is standalone (the standard library, plus what it names in
its docstring, from the project's environment), runs in the project's
directory, changes nothing, and prints one JSON object as its last line of
standard output. They live in this package to ship with scaffold and be
type-checked with it.
"""

import json
import subprocess
from pathlib import Path
from typing import Any


class ProbeError(Exception):
    """A probe could not run to the end; ``str()`` says why, in one line."""


def run_probe(python: Path, name: str, *, cwd: Path, timeout: float) -> dict[str, Any]:
    """Run the probe script ``name`` under ``python`` in ``cwd`` and return its report.

    The source is passed with ``-c`` rather than as a path, so the project
    sees its own directory first on ``sys.path``, not this package.

    Raises:
        ProbeError: The interpreter failed, timed out or printed no report.
    """
    source = (Path(__file__).parent / f"{name}.py").read_text(encoding="utf-8")
    try:
        completed = subprocess.run(
            [str(python), "-c", source],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ProbeError(f"gave no answer within {timeout:.0f} seconds") from error
    except OSError as error:
        raise ProbeError(f"cannot run {python}: {error.strerror}") from error
    lines = completed.stdout.strip().splitlines()
    try:
        report = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        report = None
    if completed.returncode != 0 or not isinstance(report, dict):
        raise ProbeError(_last_line(completed.stderr) or f"exited with code {completed.returncode}")
    return report


def _last_line(output: str) -> str:
    lines = output.strip().splitlines()
    return lines[-1].strip() if lines else ""
