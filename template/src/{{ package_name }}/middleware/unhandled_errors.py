"""Last line of defence: an unexpected exception becomes a generic 500 envelope.

It sits inside the request-id, access-log and security-header middleware, so
the 500 carries the request id and the usual headers, is logged like any other
answer, and the full traceback goes to the log under the request's id. The client
never sees the exception text, which could hold SQL, paths or secrets.
"""

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..api.error_handlers import app_error_response
from ..errors import InternalError
from ..infra.request_context import get_request_id, get_user_id

logger = logging.getLogger(__name__)


class UnhandledErrorMiddleware:
    """Catch what no exception handler claimed and answer with INTERNAL_ERROR."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Guard HTTP requests; pass lifespan and websocket scopes through untouched."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response_started = False

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            context = {"request_id": get_request_id(scope), "user_id": get_user_id(scope)}
            logger.exception("Unhandled error", extra=context)
            if response_started:
                # Headers are gone already; the server can only drop the connection.
                raise
            await app_error_response(InternalError(), scope)(scope, receive, send)
