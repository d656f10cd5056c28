"""``scaffold add resource``: a full CRUD resource in an existing project, or nothing at all.

Every check runs and every file is rendered in memory before the first byte
is written, so bad input leaves the project untouched. The generated files are
all new ones: registration is by discovery, so no file the template owns is
ever edited (and ``copier update`` never meets a conflict of ours).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from scaffold.errors import ScaffoldError
from scaffold.kit.file_writes import existing, write_new_files
from scaffold.project.code import SPECS_DIRECTORY, ProjectCode, open_project_code
from scaffold.project.migration_history import current_head, next_revision_id
from scaffold.resource.columns import columns, too_long_identifiers
from scaffold.resource.fields import check_name
from scaffold.resource.render import Generation, render_resource
from scaffold.resource.spec import Reference, ResourceSpec, resource_spec

#: Where the template mounts the API's routers.
API_PREFIX = "/api/v1"
#: SQLite keeps decimals as 64-bit floats: exact to about 15 significant digits.
SQLITE_MAX_DECIMAL_PRECISION = 15
#: The template's one table that resources may reference, and Alembic's own.
USERS_TABLE = "users"
RESERVED_TABLES = frozenset({"alembic_version"})


@dataclass(frozen=True)
class AddedResource:
    """What :func:`add_resource` wrote (or, for a dry run, would write)."""

    project: ProjectCode
    spec: ResourceSpec
    files: tuple[PurePosixPath, ...]
    written: bool


def add_resource(
    name: str,
    fields: Sequence[str],
    *,
    project: str | Path = ".",
    singular: str | None = None,
    owned: bool = False,
    public_read: bool = False,
    dry_run: bool = False,
    force: bool = False,
    now: datetime | None = None,
) -> AddedResource:
    """Generate resource ``name`` with ``fields`` (``name:type[:modifier...]``) in ``project``.

    Writes the model, schemas, service, routes, an Alembic revision following
    the current head, tests, and the spec under ``.scaffold/resources/``.

    Args:
        name: The resource's plural, snake_case name: its table and URL.
        fields: Field specs, e.g. ``price:decimal:10,2:min=0``.
        project: The generated project's directory.
        singular: The singular for the class and modules, when the guess is wrong.
        owned: Rows belong to their creator; others get 404.
        public_read: Reading needs no authentication.
        dry_run: Check and render everything, but write nothing.
        force: Proceed although the project has uncommitted changes.
        now: The revision's creation time (default: now, UTC).

    Raises:
        ScaffoldError: Bad input, or a project that cannot take the resource;
            nothing was written.
    """
    check_name(name, what="resource name")
    target = open_project_code(project)
    _check_new(target, name)
    spec = resource_spec(name, fields, singular=singular, owned=owned, public_read=public_read)
    if not force and (changes := target.uncommitted_changes()):
        raise ScaffoldError(
            f"{target.root} has uncommitted changes ({changes[0].strip()}"
            f"{', ...' if len(changes) > 1 else ''}): commit or stash them first, so the "
            "generated files are easy to review and to undo, or pass --force."
        )
    references = _references(target, spec)
    _check_database(target, spec, references)
    revisions = target.revisions()
    generation = Generation(
        spec=spec,
        package=target.package,
        references=references,
        revision=next_revision_id(revisions, f"create_{spec.name}"),
        down_revision=current_head(revisions),
        created=now or datetime.now(UTC),
    )
    files = render_resource(generation)
    if clashes := existing(target.root, files):
        raise ScaffoldError(
            f"{clashes[0]} already exists: the name {spec.name!r} clashes with the "
            "project's own code. Choose another name (or --singular)."
        )
    if not dry_run:
        write_new_files(target.root, files)
    return AddedResource(target, spec, tuple(files), written=not dry_run)


def _check_new(project: ProjectCode, name: str) -> None:
    if project.spec_path(name).exists():
        raise ScaffoldError(
            f"Resource {name!r} already exists "
            f"(see {SPECS_DIRECTORY / f'{name}.yml'}); nothing was written."
        )
    models = project.models()
    if name in models or name in RESERVED_TABLES:
        where = f" (models/{models[name].module}.py)" if name in models else ""
        raise ScaffoldError(
            f"The project already has a table named {name!r}{where}; choose another name."
        )


def _references(project: ProjectCode, spec: ResourceSpec) -> dict[str, Reference]:
    """Resolve every table the ``fk`` fields reach, following the targets' own fks."""
    models = project.models()
    found: dict[str, Reference] = {}
    pending = [(spec.name, field) for field in spec.fields if field.type == "fk"]
    while pending:
        source, field = pending.pop()
        table = str(field.target)
        if table in found:
            continue
        target = project.resource(table)
        if table not in models or (target is None and table != USERS_TABLE):
            added = sorted(path.stem for path in (project.root / SPECS_DIRECTORY).glob("*.yml"))
            raise ScaffoldError(
                f"Field {field.name!r} of {source}: fk({table}) points at no resource. "
                f"fk() takes {USERS_TABLE} or a resource added with `scaffold add resource`"
                f"{' (' + ', '.join(added) + ')' if added else ' (none yet)'}."
            )
        model = models[table]
        found[table] = Reference(table, model.class_name, model.module, target)
        if target is not None:
            pending += [(target.name, own) for own in target.fields if own.type == "fk"]
    return found


def _check_database(
    project: ProjectCode, spec: ResourceSpec, references: dict[str, Reference]
) -> None:
    """Refuse what the project's database would not store faithfully."""
    by_field = {
        field.name: references[str(field.target)] for field in spec.fields if field.type == "fk"
    }
    if long_names := too_long_identifiers(spec.name, columns(spec, by_field)):
        raise ScaffoldError(
            f"The name {long_names[0]!r} is longer than PostgreSQL's 63 characters; "
            "shorten the resource or field name."
        )
    if project.database == "sqlite":
        for field in spec.fields:
            if field.type == "decimal" and (field.precision or 0) > SQLITE_MAX_DECIMAL_PRECISION:
                raise ScaffoldError(
                    f"Field {field.name!r}: SQLite stores decimals as 64-bit floats, exact to "
                    f"{SQLITE_MAX_DECIMAL_PRECISION} digits; use a precision of at most "
                    f"{SQLITE_MAX_DECIMAL_PRECISION}."
                )
