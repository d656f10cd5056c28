"""Mail the app sends, behind one `Mailer` interface."""

from .mailer import ConsoleMailer, EmailMessage, Mailer

__all__ = ["ConsoleMailer", "EmailMessage", "Mailer"]
