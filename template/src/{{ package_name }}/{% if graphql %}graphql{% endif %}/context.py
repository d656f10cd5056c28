"""What every resolver gets as `info.context`: the request's session, components and caller.

The context is built by a FastAPI dependency, so the database session is the
request's own (`DbSession`: one commit when the request succeeds) and the
bearer token is read by the same scheme REST uses. The caller is verified
lazily, by `principal()`, with `get_principal` itself: public fields never
need a token, and every other field checks it the way REST does.
"""

import asyncio
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.fastapi import BaseContext
from strawberry.types import Info

from ..api.rate_limits.limiter import rate_limit
from ..components import AppComponents, Components
from ..infra.database import DbSession
from ..security.current_user import Principal, bearer_scheme, get_principal
from .loaders import Loaders

#: The endpoint's own per-client budget, beside the general one every request counts
#: against; `RATE_LIMITS__ROUTES='{"graphql": "..."}'` changes it.
GRAPHQL_RATE_LIMIT = "300/minute"


class GraphQLContext(BaseContext):
    """The request's session, the app's components and, once asked for, the caller."""

    def __init__(
        self,
        http_request: Request,
        session: AsyncSession,
        components: AppComponents,
        token: str | None,
    ) -> None:
        super().__init__()
        self.http_request = http_request
        self.session = session
        self.components = components
        self.token = token
        #: Held around each dataloader batch and the caller's lookup: one session runs one
        #: query at a time, and root fields already resolve one after the other.
        self.session_lock = asyncio.Lock()
        self.loaders = Loaders(self.session_lock)
        self._principal: Principal | None = None

    async def principal(self) -> Principal:
        """Return the verified caller; `UnauthorizedError` for a missing or bad token."""
        async with self.session_lock:  # the fields of a list item may ask at the same time
            if self._principal is None:
                self._principal = await get_principal(
                    self.http_request,
                    self.token,
                    self.session,
                    self.components.token_service,
                )
        return self._principal


async def get_context(
    request: Request,
    session: DbSession,
    components: Components,
    token: Annotated[str | None, Depends(bearer_scheme)],
    _budget: Annotated[None, rate_limit("graphql", GRAPHQL_RATE_LIMIT)],
) -> GraphQLContext:
    """Build the context of one GraphQL request (a FastAPI dependency)."""
    return GraphQLContext(request, session, components, token)


#: What resolvers declare as their `info` parameter.
GraphQLInfo = Info[GraphQLContext, None]
