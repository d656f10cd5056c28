"""What a field type of ``scaffold add resource`` defines, with the defaults most types share.

A type is one subclass of :class:`FieldType`: how a spec names it, which
modifiers apply, how its value is checked, stored (model and migration),
validated at the API (schemas), and sampled for the generated tests. Adding
a type is writing one subclass and listing it in :mod:`scaffold.resource.field_types`.
"""

import re
from abc import ABC, abstractmethod
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from scaffold.errors import ScaffoldError

if TYPE_CHECKING:
    from scaffold.resource.fields import FieldSpec

Number = int | Decimal
Default = str | int | Decimal | bool
#: A sample as the generated tests send it in a JSON body.
JsonValue = str | int | bool

#: Samples exist for these numbers; tests use 1 to 3 for rows and 9 for replacements.
NUMBERS = range(10)
#: What resource, field and fk target names look like.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class FieldSpecError(ScaffoldError):
    """A field spec that cannot be generated; the message names the field."""


class Import(NamedTuple):
    """A name a generated module imports for a type: from a Python module, or the project's.

    ``project``: ``module`` is the name of one of the project's modules in its
    layout description (``input_types``), not a Python module.
    """

    module: str
    name: str
    project: bool = False


class TypeParameters(TypedDict, total=False):
    """What a spec gives a type beside its name, as the :class:`FieldSpec` fields it fills."""

    precision: int
    scale: int
    choices: tuple[str, ...]
    target: str


class FieldType(ABC):
    """One field type; the class attributes say what applies to it, the methods do the rest."""

    #: The name in a field spec: ``price:decimal``.
    name: str
    #: How help and error messages show it, parameters included: ``enum(a|b|c)``.
    usage: str = ""
    #: ``min=``/``max=`` apply: to the length of text, to the value of numbers.
    bounded = False
    #: ``default=`` applies.
    defaultable = False
    #: ``unique`` applies.
    uniqueable = True
    #: ``encrypted`` applies: the value is text the API hands back as it was given.
    encryptable = False
    #: Sorting makes sense (not free text, not yes/no), so an indexed field sorts.
    ordered = False
    #: The database indexes the column whatever the modifiers say.
    always_indexed = False
    #: The column carries a CHECK constraint, named ``ck_<table>_<field>``.
    check_constraint = False
    #: The model's ``Mapped[...]`` type, and what it needs imported.
    annotation: str
    annotation_import: Import | None = None
    #: The pydantic types of request and response bodies; None when the type
    #: defines a named alias instead (see :meth:`type_alias`).
    input_type: str | None = None
    output_type: str | None = None
    #: What ``input_type`` needs imported.
    input_import: Import | None = None
    #: Added to the unknown-modifier message: modifiers particular to the type.
    modifier_hint = ""

    def __init__(self) -> None:
        self.usage = self.usage or self.name

    def parse_type(self, field_name: str, text: str) -> TypeParameters | None:
        """Read a spec's type text; None if it names another type, else the field's parameters."""
        return TypeParameters() if text == self.name else None

    def parse_parameters(self, field_name: str, modifiers: list[str]) -> TypeParameters:
        """Take the type's own parameters from the front of ``modifiers`` (``10,2``)."""
        return TypeParameters()

    def parse_bound(self, field_name: str, key: str, value: str) -> Number:
        """Read ``min=``/``max=``; only :attr:`bounded` types are asked."""
        raise NotImplementedError

    def parse_default(self, field_name: str, value: str) -> Default:
        """Read ``default=``; only :attr:`defaultable` types are asked."""
        raise NotImplementedError

    def check(self, field: "FieldSpec", where: str) -> None:
        """Refuse a combination of modifiers this type cannot hold; ``where`` names the field.

        Most types take every combination the parser lets through.
        """
        return

    def check_default(self, field: "FieldSpec", where: str) -> None:
        """Refuse a default this type cannot take, beyond the bounds (checked for every type)."""
        return

    def database_problem(self, field: "FieldSpec", database: str) -> str | None:
        """Why ``database`` (``sqlite``, ``postgresql``) would not store the field faithfully."""
        return None

    def length(self, field: "FieldSpec") -> int | None:
        """The column's character length, for the types stored as VARCHAR."""
        return None

    def upper_bound(self, field: "FieldSpec") -> Number | None:
        """The largest value (numbers) or length (text) the field takes, if bounded."""
        return field.maximum

    def spec_type(self, field: "FieldSpec") -> str:
        """The type as a canonical spec writes it, parameters included."""
        return self.name

    def spec_parameters(self, field: "FieldSpec") -> list[str]:
        """The type's own parameters, written right after it in a canonical spec."""
        return []

    def model_type(self, field: "FieldSpec") -> str | None:
        """The model's column type; None where the annotation alone picks it."""
        return None

    @abstractmethod
    def migration_type(self, field: "FieldSpec") -> str:
        """The column type in the migration (``sa.Integer()``)."""
        raise NotImplementedError

    def type_alias(self, field: "FieldSpec") -> str | None:
        """A type the schemas module defines once for the field, if the type needs one."""
        return None

    def constraints(self, field: "FieldSpec") -> list[str]:
        """``Field()`` arguments that keep a value inside what its column holds."""
        return []

    @abstractmethod
    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        """A valid value for the field, different for each number where the type allows."""
        raise NotImplementedError

    @abstractmethod
    def sample_expression(self, field: "FieldSpec") -> str:
        """The Python expression (of ``number``) giving :meth:`sample`'s values."""
        raise NotImplementedError

    @abstractmethod
    def invalid_value(self, field: "FieldSpec") -> str:
        """A Python expression for a value of the field that the API must refuse with a 422."""
        raise NotImplementedError


def parse_number(field_name: str, key: str, value: str, *, integer: bool) -> Number:
    """Read a finite number (a whole one if ``integer``) given as ``key=value``."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or (integer and number != number.to_integral_value()):
        kind = "a whole number" if integer else "a number"
        raise FieldSpecError(f"Field {field_name!r}: {key}= needs {kind}, got {value!r}.")
    return int(number) if integer else number


def parse_text_default(field_name: str, value: str) -> str:
    """A text default: printable, on one line."""
    if not value.isprintable():
        raise FieldSpecError(
            f"Field {field_name!r}: the default must be printable text on one line."
        )
    return value


def short_name(name: str) -> str:
    """A field name cut to twelve characters, to keep sample values and lines short."""
    return name[:12].rstrip("_")
