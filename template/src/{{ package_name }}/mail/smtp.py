"""Real delivery: an SMTP server (your provider's relay, or `python -m aiosmtpd -n` locally)."""

import logging

import aiosmtplib

from ..infra.service_settings import MailSettings
from .mailer import EmailMessage

logger = logging.getLogger(__name__)


class SmtpMailer:
    """Send each message over one SMTP connection, with TLS or STARTTLS as configured.

    Errors propagate (`aiosmtplib.SMTPException`, `OSError`, `TimeoutError`):
    the job that sends mail retries them, then records a dead letter.
    """

    def __init__(self, settings: MailSettings) -> None:
        if settings.smtp_host is None:
            msg = "SmtpMailer needs MAIL__SMTP_HOST"
            raise ValueError(msg)
        self.settings = settings
        self.host = settings.smtp_host

    async def send(self, message: EmailMessage) -> None:
        """Hand the message to the server; raises when it is not accepted."""
        settings = self.settings
        # An empty username (compose passes unset variables as "") means no login.
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
        login = bool(settings.smtp_username)
        await aiosmtplib.send(
            message.to_mime(settings.from_address),
            hostname=self.host,
            port=settings.smtp_port,
            username=settings.smtp_username if login else None,
            password=password if login else None,
            use_tls=settings.smtp_security == "tls",
            start_tls=settings.smtp_security == "starttls",
            timeout=settings.smtp_timeout_seconds,
        )
        # The subject and address say enough to trace a delivery; the body may hold a secret.
        logger.info("Email sent", extra={"subject": message.subject, "smtp_host": self.host})
