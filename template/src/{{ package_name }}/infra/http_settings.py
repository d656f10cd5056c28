"""Settings of the API's HTTP surface: bodies and headers, CORS, rate limits, idempotency.

Groups of `Settings` (infra/settings.py), kept apart from the service's identity,
database and secrets so each module holds one concern.
"""

from limits import parse_many
from pydantic import BaseModel, Field, field_validator

ONE_YEAR_SECONDS = 365 * 24 * 60 * 60


class HttpSettings(BaseModel):
    """What every HTTP exchange may carry, and the headers every answer gets."""

    # Larger bodies get 413 before the app reads them.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1)
    # Set when clients reach the service over HTTPS (directly or through a TLS
    # proxy): responses then carry Strict-Transport-Security.
    served_over_https: bool = False
    hsts_max_age_seconds: int = Field(default=ONE_YEAR_SECONDS, ge=ONE_YEAR_SECONDS)


class CorsSettings(BaseModel):
    """Browser origins allowed to call the API; none by default (same origin only)."""

    allow_origins: list[str] = []
    allow_credentials: bool = False
    allow_methods: list[str] = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    allow_headers: list[str] = [
        "Authorization",
        "Content-Type",
        "Idempotency-Key",
        "If-None-Match",
        "X-Request-ID",
    ]
    expose_headers: list[str] = [
        "ETag",
        "Idempotent-Replayed",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
        "Retry-After",
        "X-Request-ID",
    ]
    max_age_seconds: int = Field(default=600, ge=0)


class RateLimitSettings(BaseModel):
    """Request budgets per client address, in the `limits` notation ("100/minute").

    `per_client` applies to every request; `routes` overrides the limits that
    routes declare by name with `rate_limit(name, default)` (for example
    `{"auth-register": "50/hour"}`). Several limits combine with ";".
    """

    per_client: str = "600/minute"
    routes: dict[str, str] = {}

    @field_validator("per_client")
    @classmethod
    def parse_per_client(cls, value: str) -> str:
        """Refuse a limit the `limits` library cannot read, at startup rather than per request."""
        parse_many(value)
        return value

    @field_validator("routes")
    @classmethod
    def parse_routes(cls, value: dict[str, str]) -> dict[str, str]:
        """Refuse any unreadable per-route limit at startup."""
        for limit in value.values():
            parse_many(limit)
        return value


class IdempotencySettings(BaseModel):
    """How long a response stays replayable for a repeated `Idempotency-Key`."""

    ttl_seconds: int = Field(default=24 * 60 * 60, ge=60)
    # A claimed key whose request never finished (a crash) frees up after this.
    pending_ttl_seconds: int = Field(default=60, ge=1)
