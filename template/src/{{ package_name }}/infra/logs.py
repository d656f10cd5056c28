"""Logs: one JSON object a line for machines, readable lines for people, no secrets in either.

`configure_logging` installs one handler on the root logger, so application
logs, the per-request access log and the server's own messages (uvicorn) all
come out in the same shape. Every line names the request it belongs to
(`request_id`, from the request context) when there is one.

Text lines are for a person reading a terminal, a file or a CI log: they
carry no terminal escape codes, and not uvicorn's `color_message` (its message
again, coloured), which JSON lines keep as any other field.

Whatever the format, the formatter redacts before it writes: fields named like
a secret (`password`, `token`, `authorization`...) lose their value, and values
that look like one (JWTs, bearer credentials, password hashes, passwords inside
URLs) are masked wherever they appear, the message and tracebacks included.
Code should not log secrets in the first place; this is the safety net.
"""

import logging
import re
import sys
import time
from functools import lru_cache
from typing import Any, TextIO

from pydantic_core import to_json

from .request_context import current_request_id
from .settings import Settings

REDACTED = "[REDACTED]"
HANDLER_NAME = "app"
# Loggers of the server that bring handlers of their own; theirs go, ours apply.
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")

SENSITIVE_NAMES = (
    r"passw(?:or)?d|passphrase|pwd|secret|token|authorization|cookie|api[_-]?key|"
    r"signing[_-]?key|credential|private[_-]?key"
)
SECRET_FIELD = re.compile(SENSITIVE_NAMES, re.IGNORECASE)
SECRET_VALUE = re.compile(
    r"eyJ[\w-]+\.[\w-]+\.[\w-]+"  # JWTs (access and refresh tokens)
    r"|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[\w+/.=-]+\$[\w+/.=-]+"  # argon2
    r"|\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}"  # bcrypt
    r"|(?i:bearer|basic)\s+[\w.~+/=-]+"  # Authorization header values
)
# `scheme://user:password@host` keeps the user; `password=...` and
# `"token": "..."` keep the name. Both need a ":" or "=", which most text lacks.
SECRET_BESIDE_NAME = re.compile(
    r"(?P<kept>://[^/\s:@]*:)[^@\s/]+(?=@)"
    r"|(?P<named>(?:" + SENSITIVE_NAMES + r")[\w-]*[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&}]+",
    re.IGNORECASE,
)

# Terminal escape codes (colours, cursor moves): text lines drop them.
ESCAPE_CODE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Extras text lines leave out: uvicorn's coloured copy of the message.
TEXT_OMITTED_FIELDS = ("color_message",)

# Attributes every LogRecord has; anything else was passed with `extra=`.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
_secret_field_names: dict[str, bool] = {}


def _keep_name(match: re.Match[str]) -> str:
    return (match["kept"] or match["named"]) + REDACTED


def redact_text(text: str) -> str:
    """Mask every secret-looking value in free text."""
    if ":" in text or "=" in text:
        text = SECRET_BESIDE_NAME.sub(_keep_name, text)
    return SECRET_VALUE.sub(REDACTED, text)


def is_secret_field(name: str) -> bool:
    """Tell whether a field's name says it holds a secret (names repeat: remembered)."""
    secret = _secret_field_names.get(name)
    if secret is None:
        secret = _secret_field_names[name] = SECRET_FIELD.search(name) is not None
    return secret


def redact_value(name: str, value: Any) -> Any:
    """Mask a field's value when its name says secret, or its text looks like one."""
    if is_secret_field(name):
        return REDACTED
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact_text(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=4)
def _utc_second(seconds: int) -> str:
    """Format a whole second (records come many a second: recent ones are remembered)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))


def iso_timestamp(created: float) -> str:
    """Format a record's time as ISO 8601 UTC with milliseconds."""
    seconds = int(created)
    return f"{_utc_second(seconds)}.{int((created - seconds) * 1000):03d}Z"


def record_fields(record: logging.LogRecord) -> dict[str, Any]:
    """Return the record as redacted fields: time, level, logger, message, request, extras.

    Extras (what `extra=` added) follow in alphabetical order.
    """
    attributes = vars(record)
    fields: dict[str, Any] = {
        "timestamp": iso_timestamp(record.created),
        "level": record.levelname,
        "logger": record.name,
        "message": redact_text(record.getMessage()),
        "request_id": attributes.get("request_id") or current_request_id(),
    }
    for name in sorted(attributes.keys() - _STANDARD_ATTRIBUTES - fields.keys()):
        fields[name] = redact_value(name, attributes[name])
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        """Serialise the redacted fields, with the traceback under `exception`."""
        fields = record_fields(record)
        if record.exc_info:
            fields["exception"] = redact_text(self.formatException(record.exc_info))
        return to_json(fields, fallback=str).decode()


class TextFormatter(logging.Formatter):
    """`time LEVEL logger [request id] message key=value...`, for a developer's terminal."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the redacted fields on one line, then the traceback, if any."""
        fields = record_fields(record)
        for name in TEXT_OMITTED_FIELDS:
            fields.pop(name, None)
        clock = fields.pop("timestamp")[11:23]
        level, logger = fields.pop("level"), fields.pop("logger")
        message, request_id = fields.pop("message"), fields.pop("request_id")
        context = f" [{request_id}]" if request_id else ""
        extras = "".join(f" {name}={value}" for name, value in fields.items())
        line = f"{clock} {level:<7} {logger}{context} {message}{extras}"
        if record.exc_info:
            line += "\n" + redact_text(self.formatException(record.exc_info))
        return ESCAPE_CODE.sub("", line)


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
    # No line shows thread or process names: do not collect them for every record.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    for name in SERVER_LOGGERS:
        server_logger = logging.getLogger(name)
        if server_logger.handlers:  # a logger the server switched off has none: keep it off
            server_logger.handlers.clear()
            server_logger.propagate = True
    return handler
