"""Turn every failure into the error envelope, with a stable code per case.

Registered on the app by `register_exception_handlers`, with the two signals
that are not failures: `NotModified` (a 304 for a conditional GET) and
`StoredResponseReplay` (an idempotent retry). Unhandled exceptions
are caught one level up, by `middleware.unhandled_errors`, so even those
responses carry the request id and the same body shape.
"""

from collections.abc import Iterator
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import JsonValue
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from ..errors import AppError, ValidationError
from ..infra.request_context import get_request_id
from .envelope import ErrorBody, ErrorEnvelope
from .etag import NotModified
from .idempotency.keys import StoredResponseReplay
from .idempotency.replay import replay_stored_response


def error_family(root: type[AppError] = AppError) -> Iterator[type[AppError]]:
    """Yield `root` and every error class derived from it, each base before its subclasses."""
    yield root
    for subclass in root.__subclasses__():
        yield from error_family(subclass)


def codes_by_status() -> dict[int, str]:
    """Read each status's code from the error family, where each code is defined once.

    A subclass sharing its base's status (`TokenReuseError`) keeps the base's code.
    """
    codes: dict[int, str] = {}
    for error in error_family():
        codes.setdefault(error.status_code, error.code)
    return codes


#: The envelope's code for the framework's own HTTP errors (404, 405...), by status.
CODES_BY_STATUS = codes_by_status()


def code_for_status(status_code: int) -> str:
    """Map an HTTP status to the envelope's machine code."""
    return CODES_BY_STATUS.get(status_code, f"HTTP_{status_code}")


def error_response(
    status_code: int,
    code: str,
    message: str,
    *,
    request_id: str | None,
    details: JsonValue | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Build the error envelope response; the only place error bodies are made."""
    body = ErrorEnvelope(
        error=ErrorBody(code=code, message=message, details=details), request_id=request_id
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=status_code, headers=headers)


def app_error_response(error: AppError, scope: Scope) -> JSONResponse:
    """Render an `AppError` as the error envelope; middleware answers with this too."""
    return error_response(
        error.status_code,
        error.code,
        error.message,
        request_id=get_request_id(scope),
        details=error.details,
        headers=error.headers,
    )


async def handle_app_error(request: Request, exc: Exception) -> Response:
    """Errors raised on purpose by services and dependencies."""
    assert isinstance(exc, AppError)  # noqa: S101 - registered for AppError only
    return app_error_response(exc, request.scope)


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    """Framework HTTP errors: unknown routes (404), wrong methods (405) and the like."""
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101 - registered for it only
    # Starlette types it `str`; FastAPI's subclass carries any value.
    detail: JsonValue = exc.detail
    if isinstance(detail, str) and detail:
        message, details = detail, None
    else:
        message, details = HTTPStatus(exc.status_code).phrase, detail
    return error_response(
        exc.status_code,
        code_for_status(exc.status_code),
        message,
        request_id=get_request_id(request.scope),
        details=details,
        headers=dict(exc.headers or {}),
    )


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    """Request validation failures: 422 with one entry per offending field.

    The rejected input is left out on purpose: it may be a password.
    """
    assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for it only
    details: list[JsonValue] = [
        {
            "field": ".".join(str(part) for part in error["loc"]),
            "message": error["msg"],
            "type": error["type"],
        }
        for error in exc.errors()
    ]
    return error_response(
        ValidationError.status_code,
        ValidationError.code,
        ValidationError.default_message,
        request_id=get_request_id(request.scope),
        details=details,
    )


async def answer_not_modified(_request: Request, exc: Exception) -> Response:
    """Answer a conditional GET whose resource has not changed: 304, no body, the same tag."""
    assert isinstance(exc, NotModified)  # noqa: S101 - registered for it only
    return Response(status_code=304, headers={"ETag": exc.etag})


def register_exception_handlers(app: FastAPI) -> None:
    """Install the handlers that produce the error envelope (and the two non-errors)."""
    app.add_exception_handler(AppError, handle_app_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(NotModified, answer_not_modified)
    app.add_exception_handler(StoredResponseReplay, replay_stored_response)
