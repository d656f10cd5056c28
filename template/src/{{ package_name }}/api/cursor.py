"""Opaque cursors for keyset pagination: where the last page ended, as one URL-safe string.

A cursor is base64url-encoded JSON naming the sort order it was made for and
the sort key and id of the last row sent; the next page starts strictly after
that pair. Clients pass it back unchanged, so its format can change without
breaking them. It is neither secret nor signed: a forged cursor can only start
a page somewhere else, which filters allow anyway, and its values are checked
against the column types before they reach SQL: a value of the wrong type,
or one no database can compare (a timestamp beyond what UTC expresses, an
integer wider than 64 bits, text with NUL), is the client's 422, never a 500.
"""

import base64
import binascii
import json
import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, JsonValue, WithJsonSchema
from pydantic import ValidationError as PydanticValidationError

from .input_types import INT64_MAX, INT64_MIN, database_text_problem, in_utc

MAX_CURSOR_LENGTH = 1024
#: Digits before or after the point; no column holds more (PostgreSQL's NUMERIC caps at 1000).
MAX_DECIMAL_EXPONENT = 1000


class CursorPosition(BaseModel):
    """A decoded cursor: the sort it belongs to and the (sort key, id) of the last row."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sort: str
    after: tuple[JsonValue, JsonValue]


def encode_cursor(sort: str, sort_value: object, row_id: object) -> str:
    """Make the cursor that continues after a row with these sort key and id."""
    position = {"sort": sort, "after": [to_json(sort_value), to_json(row_id)]}
    raw = json.dumps(position, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str) -> CursorPosition:
    """Read a cursor made by `encode_cursor`; `ValueError` for anything else."""
    if len(text) > MAX_CURSOR_LENGTH:
        msg = "the cursor is too long"
        raise ValueError(msg)
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return CursorPosition.model_validate_json(raw)
    except (binascii.Error, PydanticValidationError) as exc:
        msg = "not a cursor from this API; start again without one"
        raise ValueError(msg) from exc


def _parse_cursor(value: Any) -> Any:
    return decode_cursor(value) if isinstance(value, str) else value


#: The `cursor` query parameter: a string on the wire, a `CursorPosition` in code.
Cursor = Annotated[
    CursorPosition | None,
    BeforeValidator(_parse_cursor),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": MAX_CURSOR_LENGTH,
            "description": "Continue after the previous page: its `meta.next_cursor`, unchanged.",
        }
    ),
]


def to_json(value: object) -> JsonValue:
    """Write a sort key or id as JSON; types JSON lacks become their ISO or decimal text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    msg = f"cannot put a {type(value).__name__} in a cursor"
    raise TypeError(msg)


def from_json(value: JsonValue, python_type: type[Any]) -> object:
    """Read back what `to_json` wrote for a column holding `python_type`.

    `ValueError` when the value cannot be of that type, so a tampered cursor
    is the client's error (422), never a database error (500).
    """
    if python_type is bool and isinstance(value, bool):
        return value
    if python_type is int and isinstance(value, int) and not isinstance(value, bool):
        if not INT64_MIN <= value <= INT64_MAX:
            msg = "out of range"
            raise ValueError(msg)
        return value
    if python_type is str and isinstance(value, str):
        if problem := database_text_problem(value):
            raise ValueError(problem)
        return value
    if isinstance(value, str):
        try:
            return _parse_text(value, python_type)
        except (ValueError, InvalidOperation) as exc:
            msg = f"not a valid {python_type.__name__}"
            raise ValueError(msg) from exc
    msg = f"expected a {python_type.__name__}"
    raise ValueError(msg)


def _parse_text(value: str, python_type: type[Any]) -> object:
    if python_type is datetime:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            msg = "naive timestamp"
            raise ValueError(msg)
        return in_utc(parsed)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is Decimal:
        number = Decimal(value)
        if not number.is_finite() or abs(number.adjusted()) > MAX_DECIMAL_EXPONENT:
            msg = "not a finite number of a sensible size"
            raise ValueError(msg)
        return number
    if python_type is uuid.UUID:
        return uuid.UUID(value)
    msg = f"unsupported column type {python_type.__name__}"
    raise ValueError(msg)
