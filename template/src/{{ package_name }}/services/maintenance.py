"""Housekeeping jobs the scheduler runs: rows past their use are deleted, not kept forever."""

from datetime import timedelta

from sqlalchemy import delete, or_

from ..infra.clock import utc_now
from ..jobs import JobContext, Payload, RetryPolicy, job
from ..models.auth_session import AuthSession
from ..models.outbox_job import OutboxJob
from ..models.password_reset_token import PasswordResetToken

HOURLY = timedelta(hours=1)
PURGE_RETRIES = RetryPolicy(max_attempts=3, base_delay=timedelta(minutes=1))


@job("purge.expired-sessions", timeout_seconds=300, retry=PURGE_RETRIES, every=HOURLY)
async def purge_expired_sessions(context: JobContext, _payload: Payload) -> None:
    """Delete sign-in sessions past their expiry (their refresh tokens go with them)."""
    await context.session.execute(delete(AuthSession).where(AuthSession.expires_at <= utc_now()))


@job("purge.reset-tokens", timeout_seconds=300, retry=PURGE_RETRIES, every=HOURLY)
async def purge_reset_tokens(context: JobContext, _payload: Payload) -> None:
    """Delete password reset tokens that expired or were used."""
    await context.session.execute(
        delete(PasswordResetToken).where(
            or_(
                PasswordResetToken.expires_at <= utc_now(),
                PasswordResetToken.used_at.is_not(None),
            )
        )
    )


@job("purge.done-jobs", timeout_seconds=300, retry=PURGE_RETRIES, every=HOURLY)
async def purge_done_jobs(context: JobContext, _payload: Payload) -> None:
    """Delete outbox rows of jobs finished more than `JOBS__KEEP_DONE_DAYS` ago."""
    cutoff = utc_now() - timedelta(days=context.settings.jobs.keep_done_days)
    await context.session.execute(delete(OutboxJob).where(OutboxJob.completed_at <= cutoff))
