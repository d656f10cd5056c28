"""Refuse oversized request bodies with a 413 envelope before the app reads a byte.

A declared `Content-Length` over the limit is refused at once (the server
never delivers more than it declared). A streamed body (chunked, no length)
is read here, counting bytes, up to the limit: over it, the request is refused
without reaching the app; within it, the app gets the bytes as one message.
Requests without a body pass straight through, and so do requests to
`self_limiting_paths`: routes that stream their bodies (uploads) and hold
them to a limit of their own while they read.
"""

from collections.abc import Collection

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..api.error_handlers import app_error_response
from ..errors import PayloadTooLargeError


class BodySizeLimitMiddleware:
    """Hold every request body to `max_bytes`."""

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, self_limiting_paths: Collection[str] = ()
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.self_limiting_paths = frozenset(self_limiting_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check HTTP requests; pass lifespan and websocket scopes through untouched."""
        if scope["type"] != "http" or scope["path"] in self.self_limiting_paths:
            await self.app(scope, receive, send)
            return
        declared: bytes | None = None
        streamed = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value
            elif name == b"transfer-encoding":
                streamed = True
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self.refuse(scope, receive, send)
        elif declared is None and streamed:
            await self.forward_streamed(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def forward_streamed(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read a streamed body up to the limit, then refuse it or hand it to the app whole."""
        chunks: list[bytes] = []
        size = 0
        more_body = True
        while more_body:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away: nobody is left to answer
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self.refuse(scope, receive, send)
                return
            chunks.append(chunk)
            more_body = message.get("more_body", False)
        await self.app(scope, replay(b"".join(chunks), receive), send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 413 in the error envelope, saying what the limit is."""
        error = PayloadTooLargeError(
            f"The request body must not exceed {self.max_bytes} bytes.",
            details={"max_bytes": self.max_bytes},
        )
        await app_error_response(error, scope)(scope, receive, send)


def replay(body: bytes, receive: Receive) -> Receive:
    """Hand the app the body read already, then whatever else the server sends."""
    delivered = False

    async def receive_replayed() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive_replayed
