"""The application's error family: services raise these, never HTTP exceptions.

Each error carries a stable machine-readable `code`, a message safe to show a
client, an HTTP status and optional JSON details. The exception handlers turn
any of them into the error envelope, so a service stays ignorant of HTTP while
its failures still reach the client with the right status.

This is the one place where codes are defined: the framework's own errors
(an unknown route, a wrong method) get the code of their status from here too
(`api.error_handlers.CODES_BY_STATUS`), so define a class for any new status.
"""

from typing import ClassVar

from pydantic import JsonValue


class AppError(Exception):
    """Base of every error the API reports on purpose."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "INTERNAL_ERROR"
    default_message: ClassVar[str] = "An unexpected error occurred."
    # Errors are normally all-or-nothing: the request's changes roll back. An
    # error that records something on purpose (a revoked session after token
    # reuse) sets this so the request's session commits before answering.
    commit_changes: ClassVar[bool] = False

    def __init__(
        self,
        message: str | None = None,
        *,
        details: JsonValue | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.details = details
        self.headers = headers or {}
        super().__init__(self.message)


class BadRequestError(AppError):
    """The request is malformed in a way validation could not express."""

    status_code = 400
    code = "BAD_REQUEST"
    default_message = "The request is malformed."


class UnauthorizedError(AppError):
    """Credentials are missing, invalid or expired."""

    status_code = 401
    code = "UNAUTHORIZED"
    default_message = "Authentication is required."

    def __init__(self, message: str | None = None, *, details: JsonValue | None = None) -> None:
        # RFC 6750: a 401 tells the client which scheme to use.
        super().__init__(message, details=details, headers={"WWW-Authenticate": "Bearer"})


class OwnerNotifiedError(UnauthorizedError):
    """A refused sign-in that queued a notice to the account's owner: the notice must be kept."""

    commit_changes = True


class TokenReuseError(UnauthorizedError):
    """A spent refresh token came back: its session was revoked, and that must stick."""

    commit_changes = True
    default_message = "Invalid token."


class ForbiddenError(AppError):
    """The caller is known but lacks the permission."""

    status_code = 403
    code = "FORBIDDEN"
    default_message = "You do not have permission to do this."


class NotFoundError(AppError):
    """The resource does not exist (or the caller may not know it exists)."""

    status_code = 404
    code = "NOT_FOUND"
    default_message = "The resource was not found."


class MethodNotAllowedError(AppError):
    """The path exists, but not with this method (the router answers it)."""

    status_code = 405
    code = "METHOD_NOT_ALLOWED"
    default_message = "This method is not allowed here."


class NotAcceptableError(AppError):
    """No representation matches the request's `Accept` header."""

    status_code = 406
    code = "NOT_ACCEPTABLE"
    default_message = "No acceptable representation is available."


class ConflictError(AppError):
    """The request clashes with existing state, such as a duplicate unique value."""

    status_code = 409
    code = "CONFLICT"
    default_message = "The request conflicts with the current state."


class PayloadTooLargeError(AppError):
    """The request body exceeds the configured limit."""

    status_code = 413
    code = "PAYLOAD_TOO_LARGE"
    default_message = "The request body is too large."


class UnsupportedMediaTypeError(AppError):
    """The body comes in a format this endpoint does not read."""

    status_code = 415
    code = "UNSUPPORTED_MEDIA_TYPE"
    default_message = "The request body's media type is not supported."


class ValidationError(AppError):
    """Input is well-formed but breaks a business rule checked in a service."""

    status_code = 422
    code = "VALIDATION_ERROR"
    default_message = "The request is invalid."


class RateLimitedError(AppError):
    """The caller used up a request budget; the headers say which and when it refills.

    `Retry-After` for every client, and the `RateLimit-Limit`, `-Remaining`
    and `-Reset` fields (IETF draft) for clients that pace themselves.
    """

    status_code = 429
    code = "RATE_LIMITED"
    default_message = "Too many requests. Try again later."

    def __init__(self, message: str | None = None, *, retry_after_seconds: int, limit: int) -> None:
        super().__init__(
            message,
            details={"retry_after_seconds": retry_after_seconds, "limit": limit},
            headers={
                "Retry-After": str(retry_after_seconds),
                "RateLimit-Limit": str(limit),
                "RateLimit-Remaining": "0",
                "RateLimit-Reset": str(retry_after_seconds),
            },
        )


class InternalError(AppError):
    """Something failed that the client cannot fix; details stay in the logs."""


class ServiceUnavailableError(AppError):
    """A dependency such as the database does not answer."""

    status_code = 503
    code = "SERVICE_UNAVAILABLE"
    default_message = "The service is temporarily unavailable."


class UpstreamUnavailableError(ServiceUnavailableError):
    """A service this one calls gave no answer, or keeps failing (outbound/)."""

    default_message = "A service this one depends on is not answering; try again later."
