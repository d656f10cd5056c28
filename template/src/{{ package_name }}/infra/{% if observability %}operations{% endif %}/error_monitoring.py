"""Error monitoring with Sentry, when `SENTRY__DSN` is set; off (nothing loaded) otherwise.

An unhandled error reaches Sentry through its log record (the 500 layer logs
it with the traceback), tagged with the request id and the user id so the
event leads to the request's log lines. What leaves the process is scrubbed
first (convention NO-SECRETS-TO-MONITORING): no request body, no cookies, no
user but its id, no local variables, and every value named like a secret or
looking like one (tokens, password hashes, bearer credentials, emails) masked
by the same rules as the logs.
"""

import re
from typing import Any

import sentry_sdk
from sentry_sdk.transport import Transport
from sentry_sdk.types import Event, Hint

from ..logs import REDACTED, is_secret_field, redact_text
from ..request_context import current_request_id
from ..settings import Settings

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Parts of the request Sentry would send that may hold personal data or secrets.
DROPPED_REQUEST_PARTS = ("data", "cookies", "env")
TAGGED_FIELDS = ("request_id", "user_id")


def start_error_monitoring(settings: Settings, transport: Transport | None = None) -> bool:
    """Start sending errors to Sentry if a DSN is configured; tell whether it started."""
    dsn = settings.sentry.dsn
    if dsn is None:
        return False
    sentry_sdk.init(
        dsn=dsn.get_secret_value(),
        environment=settings.app.environment,
        release=settings.app.version,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        transport=transport,
    )
    return True


def scrub_event(event: Event, hint: Hint) -> Event:
    """Tag the event with its request and user, then mask whatever could be secret."""
    record = hint.get("log_record")
    tags = event.setdefault("tags", {})
    for name in TAGGED_FIELDS:
        value = getattr(record, name, None)
        if value is not None:
            tags[name] = value
    if "request_id" not in tags and (request_id := current_request_id()):
        tags["request_id"] = request_id
    request = event.get("request")
    if isinstance(request, dict):
        for part in DROPPED_REQUEST_PARTS:
            request.pop(part, None)
    event["user"] = {"id": tags["user_id"]} if "user_id" in tags else {}
    scrubbed: Event = scrub(event)
    return scrubbed


def scrub_breadcrumb(breadcrumb: dict[str, Any], _hint: Hint) -> dict[str, Any]:
    """Mask secrets in a breadcrumb (log lines and HTTP calls before the error)."""
    scrubbed: dict[str, Any] = scrub(breadcrumb)
    return scrubbed


def scrub(value: Any) -> Any:
    """Mask, recursively, each value named like a secret and each text that holds one."""
    if isinstance(value, dict):
        return {
            key: REDACTED if is_secret_field(str(key)) else scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return EMAIL.sub(REDACTED, redact_text(value))
    return value
