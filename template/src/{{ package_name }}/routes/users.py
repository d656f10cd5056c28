"""The current user's profile, and user administration for those allowed."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from ..api.envelope import Envelope, error_responses, ok
from ..api.etag import NOT_MODIFIED_RESPONSE, ConditionalGet
from ..components import Components
from ..infra.database import DbSession
from ..models.user import User
from ..schemas.user import UserListQuery, UserRead, UserRolesUpdate, UserSelfUpdate
from ..security.current_user import CurrentUser, require_permission
from ..security.rbac import ADMIN_ROLE, grant
from ..services.users import UserService

router = APIRouter(prefix="/users", tags=["users"], responses=error_responses(401, 403))

USERS_READ = "users:read"
USERS_WRITE = "users:write"
USERS_DELETE = "users:delete"
grant(ADMIN_ROLE, USERS_READ, USERS_WRITE, USERS_DELETE)


async def get_user_service(db: DbSession, components: Components) -> UserService:
    """Build the request's user service, reading through the app's cache."""
    return UserService(db, components.password_hasher, components.cache)


Users = Annotated[UserService, Depends(get_user_service)]


@router.get("/me", summary="My profile", responses=NOT_MODIFIED_RESPONSE)
async def read_me(user: CurrentUser, conditional: ConditionalGet) -> Envelope[UserRead]:
    """Return the signed-in user's account (with an `ETag`; `If-None-Match` gives 304)."""
    return ok(conditional.check(UserRead.model_validate(user)))


@router.patch("/me", summary="Update my profile")
async def update_me(body: UserSelfUpdate, user: CurrentUser, users: Users) -> Envelope[UserRead]:
    """Change only the fields of your profile you send; the others keep their values.

    Roles, active status and email cannot be changed here (422).
    """
    updated = await users.update_profile(user, body)
    return ok(UserRead.model_validate(updated))


@router.get("", summary="List users")
async def list_users(
    query: Annotated[UserListQuery, Query()],
    _admin: Annotated[User, require_permission(USERS_READ)],
    users: Users,
) -> Envelope[list[UserRead]]:
    """One page of accounts (`users:read`).

    Oldest first, unless `sort` names another order (a `-` prefix reverses it);
    filter by `email` or `is_active`. Pass `meta.next_cursor` back as `cursor`
    for the next page, or ask for a `page` by number (deep pages are slower);
    `with_total=true` adds `meta.total`.
    """
    page = await users.list_page(query)
    return ok([UserRead.model_validate(row) for row in page.items], meta=page.meta)


@router.get(
    "/{user_id}",
    summary="Read a user",
    responses={**error_responses(404), **NOT_MODIFIED_RESPONSE},
)
async def read_user(
    user_id: uuid.UUID,
    _admin: Annotated[User, require_permission(USERS_READ)],
    users: Users,
    conditional: ConditionalGet,
) -> Envelope[UserRead]:
    """One account by id (`users:read`), with an `ETag`; `If-None-Match` gives 304."""
    return ok(conditional.check(await users.read(user_id)))


@router.put("/{user_id}/roles", summary="Set a user's roles", responses=error_responses(404, 409))
async def set_user_roles(
    user_id: uuid.UUID,
    body: UserRolesUpdate,
    admin: Annotated[User, require_permission(USERS_WRITE)],
    users: Users,
) -> Envelope[UserRead]:
    """Replace the user's roles with the given set (`users:write`)."""
    return ok(UserRead.model_validate(await users.set_roles(admin, user_id, body.roles)))


@router.post(
    "/{user_id}/deactivate", summary="Deactivate a user", responses=error_responses(404, 409)
)
async def deactivate_user(
    user_id: uuid.UUID, admin: Annotated[User, require_permission(USERS_WRITE)], users: Users
) -> Envelope[UserRead]:
    """Disable the account; every session it has ends immediately (`users:write`)."""
    return ok(UserRead.model_validate(await users.deactivate(admin, user_id)))


@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a user",
    responses=error_responses(404, 409),
)
async def delete_user(
    user_id: uuid.UUID, admin: Annotated[User, require_permission(USERS_DELETE)], users: Users
) -> Response:
    """Delete the account and its sessions (`users:delete`)."""
    await users.delete(admin, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
