"""HTTP routes, one module a feature, found by discovery.

Every module here that defines `router` is included under the API prefix
(`/api/v1`). A module that sets `UNVERSIONED = True` (only infrastructure such
as health probes) is mounted at the root instead. Adding a feature therefore
never means editing a central list, and `scaffold add resource` never touches
a file the template owns.
"""

import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType

from fastapi import APIRouter, FastAPI

from ..api.envelope import error_responses

# Any request can be malformed (400), too large (413), invalid (422), over its
# client's budget (429) or hit a bug (500); say so in OpenAPI.
COMMON_ERROR_RESPONSES = error_responses(400, 413, 422, 429, 500)


def discover_route_modules() -> Iterator[ModuleType]:
    """Yield each module of this package that defines a `router`."""
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        if isinstance(getattr(module, "router", None), APIRouter):
            yield module


def include_routers(app: FastAPI, api_prefix: str) -> None:
    """Mount every discovered router, versioned unless it opts out."""
    for module in discover_route_modules():
        prefix = "" if getattr(module, "UNVERSIONED", False) else api_prefix
        app.include_router(module.router, prefix=prefix, responses=COMMON_ERROR_RESPONSES)
