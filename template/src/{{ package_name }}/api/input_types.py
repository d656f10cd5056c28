"""Types for request fields whose values every supported database can store.

Pydantic accepts some values a database then refuses: a NUL character or a
lone surrogate in text (PostgreSQL, and any UTF-8 encoder), a timestamp whose
offset pushes it outside the years UTC can express. Refusing them at the
boundary makes them a 422 naming the field instead of a 500 at INSERT.
"""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime


def _storable_text(value: str) -> str:
    if "\x00" in value:
        msg = "must not contain NUL characters"
        raise ValueError(msg)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        msg = "must be valid Unicode text"
        raise ValueError(msg) from exc
    return value


def _in_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        msg = "is out of range in UTC"
        raise ValueError(msg) from exc


#: Text any database stores as given.
StoredText = Annotated[str, AfterValidator(_storable_text)]
#: A timestamp with an offset (naive ones are refused), converted to UTC.
UtcTimestamp = Annotated[AwareDatetime, AfterValidator(_in_utc)]
