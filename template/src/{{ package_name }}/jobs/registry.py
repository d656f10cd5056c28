"""Job definitions: a name, a handler, a timeout, a retry policy, maybe a schedule.

A feature declares its jobs next to its rules, in its service module:

    @job("password-reset.send", timeout_seconds=30, retry=RetryPolicy(max_attempts=5))
    async def send_reset_link(context: JobContext, payload: dict[str, Any]) -> None: ...

and asks for one with `enqueue(session, send_reset_link, {...}, idempotency_key=...)`
(`jobs/outbox.py`). `job()` refuses a definition without a positive timeout or
without at least one attempt, so every registered job has both; the
idempotency key is a required argument of `enqueue()`.
"""

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ..infra.settings import Settings
from ..mail.mailer import Mailer
from ..outbound import OutboundClient


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a running job may use: its session (committed when it succeeds), mail, HTTP.

    `http_client` is the app's one client for other services (webhook
    deliveries, remote APIs).
    """

    session: AsyncSession
    mailer: Mailer
    http_client: OutboundClient
    settings: Settings


Payload = dict[str, Any]
Handler = Callable[[JobContext, Payload], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often a failing job runs again, and how long it waits in between.

    Attempt n (from 1) that fails waits `base_delay * 2 ** (n - 1)`, capped at
    `max_delay`, with "full jitter" (a random delay between half of it and
    all of it), so jobs that failed together do not all retry at the same
    instant. After `max_attempts` attempts the job becomes a dead letter.
    """

    max_attempts: int = 5
    base_delay: timedelta = timedelta(seconds=10)
    max_delay: timedelta = timedelta(hours=1)

    def delay_after(self, attempt: int) -> timedelta:
        """Return how long to wait after failed attempt number `attempt`."""
        ceiling: timedelta = min(self.base_delay * 2 ** (attempt - 1), self.max_delay)
        return ceiling * random.uniform(0.5, 1.0)  # noqa: S311 - spreading retries, not a secret


@dataclass(frozen=True, slots=True)
class Job:
    """A registered job; `every` makes it periodic (the scheduler enqueues it once per period)."""

    name: str
    handler: Handler
    timeout_seconds: float
    retry: RetryPolicy
    every: timedelta | None = None

    async def __call__(self, context: JobContext, payload: Payload) -> None:
        """Run the handler (the worker wraps it in the timeout and the retries)."""
        await self.handler(context, payload)


#: Every job by name: the worker looks up what a message names here.
REGISTRY: dict[str, Job] = {}


def job(
    name: str,
    *,
    timeout_seconds: float,
    retry: RetryPolicy,
    every: timedelta | None = None,
) -> Callable[[Handler], Job]:
    """Register the decorated handler as job `name` (names are unique)."""
    if timeout_seconds <= 0 or retry.max_attempts < 1:
        msg = f"job {name!r} needs a positive timeout and at least one attempt"
        raise ValueError(msg)

    def register(handler: Handler) -> Job:
        if name in REGISTRY:
            msg = f"job {name!r} is registered twice"
            raise ValueError(msg)
        REGISTRY[name] = Job(name, handler, timeout_seconds, retry, every)
        return REGISTRY[name]

    return register
