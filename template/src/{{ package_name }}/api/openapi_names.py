"""Names in the OpenAPI document for the people who generate API clients from it.

Client generators name a function after each operation id and a class after
each schema. FastAPI's defaults read badly there: the id spells out the route
(`read_me_api_v1_users_me_get`), and a generic model's schema is keyed by its
parameters (`Envelope_list_UserRead__`, a class `EnvelopeListUserRead`). Here:

- an operation's id is its route function's name (`read_me`): generators
  group operations by tag already (`api.users.read_me`);
- a schema is keyed by its model's title where FastAPI's key differs, which
  names `Envelope[list[UserRead]]` `UserReadListEnvelope` (api/envelope.py).

The conventions suite keeps both unique and readable (API-DOCUMENTED).
"""

from collections import Counter
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

SCHEMA_REF = "#/components/schemas/"


def operation_id(route: APIRoute) -> str:
    """Name an operation after its route function: `register`, `list_products`."""
    return route.name


def use_readable_schema_names(app: FastAPI) -> None:
    """Key the app's OpenAPI schemas by their titles, as the document is first built."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        document = app.openapi_schema
        if document is None:
            document = app.openapi_schema = keyed_by_title(build())
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def keyed_by_title(document: dict[str, Any]) -> dict[str, Any]:
    """Rename each schema whose title differs from its key, where no other has that name.

    Two models with one title keep FastAPI's keys, for the conventions suite to report.
    """
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    titles = Counter(schema.get("title") for schema in schemas.values())
    renames = {
        key: title
        for key, schema in schemas.items()
        if isinstance(title := schema.get("title"), str)
        and title.isidentifier()
        and title not in schemas
        and titles[title] == 1
    }
    if not renames:
        return document
    document["components"]["schemas"] = {
        renames.get(key, key): schema for key, schema in schemas.items()
    }
    renamed: dict[str, Any] = _with_refs_renamed(document, renames)
    return renamed


def _with_refs_renamed(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, list):
        return [_with_refs_renamed(item, renames) for item in node]
    if not isinstance(node, dict):
        return node
    renamed = {key: _with_refs_renamed(value, renames) for key, value in node.items()}
    reference = renamed.get("$ref")
    if isinstance(reference, str) and reference.startswith(SCHEMA_REF):
        name = reference.removeprefix(SCHEMA_REF)
        renamed["$ref"] = SCHEMA_REF + renames.get(name, name)
    return renamed
