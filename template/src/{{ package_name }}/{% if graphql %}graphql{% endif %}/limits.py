"""What a single GraphQL query may ask for: depth, aliases, size, and one field at a time.

A GraphQL client writes its own query, so a hostile one can nest relations a
hundred levels deep, repeat one expensive field under a thousand aliases, or
send a megabyte of tokens. The validation rules here refuse such a query
before any resolver runs (`BAD_REQUEST`, naming the limit); the numbers are
`GRAPHQL__*` settings. Introspection is off in production unless
`GRAPHQL__INTROSPECTION` turns it on: the schema is then not a map for
attackers. The per-client request budget is the REST one (`context.py`).

`SerialExecutionContext` resolves root fields one after the other, as
mutations always are: every resolver shares the request's one database
session, which must not run two statements at once.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from graphql import GraphQLObjectType
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from ..infra.http_settings import GraphQLSettings

ExtensionFactory = Callable[[], SchemaExtension]


def limit_extensions(settings: GraphQLSettings, *, production: bool) -> list[ExtensionFactory]:
    """Return factories of the extensions that enforce the configured limits.

    Factories, not instances: Strawberry builds each extension anew per
    operation, so concurrent requests never share one.
    """
    extensions: list[ExtensionFactory] = [
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(QueryDepthLimiter, max_depth=settings.max_depth),
        partial(MaxAliasesLimiter, max_alias_count=settings.max_aliases),
    ]
    if not introspection_enabled(settings, production=production):
        extensions.append(DisableIntrospection)
    return extensions


def introspection_enabled(settings: GraphQLSettings, *, production: bool) -> bool:
    """Whether the schema describes itself: the setting, else everywhere but production."""
    return settings.introspection if settings.introspection is not None else not production


class SerialExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Resolve a query's root fields one after the other (one session, one statement)."""

    def execute_root_grouped_field_set(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: Any,
        serially: bool,  # noqa: ARG002 - always serial, see the class docstring
        position_context: Any,
    ) -> Any:
        """Run the root fields serially, whatever the operation."""
        return super().execute_root_grouped_field_set(
            root_type, root_value, grouped_field_set, True, position_context
        )
