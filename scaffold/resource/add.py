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
from scaffold.project.generated import ANSWERS_FILE, GeneratedProject, open_project
from scaffold.project.layout import Layout
from scaffold.project.migration_history import current_head, next_revision_id
from scaffold.resource.columns import columns, too_long_identifiers
from scaffold.resource.field_types.reference import FILES_TABLE
from scaffold.resource.fields import check_name
from scaffold.resource.generation import Generation
from scaffold.resource.render import render_resource
from scaffold.resource.spec import (
    SPECS_DIRECTORY,
    Reference,
    ResourceSpec,
    load_spec,
    resource_spec,
    spec_path,
)

#: Where the template mounts the API's routers.
API_PREFIX = "/api/v1"
#: The template's one table that resources may reference, and Alembic's own.
USERS_TABLE = "users"
RESERVED_TABLES = frozenset({"alembic_version"})


@dataclass(frozen=True)
class AddedResource:
    """What :func:`add_resource` wrote (or, for a dry run, would write)."""

    project: GeneratedProject
    spec: ResourceSpec
    files: tuple[PurePosixPath, ...]
    written: bool
    #: The project's import package, for ``python -m <package> migrate``.
    package: str


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
    target = open_project(project)
    layout = target.code_layout()
    database = _database(target)
    _check_new(target, name)
    spec = resource_spec(name, fields, singular=singular, owned=owned, public_read=public_read)
    if not force and (changes := target.uncommitted_changes()):
        raise ScaffoldError(
            f"{target.path} has uncommitted changes ({changes[0].strip()}"
            f"{', ...' if len(changes) > 1 else ''}): commit or stash them first, so the "
            "generated files are easy to review and to undo, or pass --force."
        )
    references = _references(target, spec)
    _check_database(database, spec, references)
    revisions = target.revisions()
    graphql = target.answers.get("graphql") is True
    generation = Generation(
        spec=spec,
        layout=layout,
        references=references,
        revision=next_revision_id(revisions, f"create_{spec.name}"),
        down_revision=current_head(revisions),
        created=now or datetime.now(UTC),
        graphql=graphql,
        graphql_targets=_graphql_targets(target, layout, references) if graphql else frozenset(),
    )
    files = render_resource(generation)
    if clashes := existing(target.path, files):
        raise ScaffoldError(
            f"{clashes[0]} already exists: the name {spec.name!r} clashes with the "
            "project's own code. Choose another name (or --singular)."
        )
    if not dry_run:
        write_new_files(target.path, files)
    return AddedResource(
        target, spec, tuple(files), written=not dry_run, package=layout.package_name
    )


def _graphql_targets(
    project: GeneratedProject, layout: Layout, references: dict[str, Reference]
) -> frozenset[str]:
    """The referenced resources that have a GraphQL type (added while GraphQL was on)."""
    types = layout.module("graphql_types").parent
    return frozenset(
        reference.spec.name
        for reference in references.values()
        if reference.spec is not None
        and (project.path / types / f"{reference.spec.singular}.py").is_file()
    )


def _database(project: GeneratedProject) -> str:
    """The database the project was generated for, as its answers say."""
    database = project.answers.get("database")
    if not isinstance(database, str):
        raise ScaffoldError(
            f"{project.path / ANSWERS_FILE} lacks the database answer; "
            "it does not look like a project generated by `scaffold new`."
        )
    return database


def _saved_spec(project: GeneratedProject, name: str) -> ResourceSpec | None:
    """The spec ``scaffold add resource`` saved for resource ``name``, if any."""
    path = project.path / spec_path(name)
    return load_spec(path) if path.is_file() else None


def _check_new(project: GeneratedProject, name: str) -> None:
    if (project.path / spec_path(name)).exists():
        raise ScaffoldError(
            f"Resource {name!r} already exists (see {spec_path(name)}); nothing was written."
        )
    models = project.models()
    if name in models or name in RESERVED_TABLES:
        where = f" (models/{models[name].module}.py)" if name in models else ""
        raise ScaffoldError(
            f"The project already has a table named {name!r}{where}; choose another name."
        )


def _references(project: GeneratedProject, spec: ResourceSpec) -> dict[str, Reference]:
    """Resolve every table the ``fk`` fields reach, following the targets' own fks."""
    models = project.models()
    found: dict[str, Reference] = {}
    pending = [(spec.name, field) for field in spec.fields if field.target is not None]
    while pending:
        source, field = pending.pop()
        table = str(field.target)
        if table in found:
            continue
        target = _saved_spec(project, table)
        if table == FILES_TABLE and table not in models:
            raise ScaffoldError(
                f"Field {field.name!r} of {source}: a file field needs the project's uploads "
                "(turn them on with `scaffold update --data uploads=true`)."
            )
        if table not in models or (target is None and table not in {USERS_TABLE, FILES_TABLE}):
            added = sorted(path.stem for path in (project.path / SPECS_DIRECTORY).glob("*.yml"))
            raise ScaffoldError(
                f"Field {field.name!r} of {source}: fk({table}) points at no resource. "
                f"fk() takes {USERS_TABLE} or a resource added with `scaffold add resource`"
                f"{' (' + ', '.join(added) + ')' if added else ' (none yet)'}."
            )
        model = models[table]
        found[table] = Reference(table, model.class_name, model.module, target)
        if target is not None:
            pending += [(target.name, own) for own in target.fields if own.target is not None]
    return found


def _check_database(database: str, spec: ResourceSpec, references: dict[str, Reference]) -> None:
    """Refuse what the project's database would not store faithfully."""
    by_field = {
        field.name: references[field.target] for field in spec.fields if field.target is not None
    }
    if long_names := too_long_identifiers(spec.name, columns(spec, by_field)):
        raise ScaffoldError(
            f"The name {long_names[0]!r} is longer than PostgreSQL's 63 characters; "
            "shorten the resource or field name."
        )
    for field in spec.fields:
        if (problem := field.kind.database_problem(field, database)) is not None:
            raise ScaffoldError(problem)
