"""Mail the app sends, behind one `Mailer` interface."""

from .mailer import EmailMessage, Mailer, OutboxMailer

__all__ = ["EmailMessage", "Mailer", "OutboxMailer"]
