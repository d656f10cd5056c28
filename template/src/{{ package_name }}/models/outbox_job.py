"""The transactional outbox: jobs a request asked for, written in the request's transaction."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin


class OutboxJob(TimestampMixin, Base):
    """One job from the moment it is asked for until it has run (then purged later).

    The row commits or rolls back with the request that wrote it, so a job
    exists exactly when the work that asked for it does. The relay hands due
    rows to the broker (`relayed_at`); a worker claims a row for one attempt
    (`claimed_until`), records the outcome and, on failure, makes the row due
    again after a backoff (`available_at`). `idempotency_key` is unique: the
    same logical job asked for twice is one row, and a row already completed
    is never run again, however often the broker delivers it.
    """

    __tablename__ = "job_outbox"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    attempts: Mapped[int] = mapped_column(default=0)
    available_at: Mapped[datetime] = mapped_column(index=True)
    relayed_at: Mapped[datetime | None]
    claimed_until: Mapped[datetime | None]
    completed_at: Mapped[datetime | None] = mapped_column(index=True)
    last_error: Mapped[str | None] = mapped_column(String(1000))
