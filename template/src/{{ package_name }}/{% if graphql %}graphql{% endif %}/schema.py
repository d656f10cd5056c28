"""The schema: every resolver module's root types merged, with the limits and error codes.

Built once per app by `endpoint.install_graphql`, from the app's settings.
"""

import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import strawberry
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from ..infra.settings import Settings
from . import resolvers
from .errors import AppErrors
from .limits import SerialExecutionContext, limit_extensions


def resolver_modules() -> Iterator[ModuleType]:
    """Yield each module of `resolvers/`, in name order."""
    for info in sorted(pkgutil.iter_modules(resolvers.__path__), key=lambda item: item.name):
        yield importlib.import_module(f"{resolvers.__name__}.{info.name}")


def root_types(kind: str) -> tuple[type, ...]:
    """Return every resolver module's `Query` (or `Mutation`) type."""
    return tuple(module.__dict__[kind] for module in resolver_modules() if kind in module.__dict__)


class AppSchema(strawberry.Schema):
    """Strawberry's schema, minus its logging of every error.

    Strawberry logs each error, the client's own mistakes included, with the
    whole query; `errors.AppErrors` logs the unexpected ones, with their
    traceback and the request id, like the REST side's 500s.
    """

    def process_errors(
        self,
        errors: list[Any],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        """Leave logging to `errors.AppErrors`."""


def build_schema(settings: Settings) -> strawberry.Schema:
    """Assemble the schema the settings describe."""
    production = settings.app.environment == "production"
    mutations = root_types("Mutation")
    return AppSchema(
        query=merge_types("Query", root_types("Query")),
        mutation=merge_types("Mutation", mutations) if mutations else None,
        extensions=[*limit_extensions(settings.graphql, production=production), AppErrors],
        execution_context_class=SerialExecutionContext,
    )
