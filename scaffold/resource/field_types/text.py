"""Text types: ``str`` (VARCHAR), ``text`` (TEXT) and ``email``."""

from typing import TYPE_CHECKING

from scaffold.resource.field_types.base import (
    Default,
    FieldSpecError,
    FieldType,
    Import,
    JsonValue,
    Number,
    parse_number,
    parse_text_default,
    short_name,
)

if TYPE_CHECKING:
    from scaffold.resource.fields import FieldSpec

DEFAULT_STR_LENGTH = 255
MAX_STR_LENGTH = 10_000
#: The longest address RFC 5321 allows.
EMAIL_LENGTH = 320
#: Text every database stores: no NUL (PostgreSQL refuses it), checked by the template's type.
STORED_TEXT = Import("input_types", "StoredText", project=True)


class _BoundedText(FieldType):
    """Text whose length ``min=``/``max=`` bound, and which may have a default."""

    bounded = True
    defaultable = True
    encryptable = True
    annotation = "str"
    input_type = "StoredText"
    output_type = "str"
    input_import = STORED_TEXT

    def parse_bound(self, field_name: str, key: str, value: str) -> Number:
        bound = parse_number(field_name, key, value, integer=True)
        if bound < 0:
            raise FieldSpecError(
                f"Field {field_name!r}: a length cannot be negative ({key}={value})."
            )
        return bound

    def parse_default(self, field_name: str, value: str) -> Default:
        return parse_text_default(field_name, value)

    def constraints(self, field: "FieldSpec") -> list[str]:
        lengths = [f"min_length={field.minimum}"] if field.minimum else []
        maximum = self.upper_bound(field)
        return lengths + ([f"max_length={maximum}"] if maximum is not None else [])

    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        prefix = self._prefix(field)
        return f"{prefix}{number}" if prefix is not None else str(number)

    def sample_expression(self, field: "FieldSpec") -> str:
        prefix = self._prefix(field)
        return f'f"{prefix}{{number}}"' if prefix is not None else "str(number)"

    def invalid_value(self, field: "FieldSpec") -> str:
        highest = self.upper_bound(field)
        if highest is not None:
            return f'"x" * {highest + 1}'
        return '""' if field.minimum else '"NUL \\x00 inside"'

    def _prefix(self, field: "FieldSpec") -> str | None:
        """Letters before the number, sized to fit the field's length bounds."""
        highest = self.upper_bound(field)
        length = max(int(field.minimum or 0), len(short_name(field.name)) + 1)
        if highest is not None:
            length = min(length, int(highest))
        stem = short_name(field.name)
        repeated = stem * (length // len(stem) + 1)
        return repeated[: length - 1] or None


class StrType(_BoundedText):
    """A short text in a VARCHAR; ``max=N`` sets its length (default 255)."""

    name = "str"
    ordered = True

    def check(self, field: "FieldSpec", where: str) -> None:
        if field.maximum is not None and not 1 <= field.maximum <= MAX_STR_LENGTH:
            raise FieldSpecError(
                f"{where}: str fields hold 1 to {MAX_STR_LENGTH} characters (max=N); "
                "use text for longer values."
            )

    def length(self, field: "FieldSpec") -> int | None:
        return int(field.maximum) if field.maximum is not None else DEFAULT_STR_LENGTH

    def upper_bound(self, field: "FieldSpec") -> Number | None:
        return self.length(field)

    def model_type(self, field: "FieldSpec") -> str | None:
        return f"String({self.length(field)})"

    def migration_type(self, field: "FieldSpec") -> str:
        return f"sa.String(length={self.length(field)})"


class TextType(_BoundedText):
    """Text of any length, in a TEXT column; too long to index."""

    name = "text"

    def check(self, field: "FieldSpec", where: str) -> None:
        if field.indexed:
            raise FieldSpecError(
                f"{where}: text fields cannot be unique or indexed (long values overflow an "
                "index); use str with max=N instead."
            )

    def model_type(self, field: "FieldSpec") -> str | None:
        return "Text"

    def migration_type(self, field: "FieldSpec") -> str:
        return "sa.Text()"


class EmailType(FieldType):
    """An email address, validated by pydantic, in a VARCHAR long enough for any."""

    name = "email"
    ordered = True
    annotation = "str"
    input_type = "EmailStr"
    output_type = "str"
    input_import = Import("pydantic", "EmailStr")

    def length(self, field: "FieldSpec") -> int | None:
        return EMAIL_LENGTH

    def model_type(self, field: "FieldSpec") -> str | None:
        return f"String({EMAIL_LENGTH})"

    def migration_type(self, field: "FieldSpec") -> str:
        return f"sa.String(length={EMAIL_LENGTH})"

    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        return f"{short_name(field.name)}{number}@example.com"

    def sample_expression(self, field: "FieldSpec") -> str:
        return f'f"{short_name(field.name)}{{number}}@example.com"'

    def invalid_value(self, field: "FieldSpec") -> str:
        return '"not-an-email"'
