"""What a resource's GraphQL files are made from: its type, its input, its root fields.

With the project's ``graphql`` answer on, ``scaffold add resource`` also writes
``graphql/types/<singular>.py`` (the object type, its relations, its input)
and ``graphql/resolvers/<name>.py`` (list, one by id, create, update, delete),
both calling the service and the REST route module's factory.
"""

from dataclasses import dataclass

from scaffold.resource.fields import FieldSpec
from scaffold.resource.generation import Generation

#: The GraphQL types of the columns every resource has.
COMMON_READ = (("id", "uuid.UUID"), ("created_at", "datetime"), ("updated_at", "datetime"))


@dataclass(frozen=True)
class Relation:
    """A field of the type that loads the row an ``fk`` field points at."""

    name: str
    field: str
    table: str
    singular: str
    class_name: str
    label: str
    optional: bool
    owned: bool
    public: bool


def relations(generation: Generation) -> list[Relation]:
    """One per ``fk`` field whose target resource has a GraphQL type (users have none here)."""
    taken = set(generation.spec.field_names) | {"id", "created_at", "updated_at"}
    found = []
    for field in generation.fk_fields:
        target = generation.reference(field).spec
        if target is None or target.name not in generation.graphql_targets:
            continue
        name = field.name.removesuffix("_id") if field.name.endswith("_id") else f"{field.name}_row"
        if name in taken:
            continue
        found.append(
            Relation(
                name=name,
                field=field.name,
                table=target.name,
                singular=target.singular,
                class_name=target.class_name,
                label=target.label,
                optional=field.optional,
                owned=target.owned,
                public=target.public_read and not target.owned,
            )
        )
    return found


def _annotation(field: FieldSpec) -> str:
    return f"{field.kind.annotation}{' | None' if field.optional else ''}"


def type_context(generation: Generation) -> dict[str, object]:
    """What ``graphql_type.py.jinja`` needs."""
    spec = generation.spec
    found = relations(generation)
    read = [COMMON_READ[0], *((field.name, _annotation(field)) for field in spec.fields)]
    if spec.owned:
        read.append(("owner_id", "uuid.UUID"))
    read += COMMON_READ[1:]
    imports = generation.imports("graphql_type")
    imports.add("uuid")
    imports.add("datetime", "datetime")
    imports.add("strawberry")
    for field in spec.fields:
        if field.kind.annotation_import is not None:
            imports.add_import(field.kind.annotation_import)
    imports.add_layer("schemas", spec.singular, f"{spec.class_name}Read")
    if found:
        imports.add_module("graphql_context", "GraphQLInfo")
    if any(not relation.public for relation in found):
        imports.add_module("graphql_permissions", "Authenticated")
    if any(relation.owned for relation in found):
        imports.add("functools", "partial")
        imports.add_module("graphql_permissions", "current_user")
    for relation in found:
        imports.add_layer("routes", relation.table, f"get_{relation.singular}_service")
        imports.add_file(
            generation.graphql_type_path(relation.singular), f"{relation.class_name}Type"
        )
    return {
        "imports": imports.render(),
        "type_fields": [f"{name}: {annotation}" for name, annotation in read],
        "input_fields": [
            f"{field.name}: {field.kind.annotation} | None = strawberry.UNSET"
            for field in spec.fields
        ],
        "relations": found,
    }


def resolvers_context(generation: Generation) -> dict[str, object]:
    """What ``graphql_resolvers.py.jinja`` needs."""
    spec = generation.spec
    public = spec.public_read and not spec.owned
    read_permission = "Public" if public else "Authenticated"
    imports = generation.imports("graphql_resolvers")
    imports.add("uuid")
    imports.add("strawberry")
    imports.add_module("pagination", "DEFAULT_PAGE_SIZE")
    imports.add_module("graphql_connection", "Connection", "connection")
    imports.add_module("graphql_inputs", "parse_input", "sent")
    imports.add_module("graphql_context", "GraphQLInfo")
    imports.add_module("graphql_permissions", read_permission, "require")
    if spec.owned:
        imports.add_module("graphql_permissions", "current_user")
    names = ("Create", "ListQuery", "Update")
    imports.add_layer("schemas", spec.singular, *(spec.class_name + name for name in names))
    imports.add_layer("services", spec.name, f"{spec.class_name}Service")
    permission = f"{spec.name.upper()}_WRITE"
    imports.add_layer("routes", spec.name, permission, f"get_{spec.singular}_service")
    imports.add_file(
        generation.graphql_type_path(spec.singular),
        f"{spec.class_name}Input",
        f"{spec.class_name}Type",
    )
    return {
        "imports": imports.render(),
        "read_permission": read_permission,
        "permission_constant": permission,
    }
