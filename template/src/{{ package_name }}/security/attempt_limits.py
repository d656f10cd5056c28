"""Brute-force protection: count attempts per key and lock out with growing delays.

Built on the `limits` library's moving windows. Each key is checked against
tiers of increasing size and length (by default 5 failures in 30 s, 10 in
2 min, 15 in 15 min), so a persistent guesser waits longer and longer, while
every lock ends by itself: nobody can lock an account for good. Every check of
a secret a client sends (a password at login or change, a reset token) counts
its failures here, in `AttemptLimits`; reset requests count here too.
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

    async def record(self, key: str) -> bool:
        """Count one attempt (a failed login, a reset request) against `key`.

        True when this attempt used up a tier: the moment a lock starts, when
        the owner may be told.
        """
        exhausted = False
        for tier in self._tiers:
            await self._strategy.hit(tier, self._namespace, key)
            exhausted = exhausted or not await self._strategy.test(tier, self._namespace, key)
        return exhausted

    async def clear(self, key: str) -> None:
        """Forget the attempts on `key` (after a successful login)."""
        for tier in self._tiers:
            await self._strategy.clear(tier, self._namespace, key)


@dataclass(frozen=True, slots=True)
class LoginLimiters:
    """Failed-login counters: per account and address, per address, and per account everywhere.

    The pair keeps a guesser at one address from locking the owner out
    elsewhere; the address tier stops one address spraying many accounts; the
    account-wide tier, higher, stops many addresses sharing the guessing of
    one account (it delays the owner too while it holds, so it trips later,
    ends by itself, and the owner is told).
    """

    per_account: AttemptLimiter
    per_address: AttemptLimiter
    per_account_everywhere: AttemptLimiter


@dataclass(frozen=True, slots=True)
class AttemptLimits:
    """Every check of a secret a client sends, each counted by its own `AttemptLimiter`.

    One place, so a new secret-checking endpoint picks its counter here (and
    the adversarial tests find it limited) instead of growing its own scheme.
    """

    login: LoginLimiters
    #: Wrong current passwords per user: a stolen access token cannot guess the password.
    password_change: AttemptLimiter
    #: Reset mails per account, whichever address asks: nobody mail-bombs a victim.
    reset_request: AttemptLimiter
    #: Unknown or spent reset tokens per address.
    reset_confirm: AttemptLimiter

    @classmethod
    def build(cls, storage: Storage, security: SecuritySettings) -> "AttemptLimits":
        """Build every counter in `storage` with the thresholds the settings give."""

        def limiter(namespace: str, failures: int) -> AttemptLimiter:
            tiers = lockout_tiers(
                failures, security.lockout_base_seconds, security.lockout_max_seconds
            )
            return AttemptLimiter(storage, namespace, tiers)

        return cls(
            login=LoginLimiters(
                per_account=limiter("login-account", security.login_failures_per_account),
                per_address=limiter("login-address", security.login_failures_per_address),
                per_account_everywhere=limiter(
                    "login-account-everywhere", security.login_failures_per_account_everywhere
                ),
            ),
            password_change=limiter("password-change", security.password_change_failures),
            reset_request=AttemptLimiter(
                storage,
                "password-reset",
                [RateLimitItemPerHour(security.password_reset_requests_per_hour)],
            ),
            reset_confirm=limiter(
                "password-reset-confirm", security.reset_confirm_failures_per_address
            ),
        )
