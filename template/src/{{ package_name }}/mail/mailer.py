"""Outgoing mail behind a small interface, so delivery can change without touching features.

The default `ConsoleMailer` writes messages to standard output, which is what
development needs (read the reset link in the terminal). Production plugs in
a real transport implementing `Mailer` (SMTP, an email API) in `main.py`.
"""

import sys
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class EmailMessage:
    """A plain-text email."""

    to: str
    subject: str
    body: str


class Mailer(Protocol):
    """Anything that can deliver an `EmailMessage`."""

    async def send(self, message: EmailMessage) -> None:
        """Deliver the message (or raise)."""


class ConsoleMailer:
    """Print messages to stdout instead of sending them (development only)."""

    async def send(self, message: EmailMessage) -> None:
        """Write the message where a developer will see it."""
        sys.stdout.write(
            f"--- email to {message.to} ---\nSubject: {message.subject}\n\n{message.body}\n---\n"
        )
        sys.stdout.flush()
