"""Render every file of a resource in memory: model, schemas, service, routes, migration, tests.

Nothing touches the disk here, so a failure anywhere leaves the project as it
was; :mod:`scaffold.kit.file_writes` writes the result only once all of it exists.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
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
from scaffold.resource.fields import FieldSpec
from scaffold.resource.python_source import Imports, fit_source, python_string
from scaffold.resource.samples import (
    MISSING_ID,
    invalid_value,
    reference_rows,
    sample_expression,
)
from scaffold.resource.schemas import (
    create_fields,
    enum_aliases,
    list_query_fields,
    read_fields,
    schema_imports,
    sort_keys,
    update_fields,
)
from scaffold.resource.spec import Reference, ResourceSpec, dump_spec

ENVIRONMENT = jinja2.Environment(  # noqa: S701 - renders Python source, not HTML
    loader=jinja2.PackageLoader("scaffold.resource", "templates"),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Generation:
    """Everything one resource's files are made from."""

    spec: ResourceSpec
    package: str
    #: Every table the resource's ``fk`` fields reach, theirs included, by table name.
    references: Mapping[str, Reference]
    revision: str
    down_revision: str | None
    created: datetime

    def reference(self, field: FieldSpec) -> Reference:
        """Where an ``fk`` field points."""
        return self.references[str(field.target)]

    @property
    def fk_fields(self) -> list[FieldSpec]:
        """The fields that point at other rows."""
        return [field for field in self.spec.fields if field.type == "fk"]


def resource_paths(generation: Generation) -> dict[str, PurePosixPath]:
    """Where each generated file goes, relative to the project root."""
    spec, package = generation.spec, PurePosixPath("src", generation.package)
    migration = f"{generation.created:%Y%m%d}_{generation.revision}.py"
    return {
        "model": package / "models" / f"{spec.singular}.py",
        "schemas": package / "schemas" / f"{spec.singular}.py",
        "service": package / "services" / f"{spec.name}.py",
        "routes": package / "routes" / f"{spec.name}.py",
        "migration": package / "migrations" / "versions" / migration,
        "tests": PurePosixPath("tests", f"test_{spec.name}.py"),
        "spec": PurePosixPath(".scaffold", "resources", f"{spec.name}.yml"),
    }


def render_resource(generation: Generation) -> dict[PurePosixPath, str]:
    """Return each generated file's path (relative to the project) and content."""
    paths = resource_paths(generation)
    contexts = {
        "model": _model_context(generation),
        "schemas": _schemas_context(generation),
        "service": _service_context(generation),
        "routes": _routes_context(generation),
        "migration": _migration_context(generation),
        "tests": _tests_context(generation),
    }
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
    described = columns(generation.spec, _references_by_field(generation))
    return {
        "imports": model_imports(described),
        "columns": model_columns(described),
        "created_index": created_index(generation.spec.name),
    }


def _migration_context(generation: Generation) -> dict[str, object]:
    described = columns(generation.spec, _references_by_field(generation))
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
        "imports": schema_imports(spec),
        "enum_aliases": enum_aliases(spec),
        "create_fields": create_fields(spec),
        "update_fields": update_fields(spec),
        "read_fields": read_fields(spec),
        "list_query_fields": list_query_fields(spec),
    }


@dataclass(frozen=True)
class _ReferenceCheck:
    """An ``fk`` field the service checks before writing."""

    field: str
    class_name: str
    owner_scoped: bool


def _reference_checks(generation: Generation) -> list[_ReferenceCheck]:
    """Owned rows may only point at their owner's owned rows."""
    return [
        _ReferenceCheck(
            field=field.name,
            class_name=generation.reference(field).class_name,
            owner_scoped=generation.spec.owned
            and generation.reference(field).spec is not None
            and generation.reference(field).follows_owner,
        )
        for field in generation.fk_fields
    ]


def _service_context(generation: Generation) -> dict[str, object]:
    spec = generation.spec
    checks = _reference_checks(generation)
    imports = Imports(first_party=generation.package)
    imports.add("uuid")
    imports.add("typing", "Any")
    imports.add("sqlalchemy.ext.asyncio", "AsyncSession")
    imports.add("..errors", "NotFoundError")
    imports.add("..api.pagination", "Page", "fetch_page")
    imports.add("..api.records", "flush_or_conflict", *(["ensure_exists"] if checks else []))
    imports.add(f"..models.{spec.singular}", spec.class_name)
    names = ("Create", "ListQuery", "Update")
    imports.add(f"..schemas.{spec.singular}", *(spec.class_name + name for name in names))
    if spec.owned:
        imports.add("sqlalchemy", "select")
    for field in generation.fk_fields:
        reference = generation.reference(field)
        imports.add(f"..models.{reference.module}", reference.class_name)
    label = spec.label
    return {
        "imports": imports.render(),
        "references": checks,
        "owner_scoped_references": any(check.owner_scoped for check in checks),
        "conflict_message": python_string(f"Another {label} already has this unique value."),
        "referenced_message": python_string(f"The {label} is still referenced elsewhere."),
        "not_found_message": python_string(f"{label[:1].upper()}{label[1:]} not found."),
    }


def _routes_context(generation: Generation) -> dict[str, object]:
    spec = generation.spec
    imports = Imports(first_party=generation.package)
    imports.add("uuid")
    imports.add("typing", "Annotated")
    imports.add("fastapi", "APIRouter", "Depends", "Query", "Response", "status")
    imports.add("..security.current_user", "require_permission")
    imports.add("..security.current_user", "PUBLIC_ROUTE" if spec.public_read else "CurrentUser")
    imports.add("..infra.database", "DbSession")
    imports.add("..api.envelope", "Envelope", "error_responses", "ok")
    imports.add("..api.etag", "NOT_MODIFIED_RESPONSE", "ConditionalGet")
    imports.add("..api.idempotency", "IDEMPOTENT")
    imports.add("..security.rbac", "ADMIN_ROLE", "grant", *(["USER_ROLE"] if spec.owned else []))
    imports.add("..models.user", "User")
    names = ("Create", "ListQuery", "Read", "Update")
    imports.add(f"..schemas.{spec.singular}", *(spec.class_name + name for name in names))
    imports.add(f"..services.{spec.name}", f"{spec.class_name}Service")
    label = spec.label
    return {
        "imports": imports.render(),
        "permission_constant": f"{spec.name.upper()}_WRITE",
        "created_message": python_string(f"{label[:1].upper()}{label[1:]} created."),
    }


def _tests_context(generation: Generation) -> dict[str, object]:
    spec, package = generation.spec, generation.package
    rows, ids = reference_rows(spec, generation.references)
    restricting = _restricting_references(generation)
    checks = _reference_checks(generation)
    imports = Imports(first_party=package)
    imports.add("typing", "Any")
    imports.add("pytest")
    imports.add("httpx", "AsyncClient")
    imports.add("sqlalchemy.ext.asyncio", "AsyncSession")
    imports.add(".helpers", "Account", "account_of", "collect_pages", "signed_in")
    if not spec.owned:
        imports.add(".helpers", "signed_in_admin")
    if rows:
        imports.add(".helpers", "insert_row")
    for row in rows:
        target = row.reference
        imports.add(f"{package}.models.{target.module}", target.class_name)
        imports.add(f"{package}.schemas.{target.module}", f"{target.class_name}Create")
        if target.spec is not None and target.spec.owned:
            imports.add("uuid")
    if restricting:
        imports.add("uuid")
        imports.add(f"{package}.errors", "ConflictError")
    for reference in restricting:
        imports.add(f"{package}.services.{reference.spec.name}", f"{reference.class_name}Service")
    not_null = [field.name for field in spec.fields if not field.optional]
    return {
        "imports": imports.render(),
        "missing_id": MISSING_ID,
        "sort_keys": ", ".join(python_string(key) for key in sort_keys(spec)),
        "filters": ", ".join(python_string(f.name) for f in spec.fields if f.filterable),
        "invalid_values": ", ".join(
            f"({python_string(field.name)}, {invalid_value(field)})" for field in spec.fields
        ),
        "not_null": ", ".join(python_string(name) for name in not_null),
        "payload_lines": [
            f"{python_string(field.name)}: "
            + (
                f"refs[{python_string(field.name)}]"
                if field.type == "fk"
                else sample_expression(field)
            )
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


def _references_by_field(generation: Generation) -> dict[str, Reference]:
    return {field.name: generation.reference(field) for field in generation.fk_fields}


def _dict_literal(values: Mapping[str, str]) -> str:
    """A dict literal from keys and Python source of the values."""
    return "{" + ", ".join(f"{python_string(key)}: {value}" for key, value in values.items()) + "}"
