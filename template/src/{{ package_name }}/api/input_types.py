"""Types for request values whose every accepted value each supported database can store.

Pydantic accepts some values a database then refuses: a NUL character or a
lone surrogate in text (PostgreSQL, and any UTF-8 encoder), a timestamp whose
offset pushes it outside the years UTC can express, an integer wider than 64
bits. Refusing them at the boundary makes them a 422 naming the field instead
of a 500 at INSERT or in a WHERE clause.

`StoredText` is the one type for text a client sends and the app keeps (user
names, every `str` or `text` field of a resource; the STORED-TEXT convention
checks it): besides what breaks a database, it refuses the control characters
that have no business in stored text (they hide content from people reading
it, break log lines and terminal output), keeping tab and line breaks.
"""

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

#: Text without C0 controls (tab, line feed and carriage return allowed), DEL or C1 controls;
#: JSON Schema syntax, which Python's `re` reads the same way.
CONTROL_FREE_PATTERN = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
_CONTROL_FREE = re.compile(CONTROL_FREE_PATTERN)
#: The signed 64-bit range: the widest integer column of every supported database.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def database_text_problem(value: str) -> str | None:
    """Why no database would take `value` as text, or None when all of them would."""
    if "\x00" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text"
    return None


def _storable_text(value: str) -> str:
    problem = database_text_problem(value)
    if problem is None and _CONTROL_FREE.fullmatch(value) is None:
        problem = "must not contain control characters (tab and line breaks are fine)"
    if problem is not None:
        raise ValueError(problem)
    return value


class _DocumentedAsControlFree:
    """Publish the rule as the field's JSON Schema `pattern`.

    Clients and schema-driven test generators (Schemathesis) then know which
    text is refused, and the STORED-TEXT convention can see the type was used.
    """

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["pattern"] = CONTROL_FREE_PATTERN
        return schema


def in_utc(value: datetime) -> datetime:
    """Convert an aware timestamp to UTC; `ValueError` when UTC cannot express it."""
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        msg = "is out of range in UTC"
        raise ValueError(msg) from exc


#: Text a client sends and the app stores: storable everywhere, no stray control characters.
StoredText = Annotated[str, AfterValidator(_storable_text), _DocumentedAsControlFree()]
#: A timestamp with an offset (naive ones are refused), converted to UTC.
UtcTimestamp = Annotated[AwareDatetime, AfterValidator(in_utc)]
