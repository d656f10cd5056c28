"""The general request budget: every client address gets so many requests per window.

Past it, the answer is 429 RATE_LIMITED in the error envelope, with
`Retry-After` and the `RateLimit-*` headers, and the app never runs. The
address comes from the ASGI scope, where the server has already applied the
forwarded headers of trusted proxies (`SERVER__FORWARDED_ALLOW_IPS`).

When the counters' store is unreachable (Redis down), requests are let
through with a warning rather than all refused: a budget protects the service,
it must not take it down with its store. The readiness probe reports the store.
"""

import logging
from collections.abc import Sequence

from limits import RateLimitItem
from limits.errors import StorageError
from starlette.types import ASGIApp, Receive, Scope, Send

from ...errors import RateLimitedError
from ...infra.request_context import client_address
from ..error_handlers import app_error_response
from .limiter import RateLimiter

NAMESPACE = "client"

logger = logging.getLogger(__name__)


class RateLimitMiddleware:
    """Count each request against the client's budgets before the app sees it."""

    def __init__(
        self, app: ASGIApp, *, limiter: RateLimiter, budgets: Sequence[RateLimitItem]
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.budgets = tuple(budgets)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Limit HTTP requests; pass lifespan and websocket scopes through untouched."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await self.limiter.hit(self.budgets, NAMESPACE, client_address(scope))
        except RateLimitedError as refusal:
            await app_error_response(refusal, scope)(scope, receive, send)
            return
        except StorageError as error:
            logger.warning("Request budget not checked: %s", type(error.storage_error).__name__)
        await self.app(scope, receive, send)
