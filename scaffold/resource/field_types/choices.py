"""``enum(a|b|c)``: one of a few values, a VARCHAR with a CHECK constraint on every database."""

import re
from typing import TYPE_CHECKING

from scaffold.resource.field_types.base import (
    Default,
    FieldSpecError,
    FieldType,
    JsonValue,
    TypeParameters,
    parse_text_default,
)
from scaffold.resource.python_source import call, literal_type, python_string

if TYPE_CHECKING:
    from scaffold.resource.fields import FieldSpec

ENUM_VALUE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_ENUM_VALUE_LENGTH = 64


class EnumType(FieldType):
    """Choices written into the spec; the schemas name them once as a ``Literal`` type."""

    name = "enum"
    usage = "enum(a|b|c)"
    defaultable = True
    uniqueable = False
    ordered = True
    check_constraint = True
    annotation = "str"

    def parse_type(self, field_name: str, text: str) -> TypeParameters | None:
        match = re.fullmatch(r"enum\((.*)\)", text)
        if match is None:
            return None
        choices = tuple(re.split(r"[|,]", match.group(1)))
        if not match.group(1) or not all(ENUM_VALUE_PATTERN.match(value) for value in choices):
            raise FieldSpecError(
                f"Field {field_name!r}: enum values must be letters, digits, '_', '.' or '-' "
                f"separated by '|', as in enum(draft|published); got {text!r}."
            )
        if len(set(choices)) != len(choices):
            raise FieldSpecError(f"Field {field_name!r}: {text} repeats a value.")
        if any(len(value) > MAX_ENUM_VALUE_LENGTH for value in choices):
            raise FieldSpecError(
                f"Field {field_name!r}: enum values are at most {MAX_ENUM_VALUE_LENGTH} characters."
            )
        return TypeParameters(choices=choices)

    def parse_default(self, field_name: str, value: str) -> Default:
        return parse_text_default(field_name, value)

    def check_default(self, field: "FieldSpec", where: str) -> None:
        if field.default not in field.choices:
            raise FieldSpecError(
                f"{where}: default {field.default!r} is not one of {'|'.join(field.choices)}."
            )

    def length(self, field: "FieldSpec") -> int | None:
        return max(len(choice) for choice in field.choices)

    def spec_type(self, field: "FieldSpec") -> str:
        return f"enum({'|'.join(field.choices)})"

    def model_type(self, field: "FieldSpec") -> str | None:
        return self._column_type("Enum", field)

    def migration_type(self, field: "FieldSpec") -> str:
        return self._column_type("sa.Enum", field)

    def _column_type(self, function: str, field: "FieldSpec") -> str:
        """A VARCHAR with a CHECK constraint (not a native enum), so it works on every database.

        Named after the field; the naming convention turns that into ``ck_<table>_<field>``.
        """
        return call(
            function,
            *(python_string(choice) for choice in field.choices),
            f"name={python_string(field.name)}",
            "native_enum=False",
            "create_constraint=True",
            f"length={self.length(field)}",
        )

    def type_alias(self, field: "FieldSpec") -> str | None:
        return literal_type(field.choices)

    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        return field.choices[number % len(field.choices)]

    def sample_expression(self, field: "FieldSpec") -> str:
        if len(field.choices) == 1:
            return python_string(field.choices[0])
        choices = ", ".join(map(python_string, field.choices))
        return f"({choices})[number % {len(field.choices)}]"

    def invalid_value(self, field: "FieldSpec") -> str:
        return '"-not-a-choice-"'
