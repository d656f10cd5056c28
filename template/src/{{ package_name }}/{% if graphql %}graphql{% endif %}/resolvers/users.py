"""The current user's profile, and user administration for those allowed."""

import strawberry

from ...api.pagination import DEFAULT_PAGE_SIZE
from ...routes.users import USERS_READ, get_user_service
from ...schemas.user import UserListQuery, UserSelfUpdate
from ...services.users import UserService
from ..connection import Connection, connection
from ..context import GraphQLInfo
from ..inputs import parse_input, sent
from ..permissions import Authenticated, current_user, require
from ..types.user import UpdateMeInput, UserType


async def user_service(info: GraphQLInfo) -> UserService:
    """Build the request's user service, as the REST routes do."""
    return await get_user_service(info.context.session, info.context.components)


@strawberry.type
class Query:
    """Reading accounts."""

    @strawberry.field(permission_classes=[Authenticated], description="The signed-in user.")
    async def me(self, info: GraphQLInfo) -> UserType:
        """Return the caller's account."""
        return UserType.from_row(await current_user(info))

    @strawberry.field(
        permission_classes=[require(USERS_READ)],
        description="One page of accounts, oldest first unless `sort` says otherwise.",
    )
    async def users(
        self,
        info: GraphQLInfo,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        sort: str = "created_at",
        email: str | None = None,
        is_active: bool | None = None,
    ) -> Connection[UserType]:
        """Return the page REST's `GET /users` would, as a connection."""
        query = parse_input(
            UserListQuery,
            page_size=first,
            cursor=after,
            sort=sort,
            email=email,
            is_active=is_active,
        )
        service = await user_service(info)
        return connection(await service.list_page(query), UserType.from_row)


@strawberry.type
class Mutation:
    """Changing your own account."""

    @strawberry.mutation(
        permission_classes=[Authenticated],
        description="Change the profile fields you send; the others keep their values.",
    )
    async def update_me(self, info: GraphQLInfo, changes: UpdateMeInput) -> UserType:
        """Apply the changes through the service REST's `PATCH /users/me` calls."""
        body = parse_input(UserSelfUpdate, **sent(changes))
        service = await user_service(info)
        updated = await service.update_profile(await current_user(info), body)
        return UserType.from_row(updated)
