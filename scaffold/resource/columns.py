"""The database side of a resource: its model's columns and the migration creating them.

The model and the migration describe one table twice. Both are written here
from the same column descriptions, with the constraint names the project's
naming convention gives, so they agree exactly: the generated DB-NO-DRIFT test
compares them on every run.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from scaffold.resource.field_types.base import Import
from scaffold.resource.fields import FieldSpec
from scaffold.resource.generation import ModuleImports
from scaffold.resource.python_source import call, python_string, python_value
from scaffold.resource.spec import Reference, ResourceSpec

#: PostgreSQL truncates longer identifiers, and the drift test would see renamed indexes.
MAX_IDENTIFIER_LENGTH = 63
TIMESTAMPS = ("created_at", "updated_at")
#: The template's column type that encrypts values on the way in and decrypts them on the way out.
ENCRYPTED_TEXT = Import("field_encryption", "EncryptedText", project=True)


@dataclass(frozen=True)
class Column:
    """One column of the resource's table, as both the model and the migration need it."""

    name: str
    annotation: str
    nullable: bool
    model_type: str | None
    migration_type: str
    unique: bool = False
    index: bool = False
    default: str | None = None
    references: str | None = None
    on_delete: str | None = None
    #: What the model module imports for ``annotation``.
    annotation_import: Import | None = None
    #: What it imports for ``model_type``, when not SQLAlchemy's type of that name.
    model_type_import: Import | None = None
    #: The type's CHECK constraint, named ``ck_<table>_<column>``.
    check_constraint: bool = False


def columns(spec: ResourceSpec, references: Mapping[str, Reference]) -> list[Column]:
    """Describe every column the resource adds to ``id`` and the timestamps."""
    described = [_column(spec.name, field, references.get(field.name)) for field in spec.fields]
    if spec.owned:
        described.append(
            Column(
                name="owner_id",
                annotation="uuid.UUID",
                nullable=False,
                model_type=None,
                migration_type="sa.Uuid()",
                index=True,
                references="users",
                on_delete="CASCADE",
            )
        )
    return described


def _column(table: str, field: FieldSpec, reference: Reference | None) -> Column:
    kind = field.kind
    on_delete = None
    if reference is not None and reference.follows_owner:
        on_delete = "SET NULL" if field.optional else "CASCADE"
    model_type, migration_type = kind.model_type(field), kind.migration_type(field)
    if field.encrypted:
        model_type, migration_type = _encrypted_types(table, field)
    return Column(
        name=field.name,
        annotation=kind.annotation,
        nullable=field.optional,
        model_type=model_type,
        migration_type=migration_type,
        model_type_import=ENCRYPTED_TEXT if field.encrypted else None,
        unique=field.unique,
        index=field.indexed and not field.unique,
        default=None if field.default is None else python_value(field.default),
        references=reference.table if reference else None,
        on_delete=on_delete,
        annotation_import=kind.annotation_import,
        check_constraint=kind.check_constraint,
    )


def _encrypted_types(table: str, field: FieldSpec) -> tuple[str, str]:
    """An encrypted field's model and migration types: ciphertext in a TEXT column.

    The ciphertext is longer than the value, so even a short ``str`` needs TEXT;
    the API still bounds the value's own length. The label binds each
    ciphertext to its column: copied into another column, it no longer decrypts.
    It is fixed here, not read from the table, so renaming the table later
    leaves stored values readable.
    """
    label = python_string(f"{table}.{field.name}")
    return f"{ENCRYPTED_TEXT.name}({label})", "sa.Text()"


def model_columns(described: list[Column]) -> str:
    """The model's column attributes, one statement each."""
    return "\n".join(_model_column(column) for column in described)


def _model_column(column: Column) -> str:
    annotation = f"Mapped[{column.annotation}{' | None' if column.nullable else ''}]"
    arguments: list[str] = []
    if column.references is not None:
        target = [python_string(f"{column.references}.id")]
        if column.on_delete is not None:
            target.append(f"ondelete={python_string(column.on_delete)}")
        arguments.append(call("ForeignKey", *target))
    elif column.model_type is not None:
        arguments.append(column.model_type)
    arguments += ["unique=True"] if column.unique else []
    arguments += ["index=True"] if column.index else []
    arguments += [f"default={column.default}"] if column.default is not None else []
    if not arguments:
        return f"    {column.name}: {annotation}"
    return f"    {column.name}: {annotation} = {call('mapped_column', *arguments)}"


def model_imports(described: list[Column], imports: ModuleImports) -> str:
    """The model module's imports, added to the (empty) block ``imports``."""
    imports.add("uuid")
    imports.add("sqlalchemy", "Index")
    imports.add("sqlalchemy.orm", "Mapped", "mapped_column")
    imports.add_module("model_base", "Base", "TimestampMixin")
    for column in described:
        if column.annotation_import is not None:
            imports.add_import(column.annotation_import)
        if column.references is not None:
            imports.add("sqlalchemy", "ForeignKey")
        elif column.model_type_import is not None:
            imports.add_import(column.model_type_import)
        elif column.model_type is not None:
            imports.add("sqlalchemy", column.model_type.split("(")[0])
    return imports.render()


def created_index(table: str) -> str:
    """The index that keeps the default (created_at, id) order fast at any depth."""
    return f"ix_{table}_created_at_id"


def indexed_columns(described: list[Column]) -> list[str]:
    """Columns with a plain (non-unique) index of their own."""
    return [column.name for column in described if column.index]


def identifiers(table: str, described: list[Column]) -> list[str]:
    """Every table, index and constraint name the migration creates."""
    names = [table, f"pk_{table}", created_index(table)]
    for column in described:
        if column.unique:
            names.append(f"uq_{table}_{column.name}")
        if column.index:
            names.append(f"ix_{table}_{column.name}")
        if column.references is not None:
            names.append(f"fk_{table}_{column.name}_{column.references}")
        if column.check_constraint:
            names.append(f"ck_{table}_{column.name}")
    return names


def too_long_identifiers(table: str, described: list[Column]) -> list[str]:
    """Names PostgreSQL would truncate."""
    return [name for name in identifiers(table, described) if len(name) > MAX_IDENTIFIER_LENGTH]


def migration_upgrade(table: str, described: list[Column]) -> str:
    """The body of the migration's ``upgrade()``: the table, then its indexes."""
    statements = [call("op.create_table", *_table_items(table, described))]
    statements += [
        call(
            "op.create_index",
            _final_name(name),
            python_string(table),
            "[" + ", ".join(python_string(column) for column in indexed) + "]",
        )
        for name, indexed in _indexes(table, described)
    ]
    return "\n".join(f"    {statement}" for statement in statements)


def _table_items(table: str, described: list[Column]) -> list[str]:
    """``op.create_table``'s arguments: name, columns, constraints (as autogenerate orders them)."""
    items: list[str] = [python_string(table), _sa_column("id", "sa.Uuid()", "False")]
    items += [
        _sa_column(column.name, column.migration_type, str(column.nullable)) for column in described
    ]
    items += [
        _sa_column(name, "sa.DateTime(timezone=True)", "False", "server_default=sa.func.now()")
        for name in TIMESTAMPS
    ]
    for column in described:
        if column.references is not None:
            options = [f"name={_final_name(f'fk_{table}_{column.name}_{column.references}')}"]
            if column.on_delete is not None:
                options.append(f"ondelete={python_string(column.on_delete)}")
            items.append(
                call(
                    "sa.ForeignKeyConstraint",
                    f"[{python_string(column.name)}]",
                    f"[{python_string(column.references + '.id')}]",
                    *options,
                )
            )
    items.append(call("sa.PrimaryKeyConstraint", '"id"', f"name={_final_name(f'pk_{table}')}"))
    items += [
        call(
            "sa.UniqueConstraint",
            python_string(column.name),
            f"name={_final_name(f'uq_{table}_{column.name}')}",
        )
        for column in described
        if column.unique
    ]
    return items


def _sa_column(name: str, type_: str, nullable: str, *options: str) -> str:
    return call("sa.Column", python_string(name), type_, *options, f"nullable={nullable}")


def _final_name(name: str) -> str:
    """A constraint name the naming convention must leave as it is (``op.f``)."""
    return f"op.f({python_string(name)})"


def migration_downgrade(table: str, described: list[Column]) -> str:
    """The body of the migration's ``downgrade()``: indexes, then the table."""
    statements = [
        call("op.drop_index", _final_name(name), f"table_name={python_string(table)}")
        for name, _ in reversed(_indexes(table, described))
    ]
    statements.append(call("op.drop_table", python_string(table)))
    return "\n".join(f"    {statement}" for statement in statements)


def _indexes(table: str, described: list[Column]) -> list[tuple[str, list[str]]]:
    indexes = [(f"ix_{table}_{name}", [name]) for name in indexed_columns(described)]
    return [*indexes, (created_index(table), ["created_at", "id"])]
