"""Who may resolve a field: the same token and permission checks as REST.

Every root field names exactly one of these in `permission_classes`:
`Public` for fields anyone may call (said explicitly, so the conventions
tests can tell forgotten auth from intended openness), `Authenticated` for
any signed-in user, `RequirePermission("users:read")` for a permission.
The checks raise the `AppError`s REST raises (401 `UNAUTHORIZED`, 403
`FORBIDDEN`), which reach the client as the error's `extensions.code`.
"""

from typing import Any, ClassVar

from strawberry.permission import BasePermission
from strawberry.types import Info

from ..models.user import User
from ..security.current_user import PermissionRequirement
from .context import GraphQLContext


async def current_user(info: Info[GraphQLContext, None]) -> User:
    """Return the verified caller of a field (401 when the token is missing or bad)."""
    return (await info.context.principal()).user


class Public(BasePermission):
    """Anyone may resolve the field, with or without a token."""

    def has_permission(
        self,
        source: Any,  # noqa: ARG002 - Strawberry's signature
        info: Info[GraphQLContext, None],  # noqa: ARG002
        **kwargs: Any,  # noqa: ARG002
    ) -> bool:
        """Allow anyone."""
        return True


class Authenticated(BasePermission):
    """Any signed-in user may resolve the field."""

    message = "Authentication is required."

    async def has_permission(
        self,
        source: Any,  # noqa: ARG002 - Strawberry's signature
        info: Info[GraphQLContext, None],
        **kwargs: Any,  # noqa: ARG002
    ) -> bool:
        """Allow a verified caller; raise 401 otherwise."""
        await current_user(info)
        return True


class RequirePermission(BasePermission):
    """Users whose roles grant `permission` may resolve the field (else 403)."""

    message = "You do not have permission to do this."
    #: The permission this class checks, for the conventions tests (see `require`).
    permission: ClassVar[str] = ""

    async def has_permission(
        self,
        source: Any,  # noqa: ARG002 - Strawberry's signature
        info: Info[GraphQLContext, None],
        **kwargs: Any,  # noqa: ARG002
    ) -> bool:
        """Allow when REST's `PermissionRequirement` would; raise 401 or 403 otherwise."""
        await PermissionRequirement(self.permission)(await current_user(info))
        return True


def require(permission: str) -> type[RequirePermission]:
    """Build the permission class for one permission: `permission_classes=[require("x:read")]`.

    Strawberry instantiates permission classes without arguments, hence a class
    per permission rather than an instance.
    """
    return type(f"Require_{permission}", (RequirePermission,), {"permission": permission})
