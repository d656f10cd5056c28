"""Which outbound requests may be sent again, and after which answers.

A request is repeated only when repeating it cannot do a thing twice: its
method is idempotent (RFC 9110, section 9.2.2), or it carries an
`Idempotency-Key` the peer uses to recognise the repeat. An answer is worth a
retry only when it says "not now" (408, 429, 502, 503, 504); a 500 usually
fails the same way again, and a 4xx is the caller's own mistake.
"""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
RETRYABLE_STATUSES = frozenset({408, 429, 502, 503, 504})
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"


class RetryableResponse(Exception):
    """An answer worth another try; raised inside the retry loop, never outside it."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        super().__init__(
            f"{response.request.method} {response.request.url} -> {response.status_code}"
        )


def may_repeat(request: httpx.Request) -> bool:
    """Tell whether sending `request` twice does no more than sending it once."""
    return request.method in IDEMPOTENT_METHODS or IDEMPOTENCY_KEY_HEADER in request.headers


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Read `Retry-After` (seconds or an HTTP date), or None when absent or unreadable."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())
