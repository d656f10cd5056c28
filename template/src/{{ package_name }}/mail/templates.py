"""Messages rendered from Jinja2 templates: a text body, an HTML body, a subject.

Each message is two files in `mail/templates/`, `<template>.txt` and `<template>.html`;
the text one sets the subject with a Jinja `set subject = "..."` statement. HTML is
autoescaped, so a user's name cannot inject markup; text is not (it is not
HTML). A missing variable fails loudly (`StrictUndefined`) instead of sending
a message with a hole in it.
"""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .mailer import EmailMessage

TEMPLATES_DIR = Path(__file__).with_name("templates")


@cache
def environment() -> Environment:
    """Return the Jinja2 environment of the mail templates (built once per process)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_message(template: str, to: str, **context: Any) -> EmailMessage:
    """Render message `template` for `to` with `context` (both bodies and the subject)."""
    text = environment().get_template(f"{template}.txt")
    html = environment().get_template(f"{template}.html")
    subject = str(text.make_module(context).subject)  # type: ignore[attr-defined]
    return EmailMessage(
        to=to,
        subject=subject,
        body=text.render(context),
        html=html.render(context, subject=subject),
    )
