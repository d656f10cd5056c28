"""Forgotten passwords: a single-use, short-lived token delivered by mail.

The request answers the same way whether or not the account exists, and the
token is stored only as a digest, so a database leak cannot reset passwords.
"""

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import BadRequestError
from ..infra.clock import utc_now
from ..infra.settings import SecuritySettings
from ..mail.mailer import Mailer
from ..mail.messages import password_reset_message
from ..models.password_reset_token import PasswordResetToken
from ..models.user import User
from ..security.attempt_limits import AttemptLimiter
from ..security.passwords import PasswordHasher
from ..security.tokens import token_digest
from .users import UserService, normalize_email


class PasswordResetService:
    """Issue and redeem password reset tokens."""

    def __init__(
        self,
        session: AsyncSession,
        hasher: PasswordHasher,
        mailer: Mailer,
        limiter: AttemptLimiter,
        settings: SecuritySettings,
        reset_url: str,
    ) -> None:
        self.session = session
        self.hasher = hasher
        self.mailer = mailer
        self.limiter = limiter
        self.settings = settings
        self.reset_url = reset_url
        self.users = UserService(session, hasher)

    async def request_reset(self, email: str, client_address: str) -> None:
        """Mail a reset token if the account exists and is active; say nothing either way."""
        key = f"{normalize_email(email)}|{client_address}"
        await self.limiter.check(key)
        await self.limiter.record(key)
        user = await self.users.find_by_email(email)
        if user is None or not user.is_active:
            return
        token = secrets.token_urlsafe(32)
        self.session.add(
            PasswordResetToken(
                user_id=user.id,
                token_digest=token_digest(token),
                expires_at=utc_now() + timedelta(minutes=self.settings.password_reset_minutes),
            )
        )
        await self.session.flush()
        # The token rides in the fragment: browsers never send it to a server, so no
        # web server or proxy log on the way to the reset page records it.
        await self.mailer.send(
            password_reset_message(
                user.email,
                link=f"{self.reset_url}#token={token}",
                minutes=self.settings.password_reset_minutes,
            )
        )

    async def confirm_reset(self, token: str, new_password: str) -> None:
        """Set the new password, spend the token and end every session of the account."""
        reset = await self.session.scalar(
            select(PasswordResetToken).where(PasswordResetToken.token_digest == token_digest(token))
        )
        if reset is None or reset.used_at is not None or reset.expires_at <= utc_now():
            raise BadRequestError("The reset token is invalid or has expired.")
        user = await self.session.get(User, reset.user_id)
        if user is None or not user.is_active:
            raise BadRequestError("The reset token is invalid or has expired.")
        reset.used_at = utc_now()
        user.password_hash = await self.hasher.hash(new_password)
        await self.users.revoke_sessions(user.id)
        await self.session.flush()
