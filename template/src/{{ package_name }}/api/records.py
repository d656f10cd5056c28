"""Persistence steps that resource services share, with their failures as `AppError`s.

Constraint violations only surface when the session flushes. Flushing at once,
inside a savepoint, turns them into a 409 where the service knows what the
conflict means, instead of a 500 when the request commits.
"""

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import ConflictError, ValidationError


async def flush_or_conflict(session: AsyncSession, message: str) -> None:
    """Write pending changes now; a unique or foreign key violation becomes a 409."""
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise ConflictError(message) from exc


async def ensure_exists(
    session: AsyncSession,
    model: type[object],
    row_id: uuid.UUID,
    *,
    field: str,
    where: Sequence[ColumnElement[bool]] = (),
) -> None:
    """Refuse a reference (`field`) to a row that does not exist or is out of reach: 422.

    Checked before writing, so a dangling id is the client's mistake with a
    clear message, not a foreign key error; `where` narrows what may be
    referenced (say, rows of the same owner).
    """
    (id_column,) = inspect(model).primary_key
    found = await session.scalar(select(id_column).where(id_column == row_id, *where))
    if found is None:
        raise ValidationError(
            details=[{"field": field, "message": "No such record.", "type": "not_found"}]
        )
