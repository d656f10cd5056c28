"""Brute-force protection: count attempts per key and lock out with growing delays.

Built on the `limits` library's moving windows. Each key is checked against
tiers of increasing size and length (by default 5 failures in 30 s, 10 in
2 min, 15 in 15 min), so a persistent guesser waits longer and longer, while
every lock ends by itself: nobody can lock an account for good. Login keys
pair the account with the client address, so an attacker elsewhere cannot
lock the real owner out; a separate, higher per-address tier stops one
address from spraying many accounts.
"""

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerSecond
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter

from ..errors import RateLimitedError
from ..infra.settings import SecuritySettings

TIER_MULTIPLIERS = (1, 4, 30)


def lockout_tiers(failures: int, base_seconds: int, max_seconds: int) -> tuple[RateLimitItem, ...]:
    """Tiers allowing `failures`, then twice and three times as many over longer windows."""
    return tuple(
        RateLimitItemPerSecond(failures * level, min(base_seconds * multiplier, max_seconds))
        for level, multiplier in enumerate(TIER_MULTIPLIERS, start=1)
    )


class AttemptLimiter:
    """Refuse further attempts on a key once any of its tiers is exhausted."""

    def __init__(self, storage: Storage, namespace: str, tiers: Sequence[RateLimitItem]) -> None:
        self._strategy = MovingWindowRateLimiter(storage)
        self._namespace = namespace
        self._tiers = tuple(tiers)

    async def check(self, key: str) -> None:
        """Raise 429 with `Retry-After` while `key` is locked out."""
        retry_after, limit = 0, 0
        for tier in self._tiers:
            if not await self._strategy.test(tier, self._namespace, key):
                stats = await self._strategy.get_window_stats(tier, self._namespace, key)
                tier_retry_after = math.ceil(stats.reset_time - time.time())
                if tier_retry_after > retry_after:
                    retry_after, limit = tier_retry_after, tier.amount
        if retry_after > 0:
            raise RateLimitedError(retry_after_seconds=retry_after, limit=limit)

    async def record(self, key: str) -> None:
        """Count one attempt (a failed login, a reset request) against `key`."""
        for tier in self._tiers:
            await self._strategy.hit(tier, self._namespace, key)

    async def clear(self, key: str) -> None:
        """Forget the attempts on `key` (after a successful login)."""
        for tier in self._tiers:
            await self._strategy.clear(tier, self._namespace, key)


@dataclass(frozen=True, slots=True)
class LoginLimiters:
    """Failed-login counters: per account and address pair, and per address alone."""

    per_account: AttemptLimiter
    per_address: AttemptLimiter

    @classmethod
    def build(cls, storage: Storage, security: SecuritySettings) -> "LoginLimiters":
        """Build both counters in `storage` with the tiers the settings describe."""

        def tiers(failures: int) -> tuple[RateLimitItem, ...]:
            return lockout_tiers(
                failures, security.lockout_base_seconds, security.lockout_max_seconds
            )

        return cls(
            per_account=AttemptLimiter(
                storage, "login-account", tiers(security.login_failures_per_account)
            ),
            per_address=AttemptLimiter(
                storage, "login-address", tiers(security.login_failures_per_address)
            ),
        )


def password_reset_limiter(storage: Storage, security: SecuritySettings) -> AttemptLimiter:
    """Build the counter of password-reset requests per email and address."""
    return AttemptLimiter(
        storage,
        "password-reset",
        [RateLimitItemPerHour(security.password_reset_requests_per_hour)],
    )
