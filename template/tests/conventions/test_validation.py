"""VALIDATE-AT-BOUNDARY and STORED-TEXT: request bodies declare every field and type all text.

Checked on the OpenAPI document, where pydantic's `extra="forbid"` shows as
`additionalProperties: false`: a body model that silently drops unknown fields
today starts accepting `roles` or `is_active` the day someone adds that field.
`StoredText` shows as its `pattern`: a plain `str` field lets NUL (a 500 on
PostgreSQL) and control characters (hidden text, forged log lines) into the data.
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


def unchecked_text(schema: Any, schemas: dict[str, Any], seen: set[str], name: str) -> list[str]:
    """Names of free-form string properties inside `schema`: no pattern, format, enum or const.

    A string next to a number (a decimal, which JSON may carry as text) is a number.
    """
    if isinstance(schema, list):
        return [hit for item in schema for hit in unchecked_text(item, schemas, seen, name)]
    if not isinstance(schema, dict):
        return []
    hits: list[str] = []
    if (reference := schema.get("$ref")) and (ref_name := reference.rsplit("/", 1)[-1]) not in seen:
        seen.add(ref_name)
        hits.extend(unchecked_text(schemas[ref_name], schemas, seen, ref_name))
    alternatives = schema.get("anyOf", [])
    if any(option.get("type") in {"number", "integer"} for option in alternatives):
        alternatives = [option for option in alternatives if option.get("type") != "string"]
    if schema.get("type") == "string" and not {"pattern", "format", "enum", "const"} & set(schema):
        hits.append(name)
    for key, value in schema.items():
        if key == "properties":
            for prop, prop_schema in value.items():
                hits.extend(unchecked_text(prop_schema, schemas, seen, prop))
        elif key == "anyOf":
            hits.extend(unchecked_text(alternatives, schemas, seen, name))
        elif key != "$ref":
            hits.extend(unchecked_text(value, schemas, seen, name))
    return hits


def test_request_text_is_stored_text(app: FastAPI) -> None:
    openapi = app.openapi()
    schemas = openapi.get("components", {}).get("schemas", {})
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            bodies = (
                [content["application/json"]["schema"]] if "application/json" in content else []
            )
            # Query values reach SQL as filters; the cursor is opaque and checked by its own type.
            filters = [
                (parameter["name"], parameter["schema"])
                for parameter in operation.get("parameters", [])
                if parameter["in"] == "query" and parameter["name"] != "cursor"
            ]
            unchecked = unchecked_text(bodies, schemas, set(), "body") + [
                hit
                for name, schema in filters
                for hit in unchecked_text(schema, schemas, set(), name)
            ]
            assert not unchecked, fail(
                "STORED-TEXT",
                f"{method.upper()} {path} takes free-form text in {sorted(set(unchecked))}; "
                "type it `StoredText` (api/input_types.py) so control characters and NUL "
                "are a 422, or give it a pattern or format",
            )
