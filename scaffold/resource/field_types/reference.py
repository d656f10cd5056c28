"""References: ``fk(<resource>)`` and ``file``.

``fk``: the id of a row of ``users`` or of a resource added before; ``file``:
the id of a file the row's owner uploaded (the template's ``uploads`` option).
"""

import re
from typing import TYPE_CHECKING

from scaffold.resource.field_types.base import (
    NAME_PATTERN,
    FieldSpecError,
    FieldType,
    JsonValue,
    TypeParameters,
)
from scaffold.resource.python_source import python_string

if TYPE_CHECKING:
    from scaffold.resource.fields import FieldSpec

#: The table of uploaded files (the template's `uploads` option), which `file` fields point at.
FILES_TABLE = "files"
#: A well-formed id that no row has: an ``fk`` to it must be refused.
MISSING_ID = "00000000-0000-4000-8000-ffffffffffff"


class ForeignKeyType(FieldType):
    """A UUID column with a foreign key, always indexed; the column renderer adds the key."""

    name = "fk"
    usage = "fk(<resource>)"
    uniqueable = False
    always_indexed = True
    annotation = "uuid.UUID"
    input_type = "uuid.UUID"
    output_type = "uuid.UUID"

    def parse_type(self, field_name: str, text: str) -> TypeParameters | None:
        match = re.fullmatch(r"fk\((.*)\)", text)
        if match is None:
            return None
        if not NAME_PATTERN.match(match.group(1)):
            raise FieldSpecError(
                f"Field {field_name!r}: fk() takes the name of a resource (its table), "
                f"as in fk(products); got {text!r}."
            )
        return TypeParameters(target=match.group(1))

    def spec_type(self, field: "FieldSpec") -> str:
        return f"fk({field.target})"

    def migration_type(self, field: "FieldSpec") -> str:
        return "sa.Uuid()"

    def constraints(self, field: "FieldSpec") -> list[str]:
        """Name the target in the OpenAPI document (``x-references``).

        Clients that build bodies from the schema (the load test, generators)
        learn there which collection's ids the field takes.
        """
        target = python_string(field.target or "")
        return [f'json_schema_extra={{"x-references": {target}}}']

    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        """Not a value of its own: the id of a row the tests insert first (see ``refs``)."""
        msg = f"field {field.name!r} takes the id of a row the tests insert, not a sample"
        raise ValueError(msg)

    def sample_expression(self, field: "FieldSpec") -> str:
        """The id of the row the generated tests insert for the field, from their ``refs``."""
        return f"refs[{python_string(field.name)}]"

    def invalid_value(self, field: "FieldSpec") -> str:
        return python_string(MISSING_ID)


class FileType(ForeignKeyType):
    """An uploaded file's id: an ``fk`` to the files table, checked to be the owner's own.

    Only ``--owned`` resources take it (see :func:`~scaffold.resource.fields.parse_fields`),
    so the service can refuse another user's file like any owner-scoped reference.
    """

    name = "file"
    usage = "file"

    def parse_type(self, field_name: str, text: str) -> TypeParameters | None:
        return TypeParameters(target=FILES_TABLE) if text == self.name else None

    def spec_type(self, field: "FieldSpec") -> str:
        return self.name
