"""Doctor's ``lock`` check: is ``uv.lock`` in step with ``pyproject.toml``?

The project's image, CI and nox sessions install with ``uv sync --locked``,
which refuses a lock that no longer matches ``pyproject.toml``: a dependency
added by hand without ``uv lock`` passes on the laptop and fails everywhere
else. ``uv lock --check --offline`` compares the two without the network and
writes nothing; when the lock matches, it answers from the lock alone.
"""

from pathlib import Path

from scaffold.doctor.result import CheckResult, Status
from scaffold.kit.install import find_uv
from scaffold.kit.process import capture_command

LOCK = "lock"
#: Longest the comparison may take; it reads two files, or the cache at most.
TIMEOUT_SECONDS = 120
#: uv's words when the lock does not match: said outright, or found out by an
#: offline resolution that then needs the network (an empty cache).
_OUT_OF_STEP = ("needs to be updated", "network was disabled")


def check_lock(project: Path) -> CheckResult:
    """Compare ``uv.lock`` with ``pyproject.toml`` offline, changing neither."""
    if not (project / "pyproject.toml").is_file():
        return CheckResult(LOCK, Status.SKIPPED, "no pyproject.toml, so nothing to lock")
    if not (project / "uv.lock").is_file():
        return CheckResult(
            LOCK,
            Status.FAIL,
            "no uv.lock: the image, CI and nox install from it (uv sync --locked)",
            "uv lock, then commit uv.lock",
        )
    uv = find_uv()
    if uv is None:
        return CheckResult(LOCK, Status.SKIPPED, "unknown: no uv on this platform to ask")
    completed = capture_command(
        [uv, "lock", "--check", "--offline"], cwd=project, timeout=TIMEOUT_SECONDS
    )
    if completed.returncode == 0:
        return CheckResult(LOCK, Status.OK, "uv.lock is in step with pyproject.toml")
    if any(words in completed.stdout for words in _OUT_OF_STEP):
        reason = (
            "uv.lock is out of step with pyproject.toml: the image, CI and nox refuse it "
            "(uv sync --locked)"
        )
    else:
        errors = [line for line in completed.stdout.splitlines() if line.startswith("error")]
        reason = f"uv cannot read the lock: {(errors or ['uv lock --check failed'])[0]}"
    return CheckResult(LOCK, Status.FAIL, reason, "uv lock, then commit uv.lock")
