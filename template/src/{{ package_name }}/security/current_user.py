"""Who is calling: bearer-token authentication and permission checks as dependencies.

Routes declare what they need in their signature: `user: CurrentUser` for any
signed-in user, `Annotated[User, require_permission("users:read")]` for a
permission. A route with neither is public and says so with
`openapi_extra=PUBLIC_ROUTE`, so the conventions tests can tell forgotten
auth from intended openness.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import ForbiddenError, UnauthorizedError
from ..infra.clock import utc_now
from ..infra.database import DbSession
from ..infra.settings import API_PREFIX
from ..models.auth_session import AuthSession
from ..models.user import User
from .rbac import has_permission
from .tokens import TokenService

PUBLIC_ROUTE: dict[str, Any] = {"x-public": True}

# auto_error=False: a missing token becomes our own 401 envelope, not FastAPI's.
bearer_scheme = OAuth2PasswordBearer(tokenUrl=f"{API_PREFIX}/auth/token", auto_error=False)


async def get_token_service(request: Request) -> TokenService:
    """Return the app's token signer and verifier (a component, read from the app)."""
    tokens: TokenService = request.app.state.components.token_service
    return tokens


Tokens = Annotated[TokenService, Depends(get_token_service)]


# The session a token names and its user, in one round trip: this runs on every
# authenticated request (a second query was a third of its cost), and is built
# once, not per request.
SESSION_AND_USER = (
    select(AuthSession, User)
    .join(User, User.id == AuthSession.user_id)
    .where(AuthSession.id == bindparam("session_id"), User.id == bindparam("user_id"))
)


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated user and the session their token belongs to."""

    user: User
    session: AuthSession


async def principal_for_token(db: AsyncSession, tokens: TokenService, token: str) -> Principal:
    """Return the user and live session of an access token; 401 on any doubt.

    Everything that acts on a token's authority goes through here (routes,
    and the replay of a stored idempotent answer), so a token whose session
    ended is refused everywhere at once.
    """
    claims = tokens.verify(token, "access")
    parameters = {"session_id": claims.session_id, "user_id": claims.user_id}
    found = (await db.execute(SESSION_AND_USER, parameters)).one_or_none()
    if found is None:
        raise UnauthorizedError("Invalid token.")
    auth_session, user = found
    if (
        auth_session.revoked_at is not None
        or auth_session.expires_at <= utc_now()
        or not user.is_active
    ):
        raise UnauthorizedError("Invalid token.")
    return Principal(user=user, session=auth_session)


async def get_principal(
    request: Request,
    token: Annotated[str | None, Depends(bearer_scheme)],
    db: DbSession,
    tokens: Tokens,
) -> Principal:
    """Verify the bearer token, its session and its user; 401 on any doubt."""
    if not token:
        raise UnauthorizedError("Authentication is required.")
    principal = await principal_for_token(db, tokens, token)
    request.state.user_id = str(principal.user.id)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


async def get_current_user(principal: CurrentPrincipal) -> User:
    """Return the authenticated user."""
    return principal.user


CurrentUser = Annotated[User, Depends(get_current_user)]


class PermissionRequirement:
    """A dependency admitting users whose roles grant `permission`, else 403.

    A class rather than a closure so the conventions tests can find, on any
    route, which permission it demands.
    """

    def __init__(self, permission: str) -> None:
        self.permission = permission

    async def __call__(self, user: CurrentUser) -> User:
        """Return the user when allowed; raise FORBIDDEN otherwise."""
        if not has_permission(user.roles, self.permission):
            raise ForbiddenError(details={"required_permission": self.permission})
        return user


class RoleRequirement:
    """A dependency admitting users who hold `role`, else 403."""

    def __init__(self, role: str) -> None:
        self.role = role

    async def __call__(self, user: CurrentUser) -> User:
        """Return the user when they hold the role; raise FORBIDDEN otherwise."""
        if self.role not in user.roles:
            raise ForbiddenError(details={"required_role": self.role})
        return user


def require_permission(permission: str) -> Any:
    """Build the dependency for one permission; use it inside `Annotated[User, ...]`."""
    return Depends(PermissionRequirement(permission))


def require_role(role: str) -> Any:
    """Build the dependency for one role; use it inside `Annotated[User, ...]`."""
    return Depends(RoleRequirement(role))


__all__ = [
    "PUBLIC_ROUTE",
    "CurrentPrincipal",
    "CurrentUser",
    "PermissionRequirement",
    "Principal",
    "RoleRequirement",
    "Tokens",
    "require_permission",
    "require_role",
]
