"""Answer a repeated idempotent request with the answer the first one got.

`guard_idempotency` raises `StoredResponseReplay` when a key already has an
answer; this handler, registered in `api.error_handlers`, sends it again,
byte for byte, marked `Idempotent-Replayed: true`.
"""

from fastapi import Request
from fastapi.responses import Response

from .keys import StoredResponseReplay

REPLAYED_HEADER = "Idempotent-Replayed"


async def replay_stored_response(_request: Request, exc: Exception) -> Response:
    """Answer a repeated idempotent request with the first answer again, byte for byte."""
    assert isinstance(exc, StoredResponseReplay)  # noqa: S101 - registered for it only
    stored = exc.response
    response = Response(content=stored.body, status_code=stored.status)
    response.raw_headers = [
        *((name.encode("latin-1"), value.encode("latin-1")) for name, value in stored.headers),
        (REPLAYED_HEADER.lower().encode("latin-1"), b"true"),
    ]
    return response
