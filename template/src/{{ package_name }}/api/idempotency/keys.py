"""Safe retries of creating requests: the same `Idempotency-Key` gets the first answer again.

A client that timed out on `POST /things` cannot know whether the thing was
created. Sending the retry with the same `Idempotency-Key` header makes that
safe. A route opts in with `dependencies=[IDEMPOTENT]`; then:

1. the first request claims the key (atomically, so a concurrent duplicate
   gets 409 instead of running twice) and runs normally;
2. `IdempotencyMiddleware` stores its answer (status, headers, body) for
   `IDEMPOTENCY__TTL_SECONDS`; a 5xx or a crash frees the key instead;
3. a retry with the same key and the same request (method, path and body
   bytes) gets the stored answer, identical, marked `Idempotent-Replayed: true`;
4. the same key with a different request is 422: keys are single-purpose.

Keys are scoped to the caller: the user of a live session (a token whose
session ended is a 401, never a replay), or else the client address and the
request itself, so nobody, not even a neighbour behind the same proxy, can
replay someone else's answer by guessing a key.
Requests without the header behave as if this did not exist.
"""

import hashlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy.ext.asyncio import AsyncSession

from ...errors import ConflictError, ValidationError
from ...infra.cache import Cache
from ...infra.database import DbSession
from ...infra.http_settings import IdempotencySettings
from ...infra.request_context import client_address
from ...security.current_user import Tokens, principal_for_token

IDEMPOTENCY_HEADER = "Idempotency-Key"
CLAIM_STATE_KEY = "idempotency_claim"
# Visible ASCII without spaces; long enough for a UUID or any client's own scheme.
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"


class StoredResponse(BaseModel):
    """An answer as the app first sent it."""

    model_config = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")

    status: int
    headers: list[tuple[str, str]]
    body: bytes


class IdempotencyRecord(BaseModel):
    """What a key was used for, and its answer once there is one (None: still running)."""

    fingerprint: str
    response: StoredResponse | None = None


class StoredResponseReplay(Exception):
    """Raised to answer with a stored response; the exception handler sends it."""

    def __init__(self, response: StoredResponse) -> None:
        super().__init__("replaying a stored response")
        self.response = response


class IdempotencyStore:
    """Idempotency records in a `Cache` (memory, or Redis when shared)."""

    def __init__(self, records: Cache, settings: IdempotencySettings) -> None:
        self.records = records
        self.settings = settings

    async def claim(self, key: str, fingerprint: str) -> StoredResponse | None:
        """Claim `key` for a new request; return the stored answer when it already has one.

        Raises 422 when the key was used for a different request and 409 while
        the first request with it is still running.
        """
        pending = IdempotencyRecord(fingerprint=fingerprint).model_dump_json().encode()
        ttl = self.settings.pending_ttl_seconds
        if await self.records.add(key, pending, ttl):
            return None
        raw = await self.records.get(key)
        if raw is None and await self.records.add(key, pending, ttl):
            return None  # it expired between the two calls: claimed now
        record = IdempotencyRecord.model_validate_json(raw) if raw is not None else None
        if record is not None and record.fingerprint != fingerprint:
            raise ValidationError(
                "This Idempotency-Key was already used for a different request.",
                details={"header": IDEMPOTENCY_HEADER},
            )
        if record is None or record.response is None:
            raise ConflictError("A request with this Idempotency-Key is in progress.")
        return record.response

    async def complete(self, key: str, fingerprint: str, response: StoredResponse) -> None:
        """Keep the finished answer for replays."""
        record = IdempotencyRecord(fingerprint=fingerprint, response=response)
        await self.records.set(key, record.model_dump_json().encode(), self.settings.ttl_seconds)

    async def release(self, key: str) -> None:
        """Free the key (the request failed in a way worth retrying)."""
        await self.records.delete(key)


@dataclass(frozen=True, slots=True)
class IdempotencyClaim:
    """A key this request claimed; the middleware completes or releases it."""

    store: IdempotencyStore
    key: str
    fingerprint: str


async def caller_scope(request: Request, db: AsyncSession, tokens: Tokens, fingerprint: str) -> str:
    """Name whose keys these are: the signed-in user, else this exact anonymous request.

    A request with a bearer token must hold a live session, checked as for any
    route: after logout a retry is refused (401) instead of replaying the
    answer its token once earned. Without a token, the client address alone
    would pool every client behind one proxy or NAT, so anonymous keys are
    scoped to the address and the request itself: only a byte-identical retry
    shares the key.
    """
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials:
        principal = await principal_for_token(db, tokens, credentials)
        return f"user:{principal.user.id}"
    return f"client:{client_address(request.scope)}:{fingerprint}"


async def guard_idempotency(
    request: Request,
    db: DbSession,
    tokens: Tokens,
    idempotency_key: Annotated[
        str | None,
        Header(
            pattern=KEY_PATTERN,
            description=(
                "Makes retries safe: a repeat of this request with the same key gets the "
                "first answer again (`Idempotent-Replayed: true`); reusing the key for a "
                "different request is a 422."
            ),
        ),
    ] = None,
) -> None:
    """Replay the stored answer for a repeated key, or claim the key for this request."""
    if idempotency_key is None:
        return
    store: IdempotencyStore = request.app.state.components.idempotency
    digest = hashlib.sha256(f"{request.method} {request.url.path}\n".encode())
    digest.update(await request.body())
    fingerprint = digest.hexdigest()
    key = f"{await caller_scope(request, db, tokens, fingerprint)}:{idempotency_key}"
    stored = await store.claim(key, fingerprint)
    if stored is not None:
        raise StoredResponseReplay(stored)
    request.scope["state"][CLAIM_STATE_KEY] = IdempotencyClaim(store, key, fingerprint)


#: Route dependency for creating POSTs: `dependencies=[IDEMPOTENT]`.
IDEMPOTENT: Any = Depends(guard_idempotency)
