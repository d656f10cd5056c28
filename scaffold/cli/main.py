"""The ``scaffold`` parser and entry point: run one command, map its errors to exit codes."""

import argparse
import signal
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

from scaffold._version import __version__
from scaffold.cli import add_resource, check_update, doctor, new, update
from scaffold.cli.command import ArgumentParser, Command, Handler
from scaffold.errors import ScaffoldError, UsageError, exit_code

DESCRIPTION = """\
Generate a FastAPI backend from the backend-scaffold template: an async API
with SQLAlchemy, Alembic migrations, a test suite, ruff and mypy, ready to run.
"""

EPILOG = """\
examples:
  scaffold new ../my-api --defaults
  scaffold new --help        every option of `new`, with more examples
  scaffold check-update --project ../my-api
  scaffold update --project ../my-api --defaults
  scaffold add resource products name:str:max=120:index price:decimal:10,2:min=0
  scaffold add resource --help   field types, modifiers and options
  scaffold doctor --project ../my-api
"""

#: Every command, in the order ``--help`` lists them.
COMMANDS: tuple[Command, ...] = (
    new.COMMAND,
    add_resource.COMMAND,
    update.COMMAND,
    check_update.COMMAND,
    doctor.COMMAND,
)


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line; ``--help`` output is the user manual."""
    parser = ArgumentParser(
        prog="scaffold",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.install(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit code."""
    try:
        args = build_parser().parse_args(argv)
        with warnings.catch_warnings(), _termination_as_interrupt():
            warnings.showwarning = _print_warning
            handler: Handler = args.handler
            return handler(args)
    except UsageError as error:
        print(error.usage, end="", file=sys.stderr)
        print(error, file=sys.stderr)
        return exit_code(error)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return exit_code(error)
    except KeyboardInterrupt as interrupt:
        print("\nInterrupted; nothing was left behind.", file=sys.stderr)
        return exit_code(interrupt)


@contextmanager
def _termination_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM and SIGHUP (a killed job, a closed terminal) like Ctrl-C.

    Python would otherwise exit on them without unwinding, leaving the staging
    directory and a half-installed project behind.
    """
    signals = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {number: signal.signal(number, _raise_interrupt) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt


def _print_warning(message: Warning | str, *_details: object, **_where: object) -> None:
    """Show a library's warning (e.g. Copier's "dirty template") as one plain line."""
    print(f"warning: {message}", file=sys.stderr)
