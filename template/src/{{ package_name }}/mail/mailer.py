"""Outgoing mail behind a small interface, so delivery can change without touching features.

The default `OutboxMailer` writes each message to a file in the outbox
directory (`MAIL__OUTBOX_DIR`) instead of sending it: development reads the
reset link there. Not standard output: a message carries a reset token, and
output ends up in logs, which more people read, for longer. Production builds
a real transport implementing `Mailer` (SMTP, an email API) in
`components.py`.
"""

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import anyio

from ..infra.clock import utc_now

logger = logging.getLogger(__name__)


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


class OutboxMailer:
    """Keep messages as files in `directory`, newest last by name (development only)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def send(self, message: EmailMessage) -> None:
        """Write the message where a developer will find it, one `.eml` file each."""
        name = f"{utc_now():%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}.eml"
        path = anyio.Path(self.directory) / name
        await path.parent.mkdir(parents=True, exist_ok=True)
        await path.write_text(
            f"To: {message.to}\nSubject: {message.subject}\n\n{message.body}\n", encoding="utf-8"
        )
        logger.info("Email kept in the outbox", extra={"path": str(path)})
