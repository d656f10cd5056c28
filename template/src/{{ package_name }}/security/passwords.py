"""Password hashing: argon2id for new hashes, bcrypt accepted only to migrate old ones.

Hashing is deliberately slow, so it never runs on the event loop: each call
goes to a worker thread, and a capacity limiter bounds how many run at once,
so a burst of logins cannot starve other requests of CPU or threads.
"""

import functools
import secrets
from collections.abc import Callable
from typing import TypeVar

import anyio
from passlib.context import CryptContext

from ..infra.malloc_tuning import release_free_memory
from ..infra.settings import SecuritySettings

Result = TypeVar("Result")


def _password_context(memory_kib: int, time_cost: int, parallelism: int) -> CryptContext:
    """Build the passlib context: argon2id with these parameters, bcrypt deprecated."""
    return CryptContext(
        schemes=["argon2", "bcrypt"],
        deprecated=["bcrypt"],
        argon2__type="ID",
        argon2__memory_cost=memory_kib,
        argon2__time_cost=time_cost,
        argon2__parallelism=parallelism,
    )


@functools.cache
def unknown_account_hash(memory_kib: int, time_cost: int, parallelism: int) -> str:
    """Hash a random password, to verify against when an account does not exist.

    "No such user" then costs the same time as "wrong password". It takes a
    full hash to make, so it is made once per process and parameters, not by
    every hasher (a test suite builds hundreds).
    """
    context = _password_context(memory_kib, time_cost, parallelism)
    return context.hash(secrets.token_urlsafe(32))


class PasswordHasher:
    """Hash and verify passwords off the event loop, with a bounded number in flight."""

    def __init__(self, settings: SecuritySettings) -> None:
        parameters = (
            settings.argon2_memory_kib,
            settings.argon2_time_cost,
            settings.argon2_parallelism,
        )
        self._context = _password_context(*parameters)
        self._limiter = anyio.CapacityLimiter(settings.max_concurrent_hashes)
        self._dummy_hash = unknown_account_hash(*parameters)

    async def hash(self, password: str) -> str:
        """Return a fresh argon2id hash of `password`."""
        return await self._in_thread(self._context.hash, password)

    async def verify(self, password: str, password_hash: str | None) -> tuple[bool, str | None]:
        """Check `password`; return (matches, replacement hash when parameters are outdated).

        `password_hash=None` (unknown account) still costs one verification.
        An input the old bcrypt scheme cannot handle (over 72 bytes) is simply
        a mismatch, never an exception that would surface as a 500.
        """
        target = password_hash or self._dummy_hash
        try:
            matches, new_hash = await self._in_thread(
                self._context.verify_and_update, password, target
            )
        except ValueError:
            return False, None
        if password_hash is None:
            return False, None
        return bool(matches), new_hash

    async def _in_thread(self, function: Callable[..., Result], *args: str) -> Result:
        """Run one hash in a worker thread, then hand its 19 MiB back (infra/malloc_tuning.py)."""

        def run() -> Result:
            try:
                return function(*args)
            finally:
                release_free_memory()

        return await anyio.to_thread.run_sync(run, limiter=self._limiter)
