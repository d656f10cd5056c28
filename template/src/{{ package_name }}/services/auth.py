"""Sign-in, token rotation, sign-out and password changes.

A login opens an `AuthSession`; its refresh tokens form one family that
rotates on every use. Presenting a spent refresh token revokes the family,
because only a thief or a replay would hold a spent one. Errors never say
whether an email exists.
"""

import logging
import uuid
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import OwnerNotifiedError, TokenReuseError, UnauthorizedError, ValidationError
from ..infra.clock import utc_now
from ..infra.settings import SecuritySettings
from ..models.auth_session import AuthSession
from ..models.refresh_token import RefreshToken
from ..models.user import User
from ..schemas.auth import TokenPair
from ..security.attempt_limits import AttemptLimits
from ..security.passwords import PasswordHasher
from ..security.tokens import TokenService, token_digest
from .notifications import notify_security_event
from .password_reset import spend_reset_tokens
from .users import UserService, normalize_email

logger = logging.getLogger(__name__)

INVALID_CREDENTIALS = "Invalid email or password."


class AuthService:
    """Authentication rules, independent of HTTP."""

    def __init__(
        self,
        session: AsyncSession,
        hasher: PasswordHasher,
        tokens: TokenService,
        limits: AttemptLimits,
        settings: SecuritySettings,
    ) -> None:
        self.session = session
        self.hasher = hasher
        self.tokens = tokens
        self.limits = limits
        self.settings = settings
        self.users = UserService(session, hasher)

    async def login(self, email: str, password: str, client_address: str) -> TokenPair:
        """Check credentials (one hash verification whatever the outcome) and open a session."""
        limits = self.limits.login
        account = normalize_email(email)
        pair = f"{account}|{client_address}"
        await limits.per_account.check(pair)
        await limits.per_address.check(client_address)
        await limits.per_account_everywhere.check(account)

        found = await self.users.find_by_email(email)
        user_id, password_hash = (found.id, found.password_hash) if found else (None, None)
        # End the read before the slow hash: no lock or connection is held for
        # the ~30 ms it takes (SQLite has one writer; PostgreSQL pools are small).
        await self.session.rollback()
        matches, new_hash = await self.hasher.verify(password, password_hash)
        user = await self.session.get(User, user_id) if user_id is not None else None
        if user is None or not matches or not user.is_active:
            await limits.per_account.record(pair)
            await limits.per_address.record(client_address)
            if await limits.per_account_everywhere.record(account) and user is not None:
                await self._tell_owner_of_guessing(user)
                # The same answer as any failure; only the notice's outbox row is kept.
                raise OwnerNotifiedError(INVALID_CREDENTIALS)
            raise UnauthorizedError(INVALID_CREDENTIALS)

        # The account-wide count stays: the owner signing in must not give a
        # guesser spread over many addresses a fresh allowance.
        await limits.per_account.clear(pair)
        if new_hash is not None:
            # Parameters (or the scheme, e.g. legacy bcrypt) are outdated: upgrade now.
            user.password_hash = new_hash
        return await self.open_session(user)

    async def _tell_owner_of_guessing(self, user: User) -> None:
        """Tell the owner once per lock that sign-ins are slowed because of failed attempts."""
        logger.warning("Sign-ins slowed after failed attempts", extra={"user_id": str(user.id)})
        await notify_security_event(
            self.session,
            user.id,
            "There were many failed attempts to sign in to your account, so sign-ins are "
            "slowed down for a while; they return to normal by themselves. If it was not "
            "you, someone may be guessing your password: choose a long, unique one.",
        )

    async def open_session(self, user: User) -> TokenPair:
        """Start a session for `user` and issue its first token pair."""
        auth_session = AuthSession(
            id=uuid.uuid4(),
            user_id=user.id,
            expires_at=utc_now() + timedelta(days=self.settings.refresh_token_days),
        )
        self.session.add(auth_session)
        await self.session.flush()
        return await self._issue_pair(user.id, auth_session.id)

    async def refresh(self, refresh_token: str) -> TokenPair:
        """Exchange a refresh token for a new pair; a reused token revokes its whole family."""
        claims = self.tokens.verify(refresh_token, "refresh")
        stored = await self.session.get(RefreshToken, claims.jti)
        auth_session = await self.session.get(AuthSession, claims.session_id)
        if (
            stored is None
            or stored.token_digest != token_digest(refresh_token)
            or stored.session_id != claims.session_id
            or auth_session is None
            or auth_session.user_id != claims.user_id
            or auth_session.revoked_at is not None
            or auth_session.expires_at <= utc_now()
        ):
            raise UnauthorizedError("Invalid token.")
        user = await self.session.get(User, claims.user_id)
        if user is None or not user.is_active:
            raise UnauthorizedError("Invalid token.")
        if stored.used_at is not None or not await self._spend(stored):
            auth_session.revoked_at = utc_now()
            logger.warning(
                "Refresh token reuse: session revoked",
                extra={"session_id": str(auth_session.id), "user_id": str(claims.user_id)},
            )
            raise TokenReuseError
        return await self._issue_pair(user.id, auth_session.id)

    async def _spend(self, stored: RefreshToken) -> bool:
        """Mark `stored` used unless a concurrent request already did; True if this one won.

        One conditional UPDATE, not a read then a write: two requests holding the
        same token at the same moment both read it unused, but only one UPDATE
        finds `used_at` still empty (PostgreSQL re-checks the condition once the
        first commits; SQLite runs one writer at a time), so the other counts
        as reuse and ends the session instead of forking it.
        """
        spent = await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.id == stored.id, RefreshToken.used_at.is_(None))
            .values(used_at=utc_now())
            .execution_options(synchronize_session=False)
        )
        return cast("CursorResult[Any]", spent).rowcount == 1

    async def logout(self, auth_session: AuthSession) -> None:
        """End this session: its access and refresh tokens stop working now."""
        auth_session.revoked_at = utc_now()
        await self.session.flush()

    async def logout_everywhere(self, user: User) -> None:
        """End every session of the user."""
        await self.users.revoke_sessions(user.id)

    async def change_password(
        self, user: User, auth_session: AuthSession, current: str, new: str
    ) -> None:
        """Set a new password after re-checking the current one; other sessions and reset links end.

        Wrong current passwords count per user, so a stolen access token cannot
        be used to guess the password (429 once the count is used up).
        """
        key = str(user.id)
        await self.limits.password_change.check(key)
        matches, _ = await self.hasher.verify(current, user.password_hash)
        if not matches:
            await self.limits.password_change.record(key)
            raise ValidationError(
                "The current password is incorrect.",
                details=[{"field": "body.current_password", "message": "incorrect"}],
            )
        await self.limits.password_change.clear(key)
        user.password_hash = await self.hasher.hash(new)
        await spend_reset_tokens(self.session, user.id)
        await self.users.revoke_sessions(user.id, except_session=auth_session.id)
        await notify_security_event(self.session, user.id, "Your password was changed.")
        await self.session.flush()

    async def _issue_pair(self, user_id: uuid.UUID, session_id: uuid.UUID) -> TokenPair:
        access = self.tokens.issue("access", user_id, session_id)
        refresh = self.tokens.issue("refresh", user_id, session_id)
        self.session.add(
            RefreshToken(
                id=refresh.jti,
                session_id=session_id,
                token_digest=token_digest(refresh.token),
                expires_at=refresh.expires_at,
            )
        )
        await self.session.flush()
        return TokenPair(
            access_token=access.token,
            refresh_token=refresh.token,
            expires_in=self.settings.access_token_minutes * 60,
        )
