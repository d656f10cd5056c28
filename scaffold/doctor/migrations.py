"""Doctor's migration check: is the database at the project's Alembic head?

The project's own interpreter answers (:mod:`scaffold.doctor.probes.migration_status`),
through the project's ``alembic.ini`` and ``env.py``, so the database is the
one the project itself would use.
"""

from pathlib import Path

from scaffold.doctor.probes import ProbeError, run_probe
from scaffold.doctor.result import CheckResult, Status, plural
from scaffold.kit.install import migrate_command, venv_python
from scaffold.kit.process import display_command

NAME = "migrations"
#: Longer than the generated project's database connect timeout (5 s).
_PROBE_TIMEOUT_SECONDS = 60.0


def check_migrations(project: Path, package_name: str | None) -> CheckResult:
    """Compare the migration scripts' heads with the database's revisions.

    The fix for pending migrations is the project's own ``python -m <package>
    migrate`` (it also creates a missing PostgreSQL database), or plain
    Alembic for a project without the package's name in its answers.
    """
    alembic = display_command([str(venv_python(Path())), "-m", "alembic"])
    upgrade = (
        display_command(migrate_command(Path(), package_name))
        if package_name
        else f"{alembic} upgrade heads"
    )
    if not (project / "alembic.ini").is_file():
        return CheckResult(NAME, Status.SKIPPED, "no alembic.ini: the project has no migrations")
    try:
        status = run_probe(
            venv_python(project), "migration_status", cwd=project, timeout=_PROBE_TIMEOUT_SECONDS
        )
    except ProbeError as error:
        return CheckResult(NAME, Status.SKIPPED, f"unknown: the migration probe {error}")
    if "error" in status:
        return CheckResult(
            NAME,
            Status.SKIPPED,
            f"unknown: cannot read the database's revision: {status['error']}",
            "start the database server, or point DATABASE__URL (environment or .env) at it",
        )
    heads: list[str] = status["heads"]
    current: list[str] = status["current"]
    pending: list[str] = status["pending"]
    if len(heads) > 1:
        return CheckResult(
            NAME,
            Status.FAIL,
            f"the migrations have {len(heads)} heads ({', '.join(heads)}), so `migrate` cannot "
            "pick one (two branches each added a revision)",
            f'{alembic} merge heads -m "merge heads", then {upgrade}',
        )
    if status["unknown"]:
        return CheckResult(
            NAME,
            Status.FAIL,
            f"the database is at {', '.join(status['unknown'])}, which no migration script "
            "defines (a script deleted, or a branch not merged yet)",
            f"bring the missing script back, or see where the history went: {alembic} history",
        )
    if status["missing_database"] is not None:
        return CheckResult(
            NAME,
            Status.WARN,
            f"no database yet ({status['missing_database']} does not exist): "
            f"{plural(len(pending), 'migration')} to apply",
            upgrade,
        )
    if pending:
        at = ", ".join(current) if current else "no revision"
        return CheckResult(
            NAME,
            Status.WARN,
            f"{plural(len(pending), 'migration')} not applied (database at {at}, head {heads[0]})",
            upgrade,
        )
    if not heads:
        return CheckResult(NAME, Status.OK, "no migration scripts yet")
    return CheckResult(NAME, Status.OK, f"the database is at the head revision {heads[0]}")
