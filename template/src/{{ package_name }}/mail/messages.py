"""The messages the app sends, one function each, so callers pass exactly what a template needs."""

from .mailer import EmailMessage
from .templates import render_message


def password_reset_message(to: str, link: str, minutes: int) -> EmailMessage:
    """Build the reset link message; the link works once, for `minutes`."""
    return render_message("password_reset", to, link=link, minutes=minutes)


def welcome_message(to: str, name: str | None) -> EmailMessage:
    """Build the greeting sent once an account is registered."""
    return render_message("welcome", to, name=name)


def security_notice_message(to: str, event: str) -> EmailMessage:
    """Tell the owner that something sensitive changed (`event`: what happened, in words)."""
    return render_message("security_notice", to, event=event)
