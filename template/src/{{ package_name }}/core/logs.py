"""Logs: one JSON object a line for machines, readable lines for people, no secrets in either.

`configure_logging` installs one handler on the root logger, so application
logs, the per-request access log and the server's own messages (uvicorn) all
come out in the same shape. Every line names the request it belongs to
(`request_id`, from the request context) when there is one.

Whatever the format, the formatter redacts before it writes: fields named like
a secret (`password`, `token`, `authorization`...) lose their value, and values
that look like one (JWTs, bearer credentials, password hashes, passwords inside
URLs) are masked wherever they appear, the message and tracebacks included.
Code should not log secrets in the first place; this is the safety net.
"""

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from .config import Settings
from .request_context import current_request_id

REDACTED = "[REDACTED]"
HANDLER_NAME = "app"
# Loggers of the server that configure handlers of their own; theirs go, ours apply.
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")

SECRET_FIELD = re.compile(
    r"passw(?:or)?d|passphrase|pwd|secret|token|authorization|cookie|api[_-]?key|"
    r"signing[_-]?key|credential|private[_-]?key",
    re.IGNORECASE,
)
SECRET_VALUE = re.compile(
    r"eyJ[\w-]+\.[\w-]+\.[\w-]+"  # JWTs (access and refresh tokens)
    r"|\$argon2(?:id|i|d)\$[^\s'\",)]+"  # argon2 password hashes
    r"|\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}"  # bcrypt password hashes
    r"|(?i:bearer|basic)\s+[\w.~+/=-]+"  # Authorization header values
)
# `scheme://user:password@host`: keep the user and host, drop the password.
URL_PASSWORD = re.compile(r"(?P<prefix>[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^@\s/]+(?=@)")
# `password=...`, `"token": "..."` inside free text.
SECRET_ASSIGNMENT = re.compile(
    r"(?P<name>(?:" + SECRET_FIELD.pattern + r")[\w-]*[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&}]+",
    re.IGNORECASE,
)

# Attributes every LogRecord has; anything else was passed with `extra=`.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact_text(text: str) -> str:
    """Mask every secret-looking value in free text."""
    text = SECRET_VALUE.sub(REDACTED, text)
    text = URL_PASSWORD.sub(rf"\g<prefix>{REDACTED}", text)
    return SECRET_ASSIGNMENT.sub(rf"\g<name>{REDACTED}", text)


def redact_value(name: str, value: Any) -> Any:
    """Mask a field's value when its name says secret, or its text looks like one."""
    if SECRET_FIELD.search(name):
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return redact_text(str(value))


def record_fields(record: logging.LogRecord) -> dict[str, Any]:
    """Return the record as redacted fields: time, level, logger, message, request, extras."""
    fields: dict[str, Any] = {
        "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
        "level": record.levelname,
        "logger": record.name,
        "message": redact_text(record.getMessage()),
        "request_id": getattr(record, "request_id", None) or current_request_id(),
    }
    for name, value in vars(record).items():
        if name not in _STANDARD_ATTRIBUTES and name not in fields:
            fields[name] = redact_value(name, value)
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        """Serialise the redacted fields, with the traceback under `exception`."""
        fields = record_fields(record)
        if record.exc_info:
            fields["exception"] = redact_text(self.formatException(record.exc_info))
        return json.dumps(fields, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`time LEVEL logger [request id] message key=value...`, for a developer's terminal."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the redacted fields on one line, then the traceback, if any."""
        fields = record_fields(record)
        time = fields.pop("timestamp")[11:23]
        level, logger = fields.pop("level"), fields.pop("logger")
        message, request_id = fields.pop("message"), fields.pop("request_id")
        context = f" [{request_id}]" if request_id else ""
        extras = "".join(f" {name}={value}" for name, value in fields.items())
        line = f"{time} {level:<7} {logger}{context} {message}{extras}"
        if record.exc_info:
            line += "\n" + redact_text(self.formatException(record.exc_info))
        return line


def wants_json(settings: Settings) -> bool:
    """Pick the format: as configured, or ("auto") text in development and JSON elsewhere."""
    if settings.logging.format == "auto":
        return settings.app.environment != "development"
    return settings.logging.format == "json"


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """Send every log record to `stream` (stderr by default) in the configured format.

    Safe to call again (each app a test builds calls it): the handler it
    installed before is replaced, and handlers others installed stay.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(JsonFormatter() if wants_json(settings) else TextFormatter())
    root = logging.getLogger()
    for previous in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(previous)
    root.addHandler(handler)
    root.setLevel(settings.logging.level)
    for name in SERVER_LOGGERS:
        server_logger = logging.getLogger(name)
        server_logger.handlers.clear()
        server_logger.propagate = True
    return handler
