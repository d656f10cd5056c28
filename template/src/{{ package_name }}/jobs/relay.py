"""The relay: hands committed outbox rows to the broker, and keeps trying while it is away.

It takes a batch of due rows, marks them relayed in one update (so relays in
other processes skip them), then publishes each. If publishing fails, the
rows not yet sent are released at once and the next round tries again: a
broker outage delays jobs, it never loses one. A row relayed long ago but
still not done (a message lost with a broker, a worker that died mid-job) is
relayed again after `JOBS__REDELIVER_AFTER_SECONDS`.
"""

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update

from ..infra.clock import utc_now
from ..infra.database import Database
from ..infra.settings import JobsSettings
from ..models.outbox_job import OutboxJob

logger = logging.getLogger(__name__)

Publish = Callable[[uuid.UUID], Awaitable[None]]


class Relay:
    """Move due outbox rows to the broker through `publish`."""

    def __init__(self, database: Database, publish: Publish, settings: JobsSettings) -> None:
        self.database = database
        self.publish = publish
        self.settings = settings

    def due(self) -> ColumnElement[bool]:
        """Rows to relay now: not done, due, and never relayed or relayed too long ago."""
        now = utc_now()
        stale = now - timedelta(seconds=self.settings.redeliver_after_seconds)
        return and_(
            OutboxJob.completed_at.is_(None),
            OutboxJob.available_at <= now,
            or_(OutboxJob.relayed_at.is_(None), OutboxJob.relayed_at < stale),
        )

    async def relay_due(self) -> int:
        """Relay one batch of due rows; return how many reached the broker."""
        async with self.database.sessionmaker() as session:
            candidates = list(
                await session.scalars(
                    select(OutboxJob.id)
                    .where(self.due())
                    .order_by(OutboxJob.available_at)
                    .limit(self.settings.relay_batch_size)
                )
            )
            if not candidates:
                return 0
            taken = await session.scalars(
                update(OutboxJob)
                .where(OutboxJob.id.in_(candidates), self.due())
                .values(relayed_at=utc_now())
                .returning(OutboxJob.id)
            )
            job_ids = list(taken)
            await session.commit()
        for sent, job_id in enumerate(job_ids):
            try:
                await self.publish(job_id)
            except Exception as error:  # any broker failure: keep the rows, retry
                await self.release(job_ids[sent:])
                logger.warning(
                    "Broker unreachable, %d jobs wait in the outbox (%s)",
                    len(job_ids) - sent,
                    type(error).__name__,
                )
                return sent
        return len(job_ids)

    async def release(self, job_ids: list[uuid.UUID]) -> None:
        """Make rows that could not be published due again for the next round."""
        async with self.database.sessionmaker() as session:
            await session.execute(
                update(OutboxJob).where(OutboxJob.id.in_(job_ids)).values(relayed_at=None)
            )
            await session.commit()

    async def run(self) -> None:
        """Relay forever (until cancelled): a full batch goes on at once, else wait a little."""
        while True:
            try:
                relayed = await self.relay_due()
            except Exception:
                logger.exception("Relay round failed; trying again")
                relayed = 0
            if relayed < self.settings.relay_batch_size:
                await asyncio.sleep(self.settings.poll_interval_seconds)
