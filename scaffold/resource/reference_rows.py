"""Rows the generated tests insert so that ``fk`` fields have something to point at.

Each field's valid and invalid values come from its type (see
:mod:`scaffold.resource.field_types`); here they are put together into rows,
each inserted after the rows it points at.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from scaffold.resource.field_types.base import JsonValue
from scaffold.resource.field_types.reference import FILES_TABLE
from scaffold.resource.python_source import python_string
from scaffold.resource.spec import Reference, ResourceSpec

#: How the generated tests name the id of the account writing the rows (``users`` targets).
WRITER_ID = "writer.id"
#: The metadata of an uploaded file (``file`` fields): the resource tests need no bytes.
SAMPLE_FILE = {
    "storage_key": python_string("0" * 32),
    "original_name": python_string("sample.png"),
    "content_type": python_string("image/png"),
    "size_bytes": "8",
    "sha256": python_string("0" * 64),
}


def python_literal(value: JsonValue) -> str:
    """Write a JSON value as Python source."""
    return python_string(value) if isinstance(value, str) else repr(value)


@dataclass(frozen=True)
class ReferenceRow:
    """A row the tests insert so that ``fk`` fields have something to point at."""

    variable: str
    reference: Reference
    #: Field name to Python source of its value (literals, or other rows' ids).
    values: dict[str, str]


def reference_rows(
    spec: ResourceSpec, by_table: Mapping[str, Reference]
) -> tuple[list[ReferenceRow], dict[str, str]]:
    """Rows to insert, each after the rows it points at, and the id each fk field gets.

    ``by_table`` resolves every table an ``fk`` reaches, the targets' own
    references included; ``users`` ids are the writing account's (``writer.id``).
    """
    rows: dict[str, ReferenceRow] = {}

    def id_of(table: str) -> str:
        reference = by_table[table]
        if reference.spec is None and table == FILES_TABLE:
            rows.setdefault(table, ReferenceRow("stored_file_row", reference, dict(SAMPLE_FILE)))
            return f"str({rows[table].variable}.id)"
        if reference.spec is None:
            return WRITER_ID
        if table not in rows:
            values = {
                field.name: (
                    id_of(str(field.target))
                    if field.target is not None
                    else python_literal(field.kind.sample(field, 0))
                )
                for field in reference.spec.fields
                if field.required or field.target is not None
            }
            rows[table] = ReferenceRow(f"{reference.spec.singular}_row", reference, values)
        return f"str({rows[table].variable}.id)"

    ids = {field.name: id_of(field.target) for field in spec.fields if field.target is not None}
    return list(rows.values()), ids
