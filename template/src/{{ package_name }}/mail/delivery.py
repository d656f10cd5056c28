"""Choose the mail transport from the settings."""

from ..infra.service_settings import MailSettings
from .mailer import Mailer, OutboxMailer
from .smtp import SmtpMailer


def build_mailer(settings: MailSettings) -> Mailer:
    """SMTP when a server is configured, else the development outbox directory."""
    if settings.smtp_host is not None:
        return SmtpMailer(settings)
    return OutboxMailer(settings.outbox_dir, settings.from_address)
