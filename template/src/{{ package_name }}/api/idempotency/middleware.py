"""Store the answer of a request that claimed an `Idempotency-Key` (see `keys`).

The route's dependency decides whether a request is idempotent and claims its
key; only a middleware sees the answer as it leaves, so this one copies it
and, once sent, stores it (below 500) or frees the key (5xx, or an exception).
POSTs without the header, and every other request, pass straight through.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .keys import CLAIM_STATE_KEY, IdempotencyClaim, StoredResponse

_KEY_HEADER = b"idempotency-key"


class IdempotencyMiddleware:
    """Record answers for claimed idempotency keys."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Watch POSTs that carry a key; pass everything else through untouched."""
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or not any(name == _KEY_HEADER for name, _ in scope["headers"])
        ):
            await self.app(scope, receive, send)
            return
        status: int | None = None
        headers: list[tuple[str, str]] = []
        body: list[bytes] = []

        async def send_and_copy(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers.extend(
                    (name.decode("latin-1"), value.decode("latin-1"))
                    for name, value in message.get("headers", ())
                )
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_and_copy)
        except BaseException:
            if claim := self._claim(scope):
                await claim.store.release(claim.key)
            raise
        if claim := self._claim(scope):
            if status is None or status >= 500:
                await claim.store.release(claim.key)
            else:
                answer = StoredResponse(status=status, headers=headers, body=b"".join(body))
                await claim.store.complete(claim.key, claim.fingerprint, answer)

    @staticmethod
    def _claim(scope: Scope) -> IdempotencyClaim | None:
        claim = (scope.get("state") or {}).get(CLAIM_STATE_KEY)
        return claim if isinstance(claim, IdempotencyClaim) else None
