"""GraphQL errors that speak our error codes, and never leak internals.

GraphQL answers 200 with an `errors` list; each error here carries
`extensions.code` (the `AppError` code a service raised: `NOT_FOUND`,
`FORBIDDEN`, `VALIDATION_ERROR`...), the request id, and the error's details.
Anything else a resolver raises (a bug, a database failure) is logged with its
traceback and reaches the client only as `INTERNAL_ERROR` with a fixed
message: no traceback, SQL or exception text. A query the server refused to
run (a syntax error, an unknown field, a limit) is `BAD_REQUEST` with
graphql-core's message, which describes the query, not the server.

When an operation has errors its changes roll back, as a failed REST request's
do, unless the error asks to keep them (`AppError.commit_changes`).
"""

import logging
from collections.abc import AsyncIterator

from graphql import GraphQLError
from pydantic import JsonValue
from strawberry.extensions import SchemaExtension

from ..errors import AppError, BadRequestError, InternalError
from ..infra.request_context import current_request_id
from .context import GraphQLContext

logger = logging.getLogger(__name__)


def is_request_error(error: GraphQLError) -> bool:
    """Whether the client's document or variables are at fault, before any field ran.

    Such errors have no field path: a syntax error, an unknown field, a limit,
    or a variable its type cannot read (`"not-a-uuid"` for a `UUID!`). An error
    with a path and no `AppError` behind it (an exception, a null where the
    schema promised a value) is the server's.
    """
    return error.path is None


def client_error(error: GraphQLError) -> GraphQLError:
    """Rewrite one error for the client: our code and, for the unexpected, a fixed message."""
    cause = error.original_error
    extensions: dict[str, JsonValue] = {"request_id": current_request_id()}
    if isinstance(cause, AppError):
        message, extensions["code"] = cause.message, cause.code
        if cause.details is not None:
            extensions["details"] = cause.details
    elif is_request_error(error):
        message, extensions["code"] = error.message, BadRequestError.code
    else:
        logger.error("GraphQL field failed: %s", error.message, exc_info=cause)
        message, extensions["code"] = InternalError.default_message, InternalError.code
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


class AppErrors(SchemaExtension):
    """Give every error our code and the request id; roll back an operation that failed."""

    async def on_operation(self) -> AsyncIterator[None]:
        """Rewrite the errors of the finished operation, and undo its changes if any failed."""
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if not errors:
            return
        keep = any(
            isinstance(error.original_error, AppError) and error.original_error.commit_changes
            for error in errors
        )
        context = self.execution_context.context
        if not keep and isinstance(context, GraphQLContext):
            await context.session.rollback()
        result.errors = [client_error(error) for error in errors]  # type: ignore[union-attr]
