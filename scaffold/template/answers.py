"""Answers given on the command line, checked before anything is rendered."""

import re
import sys
from collections.abc import Mapping, Sequence
from difflib import get_close_matches
from pathlib import Path

from scaffold.errors import ScaffoldError


def check_known_keys(answers: Mapping[str, object], questions: Sequence[str]) -> None:
    """Refuse answers to questions the template does not ask.

    Copier ignores them, so a misspelt key would silently fall back to the
    default; naming the valid keys turns that into a one-line fix.
    """
    unknown = [key for key in answers if key not in questions]
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        guesses = {
            key: close[0] for key in unknown if (close := get_close_matches(key, questions, n=1))
        }
        meant = "".join(f" Did you mean {guess!r} for {key!r}?" for key, guess in guesses.items())
        raise ScaffoldError(
            f"Unknown --data key{plural} {', '.join(map(repr, unknown))}. "
            f"Valid keys: {', '.join(questions)}.{meant}"
        )


def require_terminal_unless(defaults: bool, *, instead: str) -> None:
    """Refuse to run without ``defaults`` when there is no terminal to prompt on.

    Copier would fail deep inside its prompt library instead; ``instead`` says
    what to pass, e.g. "pass --defaults".
    """
    if not defaults and not (sys.stdin is not None and sys.stdin.isatty()):
        raise ScaffoldError(f"No terminal to ask the template's questions on: {instead}.")


def project_name_from(destination: Path) -> str | None:
    """Derive a project title from a directory name: ``my-api`` -> ``My Api``.

    The template slugs the title back to the directory name, so
    ``scaffold new my-api --defaults`` produces the ``my-api`` distribution.
    """
    words = re.split(r"[^0-9A-Za-z]+", destination.name)
    title = " ".join(word[:1].upper() + word[1:] for word in words if word)
    return title or None
