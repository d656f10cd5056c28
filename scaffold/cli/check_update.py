"""``scaffold check-update``: say whether a newer template version is available."""

import argparse

from scaffold.cli.command import Command
from scaffold.cli.options import add_project_option
from scaffold.update.check import check_update

#: A newer version is available (the code ``dnf check-update`` uses).
EXIT_UPDATE_AVAILABLE = 100

DESCRIPTION = """\
Say whether a newer template version than the project's is available: the
version this scaffold ships, or for a project generated with --template, that
template's newest release tag. Changes nothing.
"""

EPILOG = f"""\
exit status:
  0    the project is up to date
  {EXIT_UPDATE_AVAILABLE}  a newer template version is available (as `dnf check-update` does)
  1    cannot tell (no answers file, template or version not found)

examples:
  scaffold check-update --project ../my-api
  scaffold check-update; [ $? -eq {EXIT_UPDATE_AVAILABLE} ] && scaffold update --defaults
"""


def _run(args: argparse.Namespace) -> int:
    check = check_update(args.project)
    if check.available:
        print(
            f"A newer template version is available for {check.project}: {check.current} -> "
            f"{check.latest}.\nSee what it changes: scaffold update --dry-run --defaults"
        )
        return EXIT_UPDATE_AVAILABLE
    print(f"{check.project} is up to date (template version {check.current}).")
    if check.current != check.latest:
        print(
            f"It is newer than the version this scaffold ships ({check.latest}); "
            "upgrade backend-scaffold to update it further."
        )
    return 0


COMMAND = Command(
    name="check-update",
    help="say whether a newer template version is available",
    description=DESCRIPTION,
    epilog=EPILOG,
    arguments=add_project_option,
    run=_run,
)
