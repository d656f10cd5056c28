"""Forgotten passwords: a single-use, short-lived token delivered by mail.

The request answers the same way whether or not the account exists, and the
token is stored only as a digest, so a database leak cannot reset passwords.
An account's tokens are spent as a set: redeeming one, asking for a newer
one or changing the password makes every older link useless.
"""

import secrets
import uuid
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import BadRequestError
from ..infra.clock import utc_now
from ..jobs import JobContext, Payload, enqueue, job
from ..mail.messages import password_reset_message
from ..models.password_reset_token import PasswordResetToken
from ..models.user import User
from ..security.attempt_limits import AttemptLimits
from ..security.passwords import PasswordHasher
from ..security.tokens import token_digest
from .notifications import MAIL_RETRIES, MAIL_TIMEOUT_SECONDS, notify_security_event
from .users import UserService, normalize_email


@job("mail.password-reset", timeout_seconds=MAIL_TIMEOUT_SECONDS, retry=MAIL_RETRIES)
async def send_reset_link(context: JobContext, payload: Payload) -> None:
    """Create a reset token and mail its link; the token exists only if the mail left.

    The token is made here, not in the request: the outbox row holds only the
    account's id, so no secret waits in the database in clear. If sending
    fails, the transaction (and the token) rolls back and the retry makes a
    new one. A new token replaces the account's older ones. The token rides in
    the link's fragment: browsers never send it to a server, so no web server
    or proxy log on the way records it.
    """
    user = await context.session.get(User, uuid.UUID(payload["user_id"]))
    if user is None or not user.is_active:
        return
    await spend_reset_tokens(context.session, user.id)
    minutes = context.settings.security.password_reset_minutes
    token = secrets.token_urlsafe(32)
    context.session.add(
        PasswordResetToken(
            user_id=user.id,
            token_digest=token_digest(token),
            expires_at=utc_now() + timedelta(minutes=minutes),
        )
    )
    await context.session.flush()
    link = f"{context.settings.mail.password_reset_url}#token={token}"
    await context.mailer.send(password_reset_message(user.email, link=link, minutes=minutes))


class PasswordResetService:
    """Issue and redeem password reset tokens."""

    def __init__(
        self, session: AsyncSession, hasher: PasswordHasher, limits: AttemptLimits
    ) -> None:
        self.session = session
        self.hasher = hasher
        self.limits = limits
        self.users = UserService(session, hasher)

    async def request_reset(self, email: str) -> None:
        """Have a reset link mailed if the account exists and is active; say nothing either way.

        Requests count per account whichever address sends them, so nobody can
        flood a victim's mailbox from many addresses; the route adds a tight
        per-address budget.
        """
        key = normalize_email(email)
        await self.limits.reset_request.check(key)
        await self.limits.reset_request.record(key)
        user = await self.users.find_by_email(email)
        if user is None or not user.is_active:
            return
        await enqueue(
            self.session,
            send_reset_link,
            {"user_id": str(user.id)},
            idempotency_key=f"password-reset:{uuid.uuid4()}",
        )

    async def confirm_reset(self, token: str, new_password: str, client_address: str) -> None:
        """Set the new password, spend every reset token of the account, end every session.

        Unknown, spent and expired tokens count against the client address.
        """
        await self.limits.reset_confirm.check(client_address)
        reset = await self.session.scalar(
            select(PasswordResetToken).where(PasswordResetToken.token_digest == token_digest(token))
        )
        user = await self.session.get(User, reset.user_id) if reset is not None else None
        if (
            reset is None
            or reset.expires_at <= utc_now()
            or user is None
            or not user.is_active
            # Spent here, conditionally: of two requests redeeming one token, one wins.
            or not await spend_reset_tokens(self.session, user.id, only=reset.id)
        ):
            await self.limits.reset_confirm.record(client_address)
            raise BadRequestError("The reset token is invalid or has expired.")
        await spend_reset_tokens(self.session, user.id)
        user.password_hash = await self.hasher.hash(new_password)
        await self.users.revoke_sessions(user.id)
        await notify_security_event(self.session, user.id, "Your password was reset.")
        await self.session.flush()


async def spend_reset_tokens(
    session: AsyncSession, user_id: uuid.UUID, *, only: uuid.UUID | None = None
) -> bool:
    """Mark the user's unspent reset tokens used (just token `only`, if given); True if any were.

    Called when a token is redeemed, a newer one is issued and the password
    changes: a reset link is good only until the account's password or links move on.
    """
    statement = update(PasswordResetToken).where(
        PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None)
    )
    if only is not None:
        statement = statement.where(PasswordResetToken.id == only)
    spent = await session.execute(
        statement.values(used_at=utc_now()).execution_options(synchronize_session=False)
    )
    return cast("CursorResult[Any]", spent).rowcount > 0
