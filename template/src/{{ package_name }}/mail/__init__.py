"""Mail the app sends: rendered from templates, delivered through one `Mailer` interface."""

from .delivery import build_mailer
from .mailer import EmailMessage, Mailer, OutboxMailer
from .messages import password_reset_message, security_notice_message, welcome_message
from .smtp import SmtpMailer

__all__ = [
    "EmailMessage",
    "Mailer",
    "OutboxMailer",
    "SmtpMailer",
    "build_mailer",
    "password_reset_message",
    "security_notice_message",
    "welcome_message",
]
