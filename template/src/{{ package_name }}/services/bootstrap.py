"""First-run data: the first administrator, and demo accounts for development."""

from typing import Literal

from ..security.rbac import ADMIN_ROLE, USER_ROLE
from .users import UserService

DEMO_PASSWORD = "demo-password-for-development"  # noqa: S105 - development seed only
DEMO_ACCOUNTS = (
    ("admin@example.com", "Demo Admin", [USER_ROLE, ADMIN_ROLE]),
    ("user@example.com", "Demo User", [USER_ROLE]),
)


async def create_admin(
    users: UserService, email: str, password: str
) -> Literal["created", "promoted"]:
    """Create an administrator, or give an existing account the admin role."""
    existing = await users.find_by_email(email)
    if existing is None:
        await users.register(email, password, roles=[USER_ROLE, ADMIN_ROLE])
        return "created"
    existing.roles = sorted({*existing.roles, ADMIN_ROLE})
    return "promoted"


async def seed_demo_accounts(users: UserService) -> list[str]:
    """Create the demo accounts that do not exist yet; return the emails created."""
    created = []
    for email, full_name, roles in DEMO_ACCOUNTS:
        if await users.find_by_email(email) is None:
            await users.register(email, DEMO_PASSWORD, full_name=full_name, roles=roles)
            created.append(email)
    return created
