"""Roles and the permissions they grant.

Permissions are strings named `<resource>:<action>` (`users:read`). A role
maps to the set it grants. Features grant their own permissions with
`grant()` at import time, next to the routes that check them, so the
complete, explicit list is always beside the code it protects.
"""

from collections.abc import Iterable

USER_ROLE = "user"
ADMIN_ROLE = "admin"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    USER_ROLE: set(),
    ADMIN_ROLE: set(),
}


def known_roles() -> frozenset[str]:
    """Every role a user may be given."""
    return frozenset(ROLE_PERMISSIONS)


def grant(role: str, *permissions: str) -> None:
    """Give `role` the `permissions` (used by feature modules when they load)."""
    ROLE_PERMISSIONS.setdefault(role, set()).update(permissions)


def has_permission(roles: Iterable[str], permission: str) -> bool:
    """Whether any of `roles` grants `permission`."""
    return any(permission in ROLE_PERMISSIONS.get(role, ()) for role in roles)
