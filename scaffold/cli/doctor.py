"""``scaffold doctor``: inspect a project, print one line per check."""

import argparse
from pathlib import Path

from scaffold.cli.command import Command
from scaffold.cli.options import add_project_option, print_step
from scaffold.doctor.report import CHECKS, DoctorReport, doctor
from scaffold.doctor.result import Status

#: A check reported FAIL.
EXIT_CHECK_FAILED = 1

DESCRIPTION = """\
Inspect a generated project and print one line per check: OK, WARN, FAIL or
SKIPPED, why, and the command that fixes it (run it in the project).

  version       the template version the project records (.copier-answers.yml)
  update        whether a newer template version is available (as check-update)
  migrations    whether the database is at the migrations' head
  lock          whether uv.lock is in step with pyproject.toml (offline)
  dependencies  whether .venv has what pyproject.toml declares, at those versions
  conventions   whether tests/conventions passes; names the broken rules' ids

The project's code runs under its own .venv (a check that needs it is SKIPPED
when there is none), and nothing in the project or its database is changed.
"""

EPILOG = f"""\
exit status:
  0  no check failed (warnings and skipped checks allowed)
  {EXIT_CHECK_FAILED}  a check failed, or the directory is not a generated project
  2  bad command line

examples:
  scaffold doctor
      inspect the project in this directory
  scaffold doctor --project ../my-api --skip conventions
      everything but the slowest check (it runs tests)
"""


def _arguments(parser: argparse.ArgumentParser) -> None:
    add_project_option(parser)
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=CHECKS,
        metavar="CHECK",
        help=f"do not run CHECK; repeat for several. CHECK is one of: {', '.join(CHECKS)}",
    )


def _run(args: argparse.Namespace) -> int:
    result = doctor(args.project, skip=args.skip, on_step=print_step)
    print(report(result))
    return EXIT_CHECK_FAILED if result.failed else 0


def report(result: DoctorReport) -> str:
    """One line per check, then a count; fixes run in the project's directory."""
    project = result.project
    name = project.answers.get("project_name", project.path.name)
    if project.path == Path.cwd().resolve():
        lines = [f"Checked {name} in this directory:"]
    else:
        lines = [f"Checked {name} in {project.path}; run the fixes there:"]
    width = max(len(check.name) for check in result.checks)
    for check in result.checks:
        fix = f" -> {check.fix}" if check.fix else ""
        lines.append(f"  {check.status:<7}  {check.name:<{width}}  {check.reason}{fix}")
    counts = {status: sum(c.status is status for c in result.checks) for status in Status}
    tally = [
        f"{counts[status]} {label}"
        for status, label in (
            (Status.FAIL, "failed"),
            (Status.WARN, "warned"),
            (Status.SKIPPED, "skipped"),
            (Status.OK, "OK"),
        )
        if counts[status]
    ]
    lines += ["", ", ".join(tally) + "."]
    return "\n".join(lines)


COMMAND = Command(
    name="doctor",
    help="inspect a project: template version, migrations, dependencies, conventions",
    description=DESCRIPTION,
    epilog=EPILOG,
    arguments=_arguments,
    run=_run,
)
