"""What a resource's generated tests are made from: the contract's case, and rows to point at.

The tests themselves are the project's shared resource contract
(``tests/resource_contract/``); a resource's test module holds only its data,
a ``ResourceCase``, and the fixture inserting the rows its ``fk`` fields need.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from scaffold.resource.generation import Generation
from scaffold.resource.graphql import relations
from scaffold.resource.python_source import python_string
from scaffold.resource.reference_rows import WRITER_ID, reference_rows
from scaffold.resource.schemas import sort_keys
from scaffold.resource.spec import Reference, ResourceSpec, camel, lower_camel


def tests_context(generation: Generation) -> dict[str, object]:
    """What the tests template needs: imports, the case's values, rows to point at."""
    spec = generation.spec
    rows, ids = reference_rows(spec, generation.references)
    protected = _protected_targets(generation)
    imports = generation.imports("tests")
    imports.add("typing", "Any")
    imports.add_module("resource_contract", "Refs", "ResourceCase", "ResourceContract")
    if spec.owned:
        imports.add_module("rbac", "USER_ROLE")
    if ids:
        imports.add("pytest")
    if rows:
        imports.add("sqlalchemy.ext.asyncio", "AsyncSession")
        imports.add_module("test_helpers", "insert_row")
    uses_writer = any(WRITER_ID in value for value in ids.values()) or any(
        row.reference.owned_rows for row in rows
    )
    if uses_writer:
        imports.add_module("test_helpers", "Account")
    for row in rows:
        target = row.reference
        imports.add_layer("models", target.module, target.class_name)
        imports.add_layer("schemas", target.module, f"{target.class_name}Create")
        if target.owned_rows:
            imports.add("uuid")
    for guarded in protected:
        imports.add_layer("services", guarded.spec.name, f"{guarded.class_name}Service")
    if generation.graphql:
        imports.add_module("graphql_contract", "GraphQLContract", "GraphQLNames")
    return {
        "imports": imports.render(),
        "case_name": spec.name.upper(),
        "test_class": f"Test{camel(spec.name)}",
        "payload_lines": [
            f"{python_string(field.name)}: {field.kind.sample_expression(field)}"
            for field in spec.fields
        ],
        "case_lines": _case_lines(generation, protected),
        "reference_rows": [
            _RenderedRow(row.variable, row.reference, _dict_literal(row.values)) for row in rows
        ],
        "reference_ids": _dict_literal(ids) if ids else "",
        "uses_writer": uses_writer,
        "graphql": _graphql_names(generation) if generation.graphql else None,
    }


@dataclass(frozen=True)
class _GraphQLNames:
    plural: str
    singular: str
    relations: list[str]


def _graphql_names(generation: Generation) -> _GraphQLNames:
    """The resource's names in GraphQL, for the GraphQL half of the contract."""
    spec = generation.spec
    return _GraphQLNames(
        plural=lower_camel(spec.name),
        singular=lower_camel(spec.singular),
        relations=[lower_camel(relation.name) for relation in relations(generation)],
    )


def _case_lines(generation: Generation, protected: list["_ProtectedTarget"]) -> list[str]:
    """The ``ResourceCase`` arguments after ``url`` and ``payload``; defaults left out."""
    spec = generation.spec
    fields = spec.fields
    options = {
        "sort_keys": [python_string(key) for key in sort_keys(spec)],
        "filters": [python_string(field.name) for field in fields if field.filterable],
        "invalid_values": [
            f"({python_string(field.name)}, {field.kind.invalid_value(field)})" for field in fields
        ],
        "required": [python_string(field.name) for field in fields if field.required],
        "not_null": [python_string(field.name) for field in fields if not field.optional],
        "unique": [python_string(field.name) for field in fields if field.unique],
        "encrypted": [python_string(field.name) for field in fields if field.encrypted],
    }
    lines = [f"{name}=[{', '.join(values)}]" for name, values in options.items() if values]
    if options["encrypted"]:
        lines.append(f"table={python_string(spec.name)}")
    if spec.owned:
        lines += ["writer_role=USER_ROLE", "owned=True"]
    if spec.public_read:
        lines.append("public_read=True")
    if any(check.owner_scoped for check in generation.reference_checks()):
        lines.append("own_references_only=True")
    if protected:
        services = {target.field: f"{target.class_name}Service" for target in protected}
        lines.append(f"protected_targets={_dict_literal(services)}")
    return lines


@dataclass(frozen=True)
class _RenderedRow:
    variable: str
    reference: Reference
    values: str


@dataclass(frozen=True)
class _ProtectedTarget:
    """A target that cannot be deleted while this resource points at it (409)."""

    field: str
    class_name: str
    spec: ResourceSpec


def _protected_targets(generation: Generation) -> list[_ProtectedTarget]:
    """One per target table: the first field pointing at a row that does not cascade."""
    found: dict[str, _ProtectedTarget] = {}
    for field in generation.fk_fields:
        reference = generation.reference(field)
        if reference.spec is not None and not reference.follows_owner:
            found.setdefault(
                reference.table, _ProtectedTarget(field.name, reference.class_name, reference.spec)
            )
    return list(found.values())


def _dict_literal(values: Mapping[str, str]) -> str:
    """A dict literal from keys and Python source of the values."""
    return "{" + ", ".join(f"{python_string(key)}: {value}" for key, value in values.items()) + "}"
