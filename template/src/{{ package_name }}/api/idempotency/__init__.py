"""Safe retries of creating requests with `Idempotency-Key`: keys, the middleware, replays."""

from .keys import (
    CLAIM_STATE_KEY,
    IDEMPOTENCY_HEADER,
    IDEMPOTENT,
    KEY_PATTERN,
    IdempotencyClaim,
    IdempotencyRecord,
    IdempotencyStore,
    StoredResponse,
    StoredResponseReplay,
    caller_scope,
    guard_idempotency,
)
from .replay import REPLAYED_HEADER

__all__ = [
    "CLAIM_STATE_KEY",
    "IDEMPOTENCY_HEADER",
    "IDEMPOTENT",
    "KEY_PATTERN",
    "REPLAYED_HEADER",
    "IdempotencyClaim",
    "IdempotencyRecord",
    "IdempotencyStore",
    "StoredResponse",
    "StoredResponseReplay",
    "caller_scope",
    "guard_idempotency",
]
