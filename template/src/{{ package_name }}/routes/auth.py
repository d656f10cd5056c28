"""Registration, login, token refresh, logout and password management."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from ..api.envelope import Envelope, error_responses, ok
from ..api.idempotency.keys import IDEMPOTENT
from ..api.rate_limits.limiter import rate_limit
from ..components import Components
from ..errors import ValidationError
from ..infra.database import DbSession
from ..infra.request_context import client_address
from ..schemas.auth import (
    Email,
    LoginRequest,
    OAuth2TokenResponse,
    PasswordChangeRequest,
    PasswordResetConfirm,
    PasswordResetRequest,
    RefreshRequest,
    RegisterRequest,
    TokenPair,
)
from ..schemas.user import UserRead
from ..security.current_user import PUBLIC_ROUTE, CurrentPrincipal
from ..services.auth import AuthService
from ..services.password_reset import PasswordResetService
from .users import Users

router = APIRouter(prefix="/auth", tags=["auth"])
EMAIL: TypeAdapter[str] = TypeAdapter(Email)


async def get_auth_service(db: DbSession, components: Components) -> AuthService:
    """Build the request's auth service from the app's shared components."""
    return AuthService(
        db,
        components.password_hasher,
        components.token_service,
        components.attempt_limits,
        components.settings.security,
    )


async def get_reset_service(db: DbSession, components: Components) -> PasswordResetService:
    """Build the request's password reset service."""
    return PasswordResetService(db, components.password_hasher, components.attempt_limits)


Auth = Annotated[AuthService, Depends(get_auth_service)]
Resets = Annotated[PasswordResetService, Depends(get_reset_service)]


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create an account",
    openapi_extra=PUBLIC_ROUTE,
    responses=error_responses(409),
    dependencies=[rate_limit("auth-register", "20/hour"), IDEMPOTENT],
)
async def register(body: RegisterRequest, users: Users) -> Envelope[UserRead]:
    """Register with an email and a password (8 to 128 characters, not a common one).

    The email is matched case-insensitively: `Ann@Example.com` and
    `ann@example.com` are the same account. Each address may register 20
    accounts an hour. Send an `Idempotency-Key` to retry safely.
    """
    user = await users.register(body.email, body.password, body.full_name)
    return ok(UserRead.model_validate(user), message="Account created.")


@router.post(
    "/login",
    summary="Log in with email and password",
    openapi_extra=PUBLIC_ROUTE,
    responses=error_responses(401, 429),
)
async def login(body: LoginRequest, request: Request, auth: Auth) -> Envelope[TokenPair]:
    """Exchange credentials for an access token (15 minutes) and a refresh token.

    Repeated failures lock further attempts for a growing delay (429 with
    `Retry-After`): from the same address, and for the account from all
    addresses together (the owner is then told by mail). Every lock ends by itself.
    """
    return ok(await auth.login(body.email, body.password, client_address(request.scope)))


@router.post(
    "/token",
    summary="OAuth2 password flow (for the docs' Authorize button)",
    openapi_extra=PUBLIC_ROUTE,
    responses=error_responses(401, 429),
)
async def oauth2_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, auth: Auth
) -> OAuth2TokenResponse:
    """Log in like `/auth/login`, with a form body (`username` is the email).

    The OAuth2 specification fixes this response's shape, so it is the one
    success response that is not wrapped in the envelope.
    """
    try:
        email = EMAIL.validate_python(form.username)
    except PydanticValidationError as exc:
        # The form's fields are plain strings: check the email as /auth/login's body does.
        raise ValidationError(
            details=[{"field": "body.username", "message": "must be an email address"}]
        ) from exc
    pair = await auth.login(email, form.password, client_address(request.scope))
    return OAuth2TokenResponse(**pair.model_dump())


@router.post(
    "/refresh",
    summary="Rotate the refresh token",
    openapi_extra=PUBLIC_ROUTE,
    responses=error_responses(401),
)
async def refresh(body: RefreshRequest, auth: Auth) -> Envelope[TokenPair]:
    """Trade a refresh token for a new pair. Each refresh token works once.

    Presenting one that was already used ends the whole session, in case it
    was stolen.
    """
    return ok(await auth.refresh(body.refresh_token))


@router.post("/logout", summary="End this session", responses=error_responses(401))
async def logout(principal: CurrentPrincipal, auth: Auth) -> Envelope[None]:
    """Revoke the current session: its access and refresh tokens stop working at once."""
    await auth.logout(principal.session)
    return ok(None, message="Logged out.")


@router.post("/logout-all", summary="End every session", responses=error_responses(401))
async def logout_all(principal: CurrentPrincipal, auth: Auth) -> Envelope[None]:
    """Revoke every session of the current user, on every device."""
    await auth.logout_everywhere(principal.user)
    return ok(None, message="Logged out everywhere.")


@router.post("/password/change", summary="Change password", responses=error_responses(401, 429))
async def change_password(
    body: PasswordChangeRequest, principal: CurrentPrincipal, auth: Auth
) -> Envelope[None]:
    """Set a new password; requires the current one. Other sessions are signed out.

    Wrong current passwords lock further attempts for a growing delay (429).
    """
    await auth.change_password(
        principal.user, principal.session, body.current_password, body.new_password
    )
    return ok(None, message="Password changed.")


@router.post(
    "/password/reset-request",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Ask for a password reset",
    openapi_extra=PUBLIC_ROUTE,
    responses=error_responses(429),
    dependencies=[rate_limit("auth-password-reset-request", "3/minute;20/hour")],
)
async def request_password_reset(body: PasswordResetRequest, resets: Resets) -> Envelope[None]:
    """Mail a reset link to the address if it has an account.

    The answer is identical whether or not the account exists. The mail is
    sent by a background job, so 202 means it is on its way; a new link
    replaces older ones. Each account gets a few mails an hour, and each
    client address 3 requests a minute and 20 an hour.
    """
    await resets.request_reset(body.email)
    return ok(None, message="If the account exists, a reset email is on its way.")


@router.post(
    "/password/reset-confirm",
    summary="Reset the password with a token",
    openapi_extra=PUBLIC_ROUTE,
    responses=error_responses(400, 429),
)
async def confirm_password_reset(
    body: PasswordResetConfirm, request: Request, resets: Resets
) -> Envelope[None]:
    """Set a new password with the emailed token (single use, expires in 30 minutes).

    Every session of the account ends, and every other reset token of it stops
    working. Repeated wrong tokens from one address lock it out for a while (429).
    """
    await resets.confirm_reset(body.token, body.new_password, client_address(request.scope))
    return ok(None, message="Password reset. Log in with the new password.")
