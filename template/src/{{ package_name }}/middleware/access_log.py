"""One log line per request: method, route, status, duration, request id and user.

The route is the template (`/api/v1/users/{user_id}`), not the path, so lines
group by endpoint and ids in paths do not explode a log index (the path is
logged only when no route matched). The user id is known once
authentication ran (`security.current_user` records it in the request state). Requests
refused by inner middleware (413, 429) and 500s are logged the same way.
"""

import logging
import time
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..infra.logs import VettedRecord, redact_text
from ..infra.request_context import client_address, get_user_id

logger = logging.getLogger(__name__)
USUAL_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class AccessLogMiddleware:
    """Time each request and log its outcome once it is answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.templates = RouteTemplates()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Log HTTP requests; pass lifespan and websocket scopes through untouched."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app raises before answering

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            if logger.isEnabledFor(logging.INFO):
                duration_ms = (time.perf_counter() - started) * 1000
                route = self.templates.of(scope)
                logger.handle(request_record(scope, route, status, duration_ms))


class RouteTemplates:
    """The full path template (`/api/v1/users/{user_id}`) of the route a request matched.

    The scope names the matched route as its router declared it (without the
    prefixes it was included under); the app's route table knows the full
    template. It is read once, and again when routes were added since.
    """

    def __init__(self) -> None:
        self._by_route: dict[int, str] = {}

    def of(self, scope: Scope) -> str | None:
        """Return the template of the request's route, None if no route matched."""
        route = scope.get("route")
        if route is None:
            return None
        template = self._by_route.get(id(route))
        if template is None:
            self._by_route = {
                id(context.original_route): str(context.path_format)
                for context in iter_route_contexts(scope["app"].routes)
            }
            template = self._by_route.setdefault(id(route), str(getattr(route, "path", "")))
        return template


def request_record(
    scope: Scope, route: str | None, status: int, duration_ms: float
) -> VettedRecord:
    """Build the request's log record from values that hold no secret.

    The route is a template from the code, the user and client an id and an
    address; the two values a client writes freely, the raw path and a method
    outside the usual ones, are redacted here. So the formatter can skip
    its redaction pass (see `VettedRecord`). Built directly rather than through
    `logger.info`, which would look up the calling frame on every request.
    """
    method = scope["method"]
    if method not in USUAL_METHODS:
        method = redact_text(method)
    fields: dict[str, Any] = {
        "method": method,
        "route": route,
        "status": status,
        "duration_ms": round(duration_ms, 2),
        "user_id": get_user_id(scope),
        "client": client_address(scope),
    }
    if route is None:  # no endpoint matched (a 404): the path is the only clue
        route = fields["path"] = redact_text(scope["path"])
    return VettedRecord(logger.name, logging.INFO, f"{method} {route} {status}", fields)
