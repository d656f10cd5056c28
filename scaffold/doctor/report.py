"""``scaffold doctor``: inspect a generated project and say what needs doing.

Six checks, each one line in the report: the template version the project
records, whether a newer one is available, whether the database is at the
migrations' head, whether ``uv.lock`` matches ``pyproject.toml``, whether
``.venv`` does, and whether the conventions suite passes. Everything that
needs the project's code runs under the project's own interpreter, never in
scaffold's process; nothing in the project or its database is changed.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from scaffold.doctor.conventions import check_conventions
from scaffold.doctor.dependencies import check_dependencies
from scaffold.doctor.lock import LOCK, check_lock
from scaffold.doctor.migrations import check_migrations
from scaffold.doctor.result import CheckResult, Status
from scaffold.errors import ScaffoldError
from scaffold.kit.install import VENV_NAME, install_instructions, venv_python
from scaffold.kit.progress import Progress, StepCallback
from scaffold.project.generated import GeneratedProject, open_project
from scaffold.update.check import check_update

VERSION = "version"
UPDATE = "update"
MIGRATIONS = "migrations"
DEPENDENCIES = "dependencies"
CONVENTIONS = "conventions"
#: Every check, in the order they run and are reported.
CHECKS = (VERSION, UPDATE, MIGRATIONS, LOCK, DEPENDENCIES, CONVENTIONS)
#: What each check's progress line says while it runs.
STEP_TITLES = {
    VERSION: "Reading the template version",
    UPDATE: "Looking for a newer template version",
    MIGRATIONS: "Comparing the database with the migrations",
    LOCK: "Comparing uv.lock with pyproject.toml",
    DEPENDENCIES: f"Comparing {VENV_NAME} with pyproject.toml",
    CONVENTIONS: "Running the conventions tests",
}
#: The checks that run the project's interpreter, and so need its ``.venv``.
_NEED_VENV = frozenset({MIGRATIONS, DEPENDENCIES, CONVENTIONS})


@dataclass(frozen=True)
class DoctorReport:
    """The project inspected and every check's result, in :data:`CHECKS` order."""

    project: GeneratedProject
    checks: tuple[CheckResult, ...]

    @property
    def failed(self) -> bool:
        """Whether any check failed (warnings and skipped checks do not count)."""
        return any(check.status is Status.FAIL for check in self.checks)


def doctor(
    project: str | Path = ".",
    *,
    skip: Collection[str] = (),
    on_step: StepCallback | None = None,
) -> DoctorReport:
    """Inspect ``project`` and return one result per check.

    Args:
        project: The generated project's directory.
        skip: Names of checks (from :data:`CHECKS`) not to run, e.g. the slow
            ``conventions``; they are reported as skipped.
        on_step: Progress callback, called as each check starts.

    Raises:
        ScaffoldError: ``project`` is not a generated project (no answers file),
            or ``skip`` names no check.
    """
    unknown = sorted(set(skip) - set(CHECKS))
    if unknown:
        raise ScaffoldError(
            f"No check named {', '.join(unknown)}: choose from {', '.join(CHECKS)}."
        )
    generated = open_project(project)
    to_run = [name for name in CHECKS if name not in skip]
    progress = Progress([STEP_TITLES[name] for name in to_run], on_step)
    results = []
    for name in CHECKS:
        if name not in to_run:
            results.append(CheckResult(name, Status.SKIPPED, "not run: skipped on request"))
            continue
        progress.start(STEP_TITLES[name])
        if name in _NEED_VENV and not venv_python(generated.path).exists():
            results.append(_no_venv(name))
        else:
            results.append(_CHECKS[name](generated))
    return DoctorReport(project=generated, checks=tuple(results))


def _check_version(project: GeneratedProject) -> CheckResult:
    """Report the template version the answers file records."""
    if not project.answers.get("_commit"):
        return CheckResult(
            VERSION,
            Status.WARN,
            "the answers file records no template version (_commit): the template was not a "
            "git repository, so the project cannot be updated",
            "if you know them, add `_commit: TAG` and `_src_path: TEMPLATE` to .copier-answers.yml",
        )
    return CheckResult(VERSION, Status.OK, f"template {project.version}")


def _check_update(project: GeneratedProject) -> CheckResult:
    """Say whether ``scaffold update`` would bring a newer template version."""
    if not project.answers.get("_commit") or not project.answers.get("_src_path"):
        return CheckResult(UPDATE, Status.SKIPPED, "no template version recorded to compare")
    try:
        check = check_update(project.path)
    except ScaffoldError as error:
        return CheckResult(UPDATE, Status.SKIPPED, f"unknown: {_one_line(str(error))}")
    if check.available:
        return CheckResult(
            UPDATE,
            Status.WARN,
            f"template {check.latest} is available (the project is at {check.current})",
            "scaffold update --defaults --dry-run, then scaffold update --defaults",
        )
    if check.current != check.latest:
        return CheckResult(
            UPDATE,
            Status.OK,
            f"{check.current} is newer than {check.latest}, the version updates go to",
        )
    return CheckResult(UPDATE, Status.OK, f"up to date with {check.latest}")


def _check_migrations(project: GeneratedProject) -> CheckResult:
    package_name = project.answers.get("package_name")
    return check_migrations(project.path, str(package_name) if package_name else None)


def _check_dependencies(project: GeneratedProject) -> CheckResult:
    return check_dependencies(project.path)


def _check_conventions(project: GeneratedProject) -> CheckResult:
    """Run the suite where the layout description says it is, else where it used to be."""
    try:
        layout = project.layout
    except ScaffoldError:
        layout = None  # an unreadable description: the check is about the suite, not it
    if layout is None:
        return check_conventions(project.path)
    return check_conventions(project.path, str(layout.directory("conventions")))


_CHECKS: dict[str, Callable[[GeneratedProject], CheckResult]] = {
    VERSION: _check_version,
    UPDATE: _check_update,
    MIGRATIONS: _check_migrations,
    LOCK: lambda project: check_lock(project.path),
    DEPENDENCIES: _check_dependencies,
    CONVENTIONS: _check_conventions,
}


def _no_venv(name: str) -> CheckResult:
    return CheckResult(
        name,
        Status.SKIPPED,
        f"unknown: no {VENV_NAME} to run the project's code in ({venv_python(Path())} is missing)",
        install_instructions(),
    )


def _one_line(message: str) -> str:
    return " ".join(message.split())
