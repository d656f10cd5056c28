"""Render every file of a resource in memory: model, schemas, service, routes, migration, tests.

Nothing touches the disk here, so a failure anywhere leaves the project as it
was; :mod:`scaffold.kit.file_writes` writes the result only once all of it exists.
"""

from pathlib import PurePosixPath

import jinja2

from scaffold._version import __version__
from scaffold.resource.columns import (
    columns,
    created_index,
    migration_downgrade,
    migration_upgrade,
    model_columns,
    model_imports,
)
from scaffold.resource.generation import Generation
from scaffold.resource.graphql import resolvers_context, type_context
from scaffold.resource.python_source import fit_source, python_string
from scaffold.resource.schemas import (
    create_fields,
    list_query_fields,
    read_fields,
    schema_imports,
    type_aliases,
    update_fields,
)
from scaffold.resource.spec import dump_spec
from scaffold.resource.tests_context import tests_context

ENVIRONMENT = jinja2.Environment(  # noqa: S701 - renders Python source, not HTML
    loader=jinja2.PackageLoader("scaffold.resource", "templates"),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_resource(generation: Generation) -> dict[PurePosixPath, str]:
    """Return each generated file's path (relative to the project) and content."""
    paths = generation.paths()
    contexts = {
        "model": _model_context(generation),
        "schemas": _schemas_context(generation),
        "service": _service_context(generation),
        "routes": _routes_context(generation),
        "migration": _migration_context(generation),
        "tests": tests_context(generation),
    }
    if generation.graphql:
        contexts["graphql_type"] = type_context(generation)
        contexts["graphql_resolvers"] = resolvers_context(generation)
    files = {
        paths[kind]: fit_source(
            ENVIRONMENT.get_template(f"{kind}.py.jinja").render(
                r=generation.spec, a_label=_with_article(generation.spec.label), **context
            )
        )
        for kind, context in contexts.items()
    }
    facts = {
        "scaffold_version": __version__,
        "migration": generation.revision,
        "files": [str(path) for kind, path in paths.items() if kind != "spec"],
    }
    files[paths["spec"]] = dump_spec(generation.spec, facts)
    return files


def _with_article(label: str) -> str:
    return f"{'an' if label[:1] in set('aeiou') else 'a'} {label}"


def _model_context(generation: Generation) -> dict[str, object]:
    described = columns(generation.spec, generation.references_by_field())
    return {
        "imports": model_imports(described, generation.imports("model")),
        "columns": model_columns(described),
        "created_index": created_index(generation.spec.name),
    }


def _migration_context(generation: Generation) -> dict[str, object]:
    described = columns(generation.spec, generation.references_by_field())
    down = generation.down_revision
    return {
        "revision": generation.revision,
        "down_revision": down,
        "down_revision_literal": "None" if down is None else python_string(down),
        "created": generation.created.isoformat(sep=" ", timespec="seconds"),
        "upgrade": migration_upgrade(generation.spec.name, described),
        "downgrade": migration_downgrade(generation.spec.name, described),
    }


def _schemas_context(generation: Generation) -> dict[str, object]:
    spec = generation.spec
    return {
        "imports": schema_imports(spec, generation.imports("schemas")),
        "type_aliases": type_aliases(spec),
        "create_fields": create_fields(spec),
        "update_fields": update_fields(spec),
        "read_fields": read_fields(spec),
        "list_query_fields": list_query_fields(spec),
    }


def _service_context(generation: Generation) -> dict[str, object]:
    spec = generation.spec
    checks = generation.reference_checks()
    imports = generation.imports("service")
    imports.add("uuid")
    imports.add("typing", "Any")
    imports.add("sqlalchemy.ext.asyncio", "AsyncSession")
    imports.add_module("errors", "NotFoundError")
    imports.add_module("pagination", "Page", "fetch_page")
    imports.add_module("records", "flush_or_conflict", *(["ensure_exists"] if checks else []))
    imports.add_layer("models", spec.singular, spec.class_name)
    names = ("Create", "ListQuery", "Update")
    imports.add_layer("schemas", spec.singular, *(spec.class_name + name for name in names))
    if spec.owned or generation.graphql:
        imports.add("sqlalchemy", "select")
    if generation.graphql:
        imports.add("collections.abc", "Sequence")
    for field in generation.fk_fields:
        reference = generation.reference(field)
        imports.add_layer("models", reference.module, reference.class_name)
    label = spec.label
    return {
        "imports": imports.render(),
        "references": checks,
        "graphql": generation.graphql,
        "owner_scoped_references": any(check.owner_scoped for check in checks),
        "conflict_message": python_string(f"Another {label} already has this unique value."),
        "referenced_message": python_string(f"The {label} is still referenced elsewhere."),
        "not_found_message": python_string(f"{label[:1].upper()}{label[1:]} not found."),
    }


def _routes_context(generation: Generation) -> dict[str, object]:
    spec = generation.spec
    imports = generation.imports("routes")
    imports.add("uuid")
    imports.add("typing", "Annotated")
    imports.add("fastapi", "APIRouter", "Depends", "Query", "Response", "status")
    imports.add_module("current_user", "require_permission")
    imports.add_module("current_user", "PUBLIC_ROUTE" if spec.public_read else "CurrentUser")
    imports.add_module("database", "DbSession")
    imports.add_module("envelope", "Envelope", "error_responses", "ok")
    imports.add_module("etag", "NOT_MODIFIED_RESPONSE", "ConditionalGet")
    imports.add_module("idempotency", "IDEMPOTENT")
    imports.add_module("rbac", "ADMIN_ROLE", "grant", *(["USER_ROLE"] if spec.owned else []))
    imports.add_module("user_model", "User")
    names = ("Create", "ListQuery", "Read", "Update")
    imports.add_layer("schemas", spec.singular, *(spec.class_name + name for name in names))
    imports.add_layer("services", spec.name, f"{spec.class_name}Service")
    label = spec.label
    return {
        "imports": imports.render(),
        "permission_constant": f"{spec.name.upper()}_WRITE",
        "created_message": python_string(f"{label[:1].upper()}{label[1:]} created."),
    }
