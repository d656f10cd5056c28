"""How a subcommand is described, and how it joins the ``scaffold`` parser.

Each command module of :mod:`scaffold.cli` declares one :class:`Command`:
its texts for ``--help``, its arguments, and the function that runs it.
"""

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn, TypeAlias

from scaffold.errors import UsageError

#: Runs a parsed command line and returns the process exit code.
Handler = Callable[[argparse.Namespace], int]


class ArgumentParser(argparse.ArgumentParser):
    """Raise argparse's errors instead of exiting, so :func:`scaffold.cli.main` reports them."""

    def error(self, message: str) -> NoReturn:
        """Report a bad command line as a :class:`UsageError`, with the usage to show."""
        raise UsageError(f"{self.prog}: error: {message}", usage=self.format_usage())


# A string: argparse's action class is generic only to type checkers.
Subcommands: TypeAlias = "argparse._SubParsersAction[ArgumentParser]"


def _no_arguments(_parser: argparse.ArgumentParser) -> None:
    """A command group takes no arguments of its own, only a subcommand."""


@dataclass(frozen=True)
class Command:
    """One subcommand: what ``--help`` says about it, its arguments, what runs it.

    A command with ``subcommands`` is a group (``scaffold add``): it runs
    nothing itself and requires one of them (its ``KIND``).
    """

    name: str
    help: str
    description: str
    epilog: str
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    run: Handler | None = None
    subcommands: tuple["Command", ...] = ()

    def install(self, commands: Subcommands) -> None:
        """Add this command (and its subcommands) to ``commands``."""
        parser = commands.add_parser(
            self.name,
            help=self.help,
            description=self.description,
            epilog=self.epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if self.run is not None:
            parser.set_defaults(handler=self.run)
        self.arguments(parser)
        if self.subcommands:
            kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
            for subcommand in self.subcommands:
                subcommand.install(kinds)
