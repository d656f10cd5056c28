"""Jobs that failed every attempt, kept for an administrator to read and retry."""

import uuid
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin


class DeadLetter(TimestampMixin, Base):
    """A job given up on after its last attempt; `created_at` is when.

    Payloads hold identifiers, never secrets (a reset job carries the user's
    id and creates the token when it runs), so listing them is safe for an admin.
    """

    __tablename__ = "job_dead_letters"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    job_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(200))
    attempts: Mapped[int]
    last_error: Mapped[str | None] = mapped_column(String(1000))
