"""VALIDATE-AT-BOUNDARY: every JSON request body refuses fields it does not declare.

Checked on the OpenAPI document, where pydantic's `extra="forbid"` shows as
`additionalProperties: false`: a body model that silently drops unknown fields
today starts accepting `roles` or `is_active` the day someone adds that field.
"""

from typing import Any

from fastapi import FastAPI

from .introspection import fail


def lenient_objects(schema: Any, schemas: dict[str, Any], seen: set[str]) -> list[str]:
    """Titles of object schemas inside `schema` that accept undeclared properties."""
    if isinstance(schema, list):
        return [hit for item in schema for hit in lenient_objects(item, schemas, seen)]
    if not isinstance(schema, dict):
        return []
    hits: list[str] = []
    if (reference := schema.get("$ref")) and (name := reference.rsplit("/", 1)[-1]) not in seen:
        seen.add(name)
        hits.extend(lenient_objects(schemas[name], schemas, seen))
    # An object with declared properties is a record; without them it is a free-form map.
    if "properties" in schema and schema.get("additionalProperties") is not False:
        hits.append(str(schema.get("title", "an inline object")))
    for key, value in schema.items():
        if key != "$ref":
            hits.extend(lenient_objects(value, schemas, seen))
    return hits


def test_request_bodies_refuse_unknown_fields(app: FastAPI) -> None:
    openapi = app.openapi()
    schemas = openapi.get("components", {}).get("schemas", {})
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            lenient = lenient_objects(content["application/json"]["schema"], schemas, set())
            assert not lenient, fail(
                "VALIDATE-AT-BOUNDARY",
                f"{method.upper()} {path} accepts unknown fields in {sorted(set(lenient))}; "
                'give the body model `model_config = ConfigDict(extra="forbid")`',
            )
