"""Options several commands share, defined once, and the progress line they print."""

import argparse
import sys


def add_project_option(parser: argparse.ArgumentParser) -> None:
    """``--project DIR``: the generated project a command works on."""
    parser.add_argument(
        "--project",
        metavar="DIR",
        default=".",
        help="the generated project (default: the current directory)",
    )


def add_defaults_option(parser: argparse.ArgumentParser, *, help_text: str) -> None:
    """``--defaults``: answer the template's questions without prompting."""
    parser.add_argument("--defaults", action="store_true", help=help_text)


def add_data_option(parser: argparse.ArgumentParser, *, help_text: str) -> None:
    """``--data KEY=VALUE``, repeatable: answers to the template's questions."""
    parser.add_argument("--data", action="append", default=[], metavar="KEY=VALUE", help=help_text)


def print_step(number: int, total: int, title: str) -> None:
    """Show a long command's progress on stderr, so stdout keeps only the outcome."""
    print(f"[{number}/{total}] {title}...", file=sys.stderr, flush=True)
