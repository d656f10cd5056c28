"""How an account looks in GraphQL: the fields of REST's `UserRead`, never a password hash."""

import uuid
from datetime import datetime

import strawberry

from ...models.user import User
from ...schemas.user import UserRead


@strawberry.type(name="User")
class UserType:
    """An account."""

    id: uuid.UUID
    email: str
    full_name: str | None
    is_active: bool
    roles: list[str]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, user: User | UserRead) -> "UserType":
        """Show an account through REST's public view, so both APIs expose the same fields."""
        view = UserRead.model_validate(user)
        return cls(**view.model_dump())


@strawberry.input
class UpdateMeInput:
    """The profile fields to change; those left out keep their values."""

    full_name: str | None = strawberry.UNSET
