"""Bodies of the authentication endpoints."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field
from pydantic.config import JsonDict

from ..api.input_types import StoredText
from ..security.password_policy import MAX_PASSWORD_LENGTH, password_problem


def _acceptable_password(password: str) -> str:
    if problem := password_problem(password):
        msg = f"Password {problem}."
        raise ValueError(msg)
    return password


def _normalized_email(email: str) -> str:
    return email.strip().lower()


# A password may hold any character: it is hashed, never stored or shown, so it is
# no `StoredText`; `format: password` tells clients (and the STORED-TEXT check) so.
PASSWORD_SCHEMA: JsonDict = {"format": "password"}
#: What a signed token (a JWT) or an emailed reset token is written with: base64url and dots.
URL_SAFE_PATTERN = r"^[A-Za-z0-9_.-]+$"

NewPassword = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_PASSWORD_LENGTH,
        description="8 to 128 characters.",
        json_schema_extra=PASSWORD_SCHEMA,
    ),
    AfterValidator(_acceptable_password),
]
# Checked against a stored hash only: the policy applies when setting a password.
GivenPassword = Annotated[
    str, Field(min_length=1, max_length=MAX_PASSWORD_LENGTH, json_schema_extra=PASSWORD_SCHEMA)
]
#: An email as accounts store it: trimmed and lower-case, so a match ignores case.
Email = Annotated[EmailStr, AfterValidator(_normalized_email)]


class StrictBody(BaseModel):
    """Request bodies refuse unknown fields instead of silently ignoring them."""

    model_config = ConfigDict(extra="forbid")


class RegisterRequest(StrictBody):
    """A new account."""

    email: Email
    password: NewPassword
    full_name: StoredText | None = Field(default=None, max_length=200)


class LoginRequest(StrictBody):
    """Credentials for a JSON login."""

    email: Email
    password: GivenPassword


class RefreshRequest(StrictBody):
    """A refresh token to exchange for a new token pair."""

    refresh_token: str = Field(min_length=1, max_length=8192, pattern=URL_SAFE_PATTERN)


class TokenPair(BaseModel):
    """Tokens for a session: a short-lived access token and a rotating refresh token."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 scheme name
    expires_in: int = Field(description="Seconds until the access token expires.")


class OAuth2TokenResponse(TokenPair):
    """The OAuth2 password-flow response, unwrapped because the OAuth2 spec fixes its shape."""


class PasswordChangeRequest(StrictBody):
    """Change one's own password; other sessions are signed out."""

    current_password: GivenPassword
    new_password: NewPassword


class PasswordResetRequest(StrictBody):
    """Ask for a reset link; the answer is the same whether or not the account exists."""

    email: Email


class PasswordResetConfirm(StrictBody):
    """Set a new password with the token from the reset link."""

    token: str = Field(min_length=1, max_length=512, pattern=URL_SAFE_PATTERN)
    new_password: NewPassword
