"""Bodies of the dead-letter endpoints (jobs that failed every attempt)."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..api.input_types import StoredText
from ..api.pagination import ListQuery


class DeadLetterRead(BaseModel):
    """A job given up on: what it was, how often it ran, and its last error."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    job_id: uuid.UUID
    name: str
    payload: dict[str, Any]
    idempotency_key: str
    attempts: int
    last_error: str | None
    created_at: datetime


class DeadLetterListQuery(ListQuery):
    """How to sort and filter dead letters (newest first by default)."""

    sort: Literal["created_at", "-created_at"] = "-created_at"
    name: StoredText | None = Field(default=None, max_length=200)
