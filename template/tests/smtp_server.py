"""A real SMTP server on loopback, started by the tests: what the app sends arrives here.

aiosmtpd speaks the protocol for real, so the app's `SmtpMailer` (aiosmtplib)
is tested end to end: connection, envelope, MIME message. The server runs in
the test's own event loop on a port the system picks, so runs never collide.
"""

import asyncio
import email
import email.message
import email.policy
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiosmtpd.smtp import SMTP, Envelope, Session

# The server logs every line it receives, message bodies included: those are the
# test server's logs, not the app's, and would read as secrets the app leaked.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class Inbox:
    """Keeps each accepted message; while `refusing`, answers every message with a 451."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refusing = False
        self.refused = 0
        self.port = 0
        self.arrived = asyncio.Event()

    def with_subject(self, subject: str) -> list[email.message.EmailMessage]:
        """The accepted messages with this subject, oldest first."""
        return [message for message in self.messages if message["Subject"] == subject]

    async def wait_for(self, subject: str) -> list[email.message.EmailMessage]:
        """Wait until a message with this subject arrived (the caller bounds the wait)."""
        while not (found := self.with_subject(subject)):
            self.arrived.clear()
            await self.arrived.wait()
        return found

    async def handle_DATA(
        self,
        server: SMTP,  # noqa: ARG002 - aiosmtpd's hook signature
        session: Session,  # noqa: ARG002
        envelope: Envelope,
    ) -> str:
        """Accept (or refuse) one message; aiosmtpd calls this hook by name."""
        if self.refusing:
            self.refused += 1
            return "451 4.3.0 Try again later"
        content = envelope.content
        assert isinstance(content, bytes)
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        self.messages.append(message)
        self.arrived.set()
        return "250 OK"


@asynccontextmanager
async def smtp_server() -> AsyncIterator[Inbox]:
    """Serve SMTP on 127.0.0.1 (a free port) for the duration of the block."""
    inbox = Inbox()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(inbox, hostname="localhost"), "127.0.0.1", 0)
    inbox.port = server.sockets[0].getsockname()[1]
    try:
        yield inbox
    finally:
        server.close()
        await server.wait_closed()


def text_body(message: email.message.EmailMessage) -> str:
    """The message's plain-text part."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the message has no text part"
    return str(part.get_content())
