"""Types with nothing to configure: ``bool``, ``date``, ``datetime`` and ``uuid``."""

from typing import TYPE_CHECKING

from scaffold.resource.field_types.base import Default, FieldSpecError, FieldType, Import, JsonValue

if TYPE_CHECKING:
    from scaffold.resource.fields import FieldSpec


class BoolType(FieldType):
    """Yes or no; the only default worth giving is one of the two."""

    name = "bool"
    defaultable = True
    uniqueable = False
    annotation = "bool"
    input_type = "bool"
    output_type = "bool"

    def parse_default(self, field_name: str, value: str) -> Default:
        if value.lower() not in {"true", "false"}:
            raise FieldSpecError(
                f"Field {field_name!r}: a bool default is true or false, not {value!r}."
            )
        return value.lower() == "true"

    def migration_type(self, field: "FieldSpec") -> str:
        return "sa.Boolean()"

    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        return number % 2 == 0

    def sample_expression(self, field: "FieldSpec") -> str:
        return "number % 2 == 0"

    def invalid_value(self, field: "FieldSpec") -> str:
        return '"maybe"'


class DateType(FieldType):
    """A calendar day."""

    name = "date"
    ordered = True
    annotation = "date"
    annotation_import = Import("datetime", "date")
    input_type = "date"
    output_type = "date"
    input_import = annotation_import

    def migration_type(self, field: "FieldSpec") -> str:
        return "sa.Date()"

    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        return f"{2000 + number}-01-01"

    def sample_expression(self, field: "FieldSpec") -> str:
        # A year per number: valid and distinct for any row count (the N+1 tests create 50).
        return 'f"{2000 + number}-01-01"'

    def invalid_value(self, field: "FieldSpec") -> str:
        return '"2026-02-30"'


class DatetimeType(FieldType):
    """An instant: input needs an offset, stored and returned in UTC (the template's type)."""

    name = "datetime"
    ordered = True
    annotation = "datetime"
    annotation_import = Import("datetime", "datetime")
    input_type = "UtcTimestamp"
    output_type = "datetime"
    input_import = Import("input_types", "UtcTimestamp", project=True)

    def migration_type(self, field: "FieldSpec") -> str:
        return "sa.DateTime(timezone=True)"

    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        return f"{2000 + number}-01-01T12:00:00Z"

    def sample_expression(self, field: "FieldSpec") -> str:
        return 'f"{2000 + number}-01-01T12:00:00Z"'

    def invalid_value(self, field: "FieldSpec") -> str:
        return '"2026-01-01T12:00:00"'


class UuidType(FieldType):
    """A UUID that points at nothing in particular (``fk`` is the one that does)."""

    name = "uuid"
    annotation = "uuid.UUID"
    input_type = "uuid.UUID"
    output_type = "uuid.UUID"

    def migration_type(self, field: "FieldSpec") -> str:
        return "sa.Uuid()"

    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        return f"00000000-0000-4000-8000-{number:012d}"

    def sample_expression(self, field: "FieldSpec") -> str:
        return 'f"00000000-0000-4000-8000-{number:012d}"'

    def invalid_value(self, field: "FieldSpec") -> str:
        return '"not-a-uuid"'
