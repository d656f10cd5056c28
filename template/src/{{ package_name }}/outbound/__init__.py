"""Calls to other services over HTTP, made resilient in one place.

`OutboundClient` (built once per app as `components.http_client`) gives every
call timeouts, retries with exponential backoff and jitter for requests that
are safe to repeat, a circuit breaker per host, and one log line per call.
"""

from .circuit_breaker import CircuitBreaker, CircuitOpenError, CircuitState
from .client import OutboundClient, build_outbound_client
from .policy import IDEMPOTENT_METHODS, RETRYABLE_STATUSES

__all__ = [
    "IDEMPOTENT_METHODS",
    "RETRYABLE_STATUSES",
    "CircuitBreaker",
    "CircuitOpenError",
    "CircuitState",
    "OutboundClient",
    "build_outbound_client",
]
