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
    """``--data KEY=VALUE``, repeatable: answers to the template's questions.

    Parsed into ``(key, value)`` pairs: ``dict(args.data)`` gives the answers,
    a later KEY winning, as in Copier.
    """
    parser.add_argument(
        "--data", action="append", default=[], type=answer, metavar="KEY=VALUE", help=help_text
    )


def answer(item: str) -> tuple[str, str]:
    """Split one ``KEY=VALUE`` on its first ``=``; a malformed one is a usage error (exit 2).

    Values stay strings: Copier casts them to each question's type.
    """
    key, separator, value = item.partition("=")
    key = key.strip()
    if not separator or not key:
        raise argparse.ArgumentTypeError(
            f"expected KEY=VALUE, e.g. --data database=postgresql (got {item!r})"
        )
    return key, value


def print_step(number: int, total: int, title: str) -> None:
    """Show a long command's progress on stderr, so stdout keeps only the outcome."""
    print(f"[{number}/{total}] {title}...", file=sys.stderr, flush=True)
