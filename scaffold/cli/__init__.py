"""The ``scaffold`` command: parse arguments, call the API, print the outcome.

Nothing here does work of its own: each command's module (one a command)
parses its options, calls what :mod:`scaffold` exports and prints the result,
and :mod:`scaffold.cli.main` puts the commands together and maps errors to
exit codes (through :func:`scaffold.errors.exit_code`, the one place that
decides them).
"""

from scaffold.cli.check_update import EXIT_UPDATE_AVAILABLE
from scaffold.cli.doctor import EXIT_CHECK_FAILED
from scaffold.cli.main import build_parser, main
from scaffold.cli.update import EXIT_CONFLICTS

__all__ = ["EXIT_CHECK_FAILED", "EXIT_CONFLICTS", "EXIT_UPDATE_AVAILABLE", "build_parser", "main"]
