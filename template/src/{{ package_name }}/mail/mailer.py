"""Outgoing mail behind a small interface, so delivery can change without touching features.

`build_mailer()` (in `delivery.py`) picks the transport from the settings: the
`SmtpMailer` when `MAIL__SMTP_HOST` is set, else the `OutboxMailer`, which
writes each message to a file in `MAIL__OUTBOX_DIR` instead of sending it, so
development reads the reset link there. Not standard output: a message carries
a reset token, and output ends up in logs, which more people read, for longer.
Production refuses to start without an SMTP server (`infra/settings.py`).
"""

import email.message
import email.utils
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
    """An email with a plain-text body and, optionally, an HTML alternative."""

    to: str
    subject: str
    body: str
    html: str | None = None

    def to_mime(self, sender: str) -> email.message.EmailMessage:
        """Build the MIME message: text first, HTML as the preferred alternative."""
        mime = email.message.EmailMessage()
        mime["From"] = sender
        mime["To"] = self.to
        mime["Subject"] = self.subject
        mime["Date"] = email.utils.format_datetime(utc_now())
        mime["Message-ID"] = email.utils.make_msgid()
        # ASCII text goes unencoded (lines stay far below SMTP's 998), so whoever
        # reads the raw message, say a local test server's output, sees the link
        # whole; anything else gets the encoding Python picks.
        text_encoding = "7bit" if self.body.isascii() else None
        mime.set_content(self.body, cte=text_encoding)
        if self.html is not None:
            mime.add_alternative(self.html, subtype="html")
        return mime


class Mailer(Protocol):
    """Anything that can deliver an `EmailMessage`."""

    async def send(self, message: EmailMessage) -> None:
        """Deliver the message (or raise)."""


class OutboxMailer:
    """Keep messages as `.eml` files in `directory`, newest last by name (development only)."""

    def __init__(self, directory: Path, sender: str) -> None:
        self.directory = directory
        self.sender = sender

    async def send(self, message: EmailMessage) -> None:
        """Write the message where a developer (or a mail client) will open it."""
        name = f"{utc_now():%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}.eml"
        path = anyio.Path(self.directory) / name
        await path.parent.mkdir(parents=True, exist_ok=True)
        await path.write_bytes(message.to_mime(self.sender).as_bytes())
        logger.info("Email kept in the outbox", extra={"path": str(path)})
