"""Give every request an id, echo it in `X-Request-ID` and share it downstream.

A well-formed incoming id (from a proxy or the client) is kept so one id can
follow a call across services; anything else is replaced, so a client cannot
inject arbitrary text into logs and headers. While the request runs, the id is
also the current one for logging, so every log line of the request carries it.
"""

import re
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..infra.request_context import bind_request_id, set_request_id, unbind_request_id

REQUEST_ID_HEADER = "X-Request-ID"
_HEADER_NAME = REQUEST_ID_HEADER.lower().encode("latin-1")
_WELL_FORMED_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")


class RequestIdMiddleware:
    """Assign, propagate and echo the request id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Tag HTTP requests; pass lifespan and websocket scopes through untouched."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = incoming_id(scope) or secrets.token_hex(16)
        set_request_id(scope, request_id)
        header = (_HEADER_NAME, request_id.encode("latin-1"))

        async def send_with_request_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        token = bind_request_id(request_id)
        try:
            await self.app(scope, receive, send_with_request_id)
        finally:
            unbind_request_id(token)


def incoming_id(scope: Scope) -> str | None:
    """Return the caller's `X-Request-ID` if it is well formed."""
    for name, value in scope["headers"]:
        if name == _HEADER_NAME:
            candidate = value.decode("latin-1")
            return candidate if _WELL_FORMED_ID.fullmatch(candidate) else None
    return None
