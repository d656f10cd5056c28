"""Doctor's conventions check: run the project's conventions suite, name what fails.

Every failure message of a generated project's ``tests/conventions`` starts
``convention <ID> violated:`` (the ids of ``agents/conventions.yml``, listed
in the project's AGENTS.md), so the report can name the broken rules rather
than the failing tests.
"""

import re
import subprocess
from pathlib import Path

from scaffold.doctor.result import CheckResult, Status, plural
from scaffold.kit.install import venv_python
from scaffold.kit.process import capture_command, display_command

NAME = "conventions"
#: Where the suite is when the project has no layout description (before 0.2.0).
DEFAULT_SUITE = "tests/conventions"
#: The generated suite takes seconds; a hung test must not hang the doctor.
TIMEOUT_SECONDS = 600.0

_VIOLATION = re.compile(r"convention ([A-Z][A-Z0-9-]*) violated")
#: pytest's last line in quiet mode: "2 failed, 40 passed, 1 skipped in 3.10s".
_COUNT = re.compile(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)\b")
_SKIP_REASON = re.compile(r"^SKIPPED \[\d+\] [^:]+:\d+: (.+)$", re.MULTILINE)
_FAILURE_LINE = re.compile(r"^(?:FAILED|ERROR) (.+)$", re.MULTILINE)
#: How pytest prints an exception in a failure's report: "E   ValueError: ...".
_ERROR_LINE = re.compile(r"^E +(\S.*)$", re.MULTILINE)
#: pytest's exit code when it collected no tests.
_NO_TESTS_COLLECTED = 5


def check_conventions(project: Path, suite: str = DEFAULT_SUITE) -> CheckResult:
    """Run the conventions ``suite`` with the project's interpreter and summarise the outcome.

    ``suite`` is the directory the project's layout description names.
    """
    if not (project / suite).is_dir():
        return CheckResult(
            NAME,
            Status.WARN,
            f"no {suite}: nothing checks the house rules",
            "restore it from git, or bring it back with the template: scaffold update --defaults",
        )
    # -rfEs: a summary line for each failure, error and skip, to quote from.
    command = [str(venv_python(project)), "-m", "pytest", suite, "-q", "-rfEs", "--color=no"]
    command += ["-p", "no:cacheprovider"]
    rerun = display_command([str(venv_python(Path())), "-m", "pytest", suite])
    try:
        completed = capture_command(command, cwd=project, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return CheckResult(
            NAME, Status.FAIL, f"{suite} did not finish in {TIMEOUT_SECONDS:.0f} seconds", rerun
        )
    return _summarise(completed.returncode, completed.stdout, suite=suite, rerun=rerun)


def _summarise(returncode: int, output: str, *, suite: str, rerun: str) -> CheckResult:
    """Turn one pytest run of the conventions suite into a check result."""
    counts = _counts(output)
    violated = sorted(set(_VIOLATION.findall(output)))
    only_skipped = counts.get("skipped", 0) > 0 and counts.get("passed", 0) == 0
    if returncode in (0, _NO_TESTS_COLLECTED) and only_skipped:
        reasons = _SKIP_REASON.findall(output)
        why = f": {reasons[0]}" if reasons else ""
        return CheckResult(NAME, Status.SKIPPED, f"every test in {suite} skipped{why}", rerun)
    if returncode == 0:
        return CheckResult(NAME, Status.OK, f"{plural(counts.get('passed', 0), 'test')} passed")
    if returncode == _NO_TESTS_COLLECTED:
        return CheckResult(NAME, Status.WARN, f"{suite} holds no tests", rerun)
    failing = counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0)
    if violated:
        return CheckResult(
            NAME,
            Status.FAIL,
            f"{', '.join(violated)} violated ({plural(failing, 'failing test')})",
            f"read each rule under its id in AGENTS.md, fix the code, then {rerun}",
        )
    return CheckResult(NAME, Status.FAIL, _first_failure(output, returncode), rerun)


def _first_failure(output: str, returncode: int) -> str:
    """Quote the first failure: its summary line, with the error when that lacks it."""
    summary = _FAILURE_LINE.search(output)
    error = _ERROR_LINE.search(output)
    if summary is None:
        lines = output.strip().splitlines()
        last = f": {lines[-1].strip()}" if lines else ""
        return f"pytest failed (exit code {returncode}){last}"
    quoted = summary[1]
    if " - " not in quoted and error is not None:
        quoted += f": {error[1]}"
    return f"a failure names no convention: {quoted}"


def _counts(output: str) -> dict[str, int]:
    """Read the counts from pytest's summary, the last line that has any."""
    for line in reversed(output.strip().splitlines()):
        found = _COUNT.findall(line)
        if found:
            return {kind: int(number) for number, kind in found}
    return {}
