"""Every field type ``scaffold add resource`` knows, each defined once, in one registry.

The spec parser, the column, schema and sample renderers all read a field's
type from :data:`FIELD_TYPES`; adding a type is one class (see
:class:`~scaffold.resource.field_types.base.FieldType`) and one entry here.
"""

from scaffold.resource.field_types.base import FieldType
from scaffold.resource.field_types.choices import EnumType
from scaffold.resource.field_types.numbers import DecimalType, IntType
from scaffold.resource.field_types.plain import BoolType, DatetimeType, DateType, UuidType
from scaffold.resource.field_types.reference import FileType, ForeignKeyType
from scaffold.resource.field_types.text import EmailType, StrType, TextType

#: By name, in the order help and error messages list them.
FIELD_TYPES: dict[str, FieldType] = {
    kind.name: kind
    for kind in (
        StrType(),
        TextType(),
        IntType(),
        DecimalType(),
        BoolType(),
        DateType(),
        DatetimeType(),
        UuidType(),
        EmailType(),
        EnumType(),
        ForeignKeyType(),
        FileType(),
    )
}

__all__ = ["FIELD_TYPES", "FieldType"]
