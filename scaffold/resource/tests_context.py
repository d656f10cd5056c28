"""What a resource's generated tests are made from: imports, samples, rows to point at."""

from collections.abc import Mapping
from dataclasses import dataclass

from scaffold.resource.field_types.reference import MISSING_ID
from scaffold.resource.generation import Generation
from scaffold.resource.python_source import python_string
from scaffold.resource.reference_rows import reference_rows
from scaffold.resource.schemas import sort_keys
from scaffold.resource.spec import Reference, ResourceSpec


def tests_context(generation: Generation) -> dict[str, object]:
    """What the tests template needs: imports, sample payloads, rows to point at."""
    spec = generation.spec
    rows, ids = reference_rows(spec, generation.references)
    restricting = _restricting_references(generation)
    checks = generation.reference_checks()
    imports = generation.imports("tests")
    imports.add("typing", "Any")
    imports.add("pytest")
    imports.add("httpx", "AsyncClient")
    imports.add("sqlalchemy.ext.asyncio", "AsyncSession")
    imports.add_module("test_helpers", "Account", "account_of", "collect_pages", "signed_in")
    if not spec.owned:
        imports.add_module("test_helpers", "signed_in_admin")
    if rows:
        imports.add_module("test_helpers", "insert_row")
    for row in rows:
        target = row.reference
        imports.add_layer("models", target.module, target.class_name)
        imports.add_layer("schemas", target.module, f"{target.class_name}Create")
        if target.spec is not None and target.spec.owned:
            imports.add("uuid")
    if restricting:
        imports.add("uuid")
        imports.add_module("errors", "ConflictError")
    for reference in restricting:
        imports.add_layer("services", reference.spec.name, f"{reference.class_name}Service")
    not_null = [field.name for field in spec.fields if not field.optional]
    return {
        "imports": imports.render(),
        "missing_id": MISSING_ID,
        "sort_keys": ", ".join(python_string(key) for key in sort_keys(spec)),
        "filters": ", ".join(python_string(f.name) for f in spec.fields if f.filterable),
        "invalid_values": ", ".join(
            f"({python_string(field.name)}, {field.kind.invalid_value(field)})"
            for field in spec.fields
        ),
        "not_null": ", ".join(python_string(name) for name in not_null),
        "payload_lines": [
            f"{python_string(field.name)}: {field.kind.sample_expression(field)}"
            for field in spec.fields
        ],
        "reference_rows": [
            _RenderedRow(row.variable, row.reference, _dict_literal(row.values)) for row in rows
        ],
        "reference_ids": _dict_literal(ids),
        "restricting_references": restricting,
        "owner_scoped_references": any(check.owner_scoped for check in checks),
        "unique": any(field.unique for field in spec.fields),
        "patch_field": spec.fields[0].name,
    }


@dataclass(frozen=True)
class _RenderedRow:
    variable: str
    reference: Reference
    values: str


@dataclass(frozen=True)
class _RestrictingReference:
    """A target that cannot be deleted while this resource points at it (409)."""

    field: str
    class_name: str
    spec: ResourceSpec


def _restricting_references(generation: Generation) -> list[_RestrictingReference]:
    """One per target table: the first field pointing at a row that does not cascade."""
    found: dict[str, _RestrictingReference] = {}
    for field in generation.fk_fields:
        reference = generation.reference(field)
        if reference.spec is not None and not reference.follows_owner:
            found.setdefault(
                reference.table,
                _RestrictingReference(field.name, reference.class_name, reference.spec),
            )
    return list(found.values())


def _dict_literal(values: Mapping[str, str]) -> str:
    """A dict literal from keys and Python source of the values."""
    return "{" + ", ".join(f"{python_string(key)}: {value}" for key, value in values.items()) + "}"
