"""Running one job: claim it, run it under its timeout, record what happened.

A broker delivers at least once, so a job may arrive twice, or late. Before
running, the worker claims the outbox row with a compare-and-set update that
only succeeds while the row is due, not completed and not claimed by another
worker: a second delivery finds nothing to claim and does nothing. The job's
own writes and the row's completion commit in one transaction, so its
database effects happen exactly once; mail and other calls outside the
database happen at least once (a crash between sending and committing sends
again), which is why jobs carry identifiers and not half-done work.

A failed attempt makes the row due again after the retry policy's backoff; the
last one moves it to the dead letters (`models/dead_letter.py`).
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, or_, select, update

from ..infra.clock import utc_now
from ..infra.database import Database
from ..infra.settings import Settings
from ..mail.mailer import Mailer
from ..models.dead_letter import DeadLetter
from ..models.outbox_job import OutboxJob
from .registry import REGISTRY, Job, JobContext, Payload

logger = logging.getLogger(__name__)

# A claim outlives the job's timeout by this much, so it never expires under a running job.
CLAIM_MARGIN = timedelta(seconds=30)
MAX_ERROR_LENGTH = 1000


@dataclass(frozen=True, slots=True)
class Claim:
    """One attempt at a job, as read when it was claimed."""

    job_id: uuid.UUID
    job: Job
    payload: Payload
    idempotency_key: str
    attempt: int


class JobExecutor:
    """Run outbox jobs by id (the broker's messages carry only the id)."""

    def __init__(self, database: Database, mailer: Mailer, settings: Settings) -> None:
        self.database = database
        self.mailer = mailer
        self.settings = settings

    async def run(self, job_id: str) -> None:
        """Run the job once if it is still due; do nothing for a duplicate or late delivery."""
        claim = await self.claim(uuid.UUID(job_id))
        if claim is None:
            logger.info("Job already done or taken, skipped", extra={"job_id": job_id})
            return
        extra = {"job_id": job_id, "job": claim.job.name, "attempt": claim.attempt}
        try:
            async with self.database.sessionmaker() as session:
                async with asyncio.timeout(claim.job.timeout_seconds):
                    await claim.job(JobContext(session, self.mailer, self.settings), claim.payload)
                await session.execute(
                    update(OutboxJob)
                    .where(OutboxJob.id == claim.job_id)
                    .values(completed_at=utc_now(), claimed_until=None, last_error=None)
                )
                await session.commit()
        except Exception as error:  # any failure is retried, then dead-lettered
            await self.record_failure(claim, error)
        else:
            logger.info("Job done", extra=extra)

    async def claim(self, job_id: uuid.UUID) -> Claim | None:
        """Take the job for one attempt, unless it is not due, done or running elsewhere."""
        async with self.database.sessionmaker() as session:
            name = await session.scalar(select(OutboxJob.name).where(OutboxJob.id == job_id))
            job = REGISTRY.get(name) if name is not None else None
            if job is None:
                if name is not None:
                    logger.error("Unknown job in the outbox", extra={"job": name})
                return None
            now = utc_now()
            claimed = await session.execute(
                update(OutboxJob)
                .where(
                    OutboxJob.id == job_id,
                    OutboxJob.completed_at.is_(None),
                    OutboxJob.available_at <= now,
                    or_(OutboxJob.claimed_until.is_(None), OutboxJob.claimed_until < now),
                )
                .values(
                    attempts=OutboxJob.attempts + 1,
                    claimed_until=now + timedelta(seconds=job.timeout_seconds) + CLAIM_MARGIN,
                )
                .returning(OutboxJob.payload, OutboxJob.idempotency_key, OutboxJob.attempts)
            )
            row = claimed.one_or_none()
            await session.commit()
        if row is None:
            return None
        payload, key, attempt = row
        return Claim(job_id, job, payload, key, attempt)

    async def record_failure(self, claim: Claim, error: Exception) -> None:
        """Schedule the next attempt after a backoff, or give up with a dead letter."""
        message = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
        extra = {"job_id": str(claim.job_id), "job": claim.job.name, "attempt": claim.attempt}
        async with self.database.sessionmaker() as session:
            if claim.attempt >= claim.job.retry.max_attempts:
                session.add(
                    DeadLetter(
                        job_id=claim.job_id,
                        name=claim.job.name,
                        payload=claim.payload,
                        idempotency_key=claim.idempotency_key,
                        attempts=claim.attempt,
                        last_error=message,
                    )
                )
                await session.execute(delete(OutboxJob).where(OutboxJob.id == claim.job_id))
                logger.error("Job failed for good, kept as a dead letter: %s", message, extra=extra)
            else:
                delay = claim.job.retry.delay_after(claim.attempt)
                await session.execute(
                    update(OutboxJob)
                    .where(OutboxJob.id == claim.job_id)
                    .values(
                        available_at=utc_now() + delay,
                        relayed_at=None,
                        claimed_until=None,
                        last_error=message,
                    )
                )
                logger.warning(
                    "Job failed, retrying in %.1f s: %s",
                    delay.total_seconds(),
                    message,
                    extra=extra,
                )
            await session.commit()
