"""JSON Web Tokens: issue and verify access and refresh tokens.

Every decode names the one accepted algorithm (so `alg: none` and algorithm
confusion fail), requires every registered claim, and checks issuer, audience
and token type; a refresh token can never pass as an access token or back.
Any failure is the same 401, whatever the reason, so probing learns nothing.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from jose import JWTError, jwt

from ..errors import UnauthorizedError
from ..infra.clock import utc_now
from ..infra.settings import SecuritySettings

TokenKind = Literal["access", "refresh"]

# A real token is well under 1 KB; anything near 8 KB is an attack on the parser.
MAX_TOKEN_BYTES = 8192
# Registered claims python-jose can insist on; `sid` and `type` are checked below.
REQUIRED_CLAIMS = ("sub", "exp", "iat", "nbf", "jti", "iss", "aud")


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A signed token with the identifiers the server keeps track of."""

    token: str
    jti: uuid.UUID
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """The verified content of a token."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    jti: uuid.UUID
    expires_at: datetime


def token_digest(token: str) -> str:
    """Fingerprint a high-entropy token for storage; the token itself is never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class TokenService:
    """Sign and verify the API's tokens with the configured key and claims."""

    def __init__(self, settings: SecuritySettings) -> None:
        self._settings = settings
        self._key = settings.jwt_signing_key.get_secret_value()

    def issue(self, kind: TokenKind, user_id: uuid.UUID, session_id: uuid.UUID) -> IssuedToken:
        """Sign a token of `kind` for the user's session."""
        now = utc_now()
        lifetime = (
            timedelta(minutes=self._settings.access_token_minutes)
            if kind == "access"
            else timedelta(days=self._settings.refresh_token_days)
        )
        jti = uuid.uuid4()
        claims = {
            "sub": str(user_id),
            "sid": str(session_id),
            "jti": str(jti),
            "type": kind,
            "iss": self._settings.jwt_issuer,
            "aud": self._settings.jwt_audience,
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()),
            "exp": int((now + lifetime).timestamp()),
        }
        token = jwt.encode(claims, self._key, algorithm=self._settings.jwt_algorithm)
        return IssuedToken(token=token, jti=jti, expires_at=now + lifetime)

    def verify(self, token: str, expected_kind: TokenKind) -> TokenClaims:
        """Return the claims of a valid token of `expected_kind`; raise 401 otherwise."""
        if len(token.encode()) > MAX_TOKEN_BYTES:
            raise UnauthorizedError("Invalid token.")
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[self._settings.jwt_algorithm],
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                options={f"require_{claim}": True for claim in REQUIRED_CLAIMS},
            )
            if claims.get("type") != expected_kind:
                raise UnauthorizedError("Invalid token.")
            return TokenClaims(
                user_id=uuid.UUID(str(claims["sub"])),
                session_id=uuid.UUID(str(claims["sid"])),
                jti=uuid.UUID(str(claims["jti"])),
                expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=UTC),
            )
        except (JWTError, KeyError, ValueError, TypeError) as exc:
            raise UnauthorizedError("Invalid token.") from exc
