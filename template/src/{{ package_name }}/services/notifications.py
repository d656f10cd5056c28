"""Mail about an account (welcome, security notices), always sent by a job, never in a request.

A request only enqueues the job, in its own transaction: a slow or failing mail
server neither slows the request nor loses the message, and a request that
rolls back sends nothing. The job reads the account when it runs, so the
message goes to the address the account has then.
"""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from ..jobs import JobContext, Payload, RetryPolicy, enqueue, job
from ..mail.messages import security_notice_message, welcome_message
from ..models.user import User

MAIL_RETRIES = RetryPolicy(max_attempts=5)
MAIL_TIMEOUT_SECONDS = 60.0


@job("mail.welcome", timeout_seconds=MAIL_TIMEOUT_SECONDS, retry=MAIL_RETRIES)
async def send_welcome(context: JobContext, payload: Payload) -> None:
    """Greet a new account (skipped if it is gone by then)."""
    user = await context.session.get(User, uuid.UUID(payload["user_id"]))
    if user is not None and user.is_active:
        await context.mailer.send(welcome_message(user.email, user.full_name))


@job("mail.security-notice", timeout_seconds=MAIL_TIMEOUT_SECONDS, retry=MAIL_RETRIES)
async def send_security_notice(context: JobContext, payload: Payload) -> None:
    """Tell the owner what changed on the account."""
    user = await context.session.get(User, uuid.UUID(payload["user_id"]))
    if user is not None:
        await context.mailer.send(security_notice_message(user.email, payload["event"]))


async def notify_security_event(session: AsyncSession, user_id: uuid.UUID, event: str) -> None:
    """Enqueue a security notice about `event` (a sentence) for the account's owner."""
    await enqueue(
        session,
        send_security_notice,
        {"user_id": str(user_id), "event": event},
        idempotency_key=f"security-notice:{uuid.uuid4()}",
    )


async def welcome(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Enqueue the welcome message of a new account (at most one per account)."""
    await enqueue(
        session, send_welcome, {"user_id": str(user_id)}, idempotency_key=f"welcome:{user_id}"
    )
