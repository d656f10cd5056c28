"""Bodies of the user endpoints. No schema here ever carries a password or hash."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class UserRead(BaseModel):
    """An account as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    full_name: str | None
    is_active: bool
    roles: list[str]
    created_at: datetime
    updated_at: datetime


class UserSelfUpdate(BaseModel):
    """What a user may change about themselves. Roles and status are refused (extra=forbid)."""

    model_config = ConfigDict(extra="forbid")

    full_name: str | None = Field(default=None, max_length=200)


class UserRolesUpdate(BaseModel):
    """The complete new set of roles for a user (admin only)."""

    model_config = ConfigDict(extra="forbid")

    roles: list[str] = Field(min_length=1, max_length=20)
