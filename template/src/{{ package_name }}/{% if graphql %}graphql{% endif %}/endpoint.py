"""Mount the GraphQL endpoint at `/api/v1/graphql` (POST, and GET for queries only).

Strawberry answers a request it cannot read (no query, a mutation by GET, an
unknown content type) in plain text; here those refusals leave as our error
envelope with the request id, like every other error of the app.
"""

from typing import Any

from cross_web import HTTPException
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from strawberry.fastapi import GraphQLRouter
from strawberry.types.unset import UNSET

from ..api.error_handlers import error_family
from ..errors import AppError, BadRequestError
from ..infra.settings import API_PREFIX, Settings
from ..security.current_user import PUBLIC_ROUTE
from .context import GraphQLContext, get_context
from .schema import build_schema

GRAPHQL_PATH = f"{API_PREFIX}/graphql"
#: GraphiQL's page loads its scripts and styles from unpkg.com and starts them inline;
#: it is served only when GRAPHQL__GRAPHIQL turns it on, and stays unframeable.
GRAPHIQL_POLICY = (
    "default-src 'none'; "
    "script-src 'unsafe-inline' https://unpkg.com; "
    "style-src 'unsafe-inline' https://unpkg.com; "
    "font-src data: https://unpkg.com; "
    "img-src data: https://unpkg.com; "
    "connect-src 'self'; "
    "frame-ancestors 'none'"
)


def error_for_status(status_code: int) -> type[AppError]:
    """Return our error class for an HTTP status (400 when none has it)."""
    for error in error_family():
        if error.status_code == status_code:
            return error
    return BadRequestError


class EnvelopedGraphQLRouter(GraphQLRouter[GraphQLContext, None]):
    """Strawberry's router, whose refusals become `AppError`s and whose GraphiQL runs.

    The API's strict Content-Security-Policy would keep GraphiQL's scripts from
    loading; its page brings a policy of its own, which the security headers keep.
    """

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:  # noqa: ARG002
        """Serve GraphiQL with the policy its page needs."""
        return HTMLResponse(
            self.graphql_ide_html, headers={"Content-Security-Policy": GRAPHIQL_POLICY}
        )

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """Run the request; raise the `AppError` of a refusal instead of answering in text."""
        try:
            return await super().run(request, context, root_value)
        except HTTPException as refusal:
            raise error_for_status(refusal.status_code)(refusal.reason) from None


def install_graphql(app: FastAPI, settings: Settings) -> None:
    """Add the endpoint to the app; GraphiQL only when `GRAPHQL__GRAPHIQL` turns it on."""
    router = EnvelopedGraphQLRouter(
        build_schema(settings),
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphql.graphiql else None,
        # Strawberry refuses mutations by GET: a link or an image cannot change data.
        allow_queries_via_get=True,
        # No subscriptions: no websocket endpoint to secure.
        subscription_protocols=(),
        include_in_schema=False,
    )
    for route in router.routes:
        # Open at the HTTP level on purpose: each field checks its caller (GRAPHQL-AUTH).
        if isinstance(route, APIRoute):
            route.openapi_extra = PUBLIC_ROUTE
    app.include_router(router, prefix=GRAPHQL_PATH)
