"""Request budgets per client, counted by the `limits` library in the app's shared storage.

One `RateLimiter` serves the general per-client limit (`RateLimitMiddleware`)
and the per-route limits routes declare with `rate_limit(name, default)`. The
storage is this process's memory, or Redis when the project was generated
with it, so that every process of a deployment counts against the same budget.
Budgets use fixed windows (one counter per client and window: the cheapest to
check on every request); the login lockouts (`security.attempt_limits`) use
moving windows in the same storage.
"""

import math
import time
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from fastapi import Depends, Request
from limits import RateLimitItem, parse_many
from limits.aio.storage import Storage
from limits.aio.strategies import FixedWindowRateLimiter

from ...errors import RateLimitedError
from ...infra.request_context import client_address
from ...infra.settings import Settings


@lru_cache(maxsize=256)
def parse_limits(notation: str) -> tuple[RateLimitItem, ...]:
    """Read `"10/second;1000/hour"` into limit items (cached: routes parse on every call)."""
    return tuple(parse_many(notation))


class RateLimiter:
    """Count requests per client against budgets, and refuse once one is used up."""

    def __init__(self, storage: Storage) -> None:
        self._strategy = FixedWindowRateLimiter(storage)

    async def hit(self, budgets: Sequence[RateLimitItem], namespace: str, client: str) -> None:
        """Count one request of `client` in each budget; 429 when any is exhausted."""
        for budget in budgets:
            if not await self._strategy.hit(budget, namespace, client):
                stats = await self._strategy.get_window_stats(budget, namespace, client)
                retry_after = max(1, math.ceil(stats.reset_time - time.time()))
                raise RateLimitedError(retry_after_seconds=retry_after, limit=budget.amount)


class RouteRateLimit:
    """A route's own per-client budget, by name, overridable with `RATE_LIMITS__ROUTES`."""

    def __init__(self, name: str, default: str) -> None:
        parse_limits(default)  # an unreadable default fails at import, not on a request
        self.name = name
        self.default = default

    async def __call__(self, request: Request) -> None:
        """Count this request against the route's budget."""
        components = request.app.state.components  # components.py sits above: read, not imported
        settings: Settings = components.settings
        limiter: RateLimiter = components.rate_limiter
        notation = settings.rate_limits.routes.get(self.name, self.default)
        await limiter.hit(
            parse_limits(notation), f"route:{self.name}", client_address(request.scope)
        )


def rate_limit(name: str, default: str) -> Any:
    """Declare a route's budget: `dependencies=[rate_limit("auth-register", "20/hour")]`."""
    return Depends(RouteRateLimit(name, default))
