"""Periodic jobs: each `every` period, one outbox row per job, whoever asks first.

Every process that runs jobs also runs this loop. The row's idempotency key is
the job's name and the period's number, so several schedulers (one per worker)
enqueue each period's run once between them, and a scheduler that was down
enqueues the current period when it comes back.
"""

import asyncio
import logging
from datetime import datetime

from ..infra.clock import utc_now
from ..infra.database import Database
from .outbox import enqueue
from .registry import REGISTRY

logger = logging.getLogger(__name__)


async def enqueue_periodic(database: Database, now: datetime) -> None:
    """Enqueue every periodic job's run for the period `now` falls in (once per period)."""
    async with database.sessionmaker() as session:
        for job in REGISTRY.values():
            if job.every is not None:
                period = int(now.timestamp() // job.every.total_seconds())
                await enqueue(session, job, {}, idempotency_key=f"{job.name}@{period}")
        await session.commit()


async def run_scheduler(database: Database, check_seconds: float) -> None:
    """Enqueue due periodic jobs every `check_seconds`, until cancelled."""
    while True:
        try:
            await enqueue_periodic(database, utc_now())
        except Exception:
            logger.exception("Scheduling periodic jobs failed; trying again")
        await asyncio.sleep(check_seconds)
