"""The one JSON envelope every response travels in.

Success: `{"success": true, "data": ..., "message": ..., "meta": ..., "timestamp": ...}`.
Error: `{"success": false, "error": {"code", "message", "details"}, "request_id", "timestamp"}`.
Routes declare `-> Envelope[Thing]` so OpenAPI documents exactly what is sent,
and clients parse one shape whatever endpoint they call. In the document (and
so in generated clients) `Envelope[Thing]` is named `ThingEnvelope`, and
`Envelope[list[Thing]]` `ThingListEnvelope` (see api/openapi_names.py).
"""

import typing
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, JsonValue

from ..errors import ValidationError
from ..infra.clock import utc_now

DataT = TypeVar("DataT")


class Envelope(BaseModel, Generic[DataT]):
    """A successful response: the payload under `data`, never at the top level."""

    success: Literal[True] = True
    data: DataT
    message: str | None = None
    meta: dict[str, JsonValue] | None = None
    timestamp: datetime = Field(default_factory=utc_now)

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        """Name `Envelope[list[UserRead]]` `UserReadListEnvelope`, a name a class can have.

        Pydantic's own, `Envelope[list[UserRead]]`, reaches client generators
        as `EnvelopeListUserRead` or worse.
        """
        return "".join(schema_name_part(param) for param in params) + cls.__name__


def schema_name_part(annotation: Any) -> str:
    """`UserRead` for `UserRead`, `UserReadList` for `list[UserRead]`, `Empty` for `None`."""
    if annotation is None or annotation is type(None):
        return "Empty"
    if typing.get_origin(annotation) is list:
        return f"{schema_name_part(typing.get_args(annotation)[0])}List"
    name = str(getattr(annotation, "__name__", annotation))
    return name[:1].upper() + name[1:]


class ErrorBody(BaseModel):
    """What went wrong: a stable machine code, a human message, optional details."""

    code: str = Field(examples=[ValidationError.code])
    message: str = Field(examples=[ValidationError.default_message])
    details: JsonValue | None = None


class ErrorEnvelope(BaseModel):
    """A failed response; `request_id` ties it to the server's log lines."""

    success: Literal[False] = False
    error: ErrorBody
    request_id: str | None = None
    timestamp: datetime = Field(default_factory=utc_now)


def ok(
    data: DataT, *, message: str | None = None, meta: dict[str, JsonValue] | None = None
) -> Envelope[DataT]:
    """Wrap a route's result in the success envelope."""
    return Envelope(data=data, message=message, meta=meta)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Document error statuses in OpenAPI with the error envelope as their body."""
    return {
        status: {"model": ErrorEnvelope, "description": ERROR_DESCRIPTIONS.get(status, "Error")}
        for status in statuses
    }


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "The request is malformed.",
    401: "Authentication is missing or invalid.",
    403: "The caller may not do this.",
    404: "No such resource.",
    409: "The request conflicts with the current state.",
    413: "The request body is too large.",
    422: "The request failed validation; `details` lists each field.",
    429: "Too many requests; retry after the `Retry-After` seconds.",
    500: "An unexpected error; the body never carries internals.",
    503: "A dependency (such as the database) is unavailable.",
}
