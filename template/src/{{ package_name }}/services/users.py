"""Accounts: registration, lookup, administration. Never commits; raises `AppError`s.

`read` serves an account's public view through the cache; every method that
changes what that view shows deletes the cached entry in the same step.
"""

import uuid

from pydantic import JsonValue
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..api.pagination import Page, fetch_page
from ..api.records import flush_or_conflict
from ..errors import ConflictError, NotFoundError, ValidationError
from ..infra.cache import Cache, read_through
from ..infra.clock import utc_now
from ..models.auth_session import AuthSession
from ..models.user import User
from ..schemas.user import UserListQuery, UserRead, UserSelfUpdate
from ..security.passwords import PasswordHasher
from ..security.rbac import ADMIN_ROLE, USER_ROLE, known_roles
from .notifications import welcome

CONFLICT = "An account with this email already exists."
STILL_REFERENCED = "The account is still referenced elsewhere."


def normalize_email(email: str) -> str:
    """Return the form emails are stored and compared in: trimmed and lower-case."""
    return email.strip().lower()


def user_cache_key(user_id: uuid.UUID) -> str:
    """Name the cache entry of one account's public view."""
    return f"user:{user_id}"


class UserService:
    """Rules about accounts, independent of HTTP.

    `cache` holds account views for `read`; services that neither read views
    nor change profiles (sign-in, password reset) build this without one.
    """

    def __init__(
        self, session: AsyncSession, hasher: PasswordHasher, cache: Cache | None = None
    ) -> None:
        self.session = session
        self.hasher = hasher
        self.cache = cache

    async def register(
        self,
        email: str,
        password: str,
        full_name: str | None = None,
        roles: list[str] | None = None,
    ) -> User:
        """Create an account; a taken email is a conflict, also when two requests race."""
        email = normalize_email(email)
        # Hash before touching the database, so no transaction stays open during
        # the slow part; it also makes "taken" and "free" emails cost the same.
        password_hash = await self.hasher.hash(password)
        if await self.find_by_email(email) is not None:
            raise ConflictError(CONFLICT)
        user = User(
            email=email,
            password_hash=password_hash,
            full_name=full_name,
            roles=roles or [USER_ROLE],
        )
        self.session.add(user)
        # The unique index decides races the lookup above cannot see.
        await flush_or_conflict(self.session, CONFLICT)
        await welcome(self.session, user.id)
        return user

    async def find_by_email(self, email: str) -> User | None:
        """Return the account with this email, if any."""
        return await self.session.scalar(select(User).where(User.email == normalize_email(email)))

    async def get(self, user_id: uuid.UUID) -> User:
        """Return the account with this id, or raise 404."""
        user = await self.session.get(User, user_id)
        if user is None:
            raise NotFoundError("User not found.")
        return user

    async def read(self, user_id: uuid.UUID) -> UserRead:
        """Return the account's public view, from the cache when it holds it; 404 if none."""

        async def load() -> UserRead:
            return UserRead.model_validate(await self.get(user_id))

        if self.cache is None:
            return await load()
        return await read_through(self.cache, user_cache_key(user_id), UserRead, load)

    async def forget_cached(self, user_id: uuid.UUID) -> None:
        """Drop the cached view of an account whose data changes now."""
        if self.cache is not None:
            await self.cache.delete(user_cache_key(user_id))

    async def list_page(self, query: UserListQuery) -> Page[User]:
        """Return the page of accounts that `query` asks for."""
        return await fetch_page(self.session, User, query)

    async def update_profile(self, user: User, changes: UserSelfUpdate) -> User:
        """Change the fields of their own profile a user sent; the others keep their values."""
        for field, value in changes.changes().items():
            setattr(user, field, value)
        await flush_or_conflict(self.session, CONFLICT)
        await self.forget_cached(user.id)
        return user

    async def set_roles(self, actor: User, user_id: uuid.UUID, roles: list[str]) -> User:
        """Replace a user's roles; admins cannot demote themselves (no lock-out by accident)."""
        unknown: list[JsonValue] = [*sorted(set(roles) - known_roles())]
        if unknown:
            known: list[JsonValue] = [*sorted(known_roles())]
            raise ValidationError("Unknown roles.", details={"unknown": unknown, "known": known})
        user = await self.get(user_id)
        if user.id == actor.id and ADMIN_ROLE in user.roles and ADMIN_ROLE not in roles:
            raise ConflictError("You cannot remove your own admin role.")
        user.roles = sorted(set(roles))
        await self.session.flush()
        await self.forget_cached(user.id)
        return user

    async def deactivate(self, actor: User, user_id: uuid.UUID) -> User:
        """Disable an account and end all its sessions at once."""
        user = await self.get(user_id)
        if user.id == actor.id:
            raise ConflictError("You cannot deactivate your own account.")
        user.is_active = False
        await self.revoke_sessions(user.id)
        await self.session.flush()
        await self.forget_cached(user.id)
        return user

    async def delete(self, actor: User, user_id: uuid.UUID) -> None:
        """Remove an account; its sessions and tokens go with it."""
        user = await self.get(user_id)
        if user.id == actor.id:
            raise ConflictError("You cannot delete your own account here.")
        await self.session.delete(user)
        await flush_or_conflict(self.session, STILL_REFERENCED)
        await self.forget_cached(user.id)

    async def revoke_sessions(
        self, user_id: uuid.UUID, *, except_session: uuid.UUID | None = None
    ) -> None:
        """End every open session of the user (but `except_session`, if given)."""
        statement = (
            update(AuthSession)
            .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=utc_now())
        )
        if except_session is not None:
            statement = statement.where(AuthSession.id != except_session)
        await self.session.execute(statement)
