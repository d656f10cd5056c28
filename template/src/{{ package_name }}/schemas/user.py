"""Bodies of the user endpoints. No schema here ever carries a password or hash."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..api.input_types import StoredText
from ..api.pagination import ListQuery
from ..api.partial_update import PartialUpdate
from .auth import Email

#: How role names are written (`security.rbac` says which exist).
RoleName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_:-]*$", max_length=64)]


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


class UserSelfUpdate(PartialUpdate):
    """What a user may change about themselves (PATCH): only the fields sent change.

    Roles, status and email are refused like any unknown field (422).
    """

    full_name: StoredText | None = Field(default=None, max_length=200)


class UserRolesUpdate(BaseModel):
    """The complete new set of roles for a user (admin only)."""

    model_config = ConfigDict(extra="forbid")

    roles: list[RoleName] = Field(min_length=1, max_length=20)


class UserListQuery(ListQuery):
    """How to sort and filter the user list."""

    sort: Literal["created_at", "-created_at", "email", "-email"] = "created_at"
    email: Email | None = None
    is_active: bool | None = None
