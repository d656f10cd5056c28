"""Password hashing: argon2id for new hashes, bcrypt accepted only to migrate old ones.

Hashing is deliberately slow, so it never runs on the event loop: each call
goes to a worker thread, and a capacity limiter bounds how many run at once,
so a burst of logins cannot starve other requests of CPU or threads.
"""

import secrets

import anyio
from passlib.context import CryptContext

from ..infra.settings import SecuritySettings


class PasswordHasher:
    """Hash and verify passwords off the event loop, with a bounded number in flight."""

    def __init__(self, settings: SecuritySettings) -> None:
        self._context = CryptContext(
            schemes=["argon2", "bcrypt"],
            deprecated=["bcrypt"],
            argon2__type="ID",
            argon2__memory_cost=settings.argon2_memory_kib,
            argon2__time_cost=settings.argon2_time_cost,
            argon2__parallelism=settings.argon2_parallelism,
        )
        self._limiter = anyio.CapacityLimiter(settings.max_concurrent_hashes)
        # Verified against when an account does not exist, so that "no such
        # user" costs the same time as "wrong password".
        self._dummy_hash = self._context.hash(secrets.token_urlsafe(32))

    async def hash(self, password: str) -> str:
        """Return a fresh argon2id hash of `password`."""
        return await anyio.to_thread.run_sync(self._context.hash, password, limiter=self._limiter)

    async def verify(self, password: str, password_hash: str | None) -> tuple[bool, str | None]:
        """Check `password`; return (matches, replacement hash when parameters are outdated).

        `password_hash=None` (unknown account) still costs one verification.
        An input the old bcrypt scheme cannot handle (over 72 bytes) is simply
        a mismatch, never an exception that would surface as a 500.
        """
        target = password_hash or self._dummy_hash
        try:
            matches, new_hash = await anyio.to_thread.run_sync(
                self._context.verify_and_update, password, target, limiter=self._limiter
            )
        except ValueError:
            return False, None
        if password_hash is None:
            return False, None
        return bool(matches), new_hash
