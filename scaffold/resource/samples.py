"""Test data for a resource's generated tests: valid values, invalid ones, referenced rows.

A valid value comes in two forms that must agree: an expression of ``number``
(0 to 9) for the tests' ``payload(number)``, so different numbers give
different values for unique fields; and the concrete value for a number, for
rows the tests insert directly (what an ``fk`` field points at).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scaffold.resource.fields import INT32, FieldSpec
from scaffold.resource.python_source import python_string
from scaffold.resource.spec import Reference, ResourceSpec

#: Samples exist for these numbers; tests use 1 to 3 for rows and 9 for replacements.
NUMBERS = range(10)
JsonValue = str | int | bool
#: A well-formed id that no row has: an ``fk`` to it must be refused.
MISSING_ID = "00000000-0000-4000-8000-ffffffffffff"


def sample(field: FieldSpec, number: int) -> JsonValue:
    """A valid JSON value for ``field``, different for each number where the type allows."""
    if field.type in {"str", "text"}:
        prefix = _text_prefix(field)
        return f"{prefix}{number}" if prefix is not None else str(number)
    if field.type == "email":
        return f"{_short(field.name)}{number}@example.com"
    if field.type == "int":
        low, span = _int_range(field)
        return low + number % span
    if field.type == "decimal":
        low, step, scale = _decimal_plan(field)
        return f"{Decimal(low + number * step).scaleb(-scale):.{scale}f}"
    if field.type == "bool":
        return number % 2 == 0
    if field.type == "date":
        return f"2026-01-{number + 1:02d}"
    if field.type == "datetime":
        return f"2026-01-{number + 1:02d}T12:00:00Z"
    if field.type == "uuid":
        return f"00000000-0000-4000-8000-{number:012d}"
    if field.type == "enum":
        return field.choices[number % len(field.choices)]
    msg = f"no sample for {field.type} fields"
    raise ValueError(msg)


def sample_expression(field: FieldSpec) -> str:
    """The Python expression (of ``number``) giving :func:`sample`'s values."""
    if field.type in {"str", "text"}:
        prefix = _text_prefix(field)
        return f'f"{prefix}{{number}}"' if prefix is not None else "str(number)"
    if field.type == "email":
        return f'f"{_short(field.name)}{{number}}@example.com"'
    if field.type == "int":
        low, span = _int_range(field)
        offset = "number" if span > max(NUMBERS) else f"number % {span}"
        return offset if low == 0 else f"{low} + {offset}"
    if field.type == "decimal":
        return _decimal_expression(*_decimal_plan(field))
    if field.type == "bool":
        return "number % 2 == 0"
    if field.type == "date":
        return 'f"2026-01-{number + 1:02d}"'
    if field.type == "datetime":
        return 'f"2026-01-{number + 1:02d}T12:00:00Z"'
    if field.type == "uuid":
        return 'f"00000000-0000-4000-8000-{number:012d}"'
    if field.type == "enum":
        if len(field.choices) == 1:
            return python_string(field.choices[0])
        choices = ", ".join(map(python_string, field.choices))
        return f"({choices})[number % {len(field.choices)}]"
    msg = f"no sample for {field.type} fields"
    raise ValueError(msg)


def invalid_value(field: FieldSpec) -> str:
    """A Python expression for a value of ``field`` that the API must refuse with a 422."""
    if field.type in {"str", "text"}:
        highest = field.length if field.type == "str" else field.maximum
        if highest is not None:
            return f'"x" * {highest + 1}'
        return '""' if field.minimum else '"NUL \\x00 inside"'
    if field.type == "int":
        if field.minimum is not None:
            return str(field.minimum - 1)
        return str(field.maximum + 1) if field.maximum is not None else str(INT32[1] + 1)
    if field.type == "decimal":
        return python_string(str(field.minimum - 1)) if field.minimum is not None else '"NaN"'
    if field.type == "fk":
        return python_string(MISSING_ID)
    return {
        "email": '"not-an-email"',
        "bool": '"maybe"',
        "date": '"2026-02-30"',
        "datetime": '"2026-01-01T12:00:00"',
        "uuid": '"not-a-uuid"',
        "enum": '"-not-a-choice-"',
    }[field.type]


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
        if reference.spec is None:
            return "writer.id"
        if table not in rows:
            values = {
                field.name: (
                    id_of(str(field.target))
                    if field.type == "fk"
                    else python_literal(sample(field, 0))
                )
                for field in reference.spec.fields
                if field.required or field.type == "fk"
            }
            rows[table] = ReferenceRow(f"{reference.spec.singular}_row", reference, values)
        return f"str({rows[table].variable}.id)"

    ids = {field.name: id_of(str(field.target)) for field in spec.fields if field.type == "fk"}
    return list(rows.values()), ids


def _text_prefix(field: FieldSpec) -> str | None:
    """Letters before the number, sized to fit the field's length bounds."""
    highest = field.length if field.type == "str" else field.maximum
    length = max(int(field.minimum or 0), len(_short(field.name)) + 1)
    if highest is not None:
        length = min(length, int(highest))
    stem = _short(field.name)
    repeated = stem * (length // len(stem) + 1)
    return repeated[: length - 1] or None


def _int_range(field: FieldSpec) -> tuple[int, int]:
    """The lowest sample and how many distinct samples fit under the maximum."""
    if field.minimum is not None:
        low = int(field.minimum)
    elif field.maximum is not None and field.maximum < max(NUMBERS):
        low = max(int(field.maximum) - max(NUMBERS), INT32[0])
    else:
        low = 0
    high = INT32[1] if field.maximum is None else int(field.maximum)
    return low, min(high - low + 1, len(NUMBERS))


def _decimal_plan(field: FieldSpec) -> tuple[int, int, int]:
    """(lowest sample, step, scale), the first two in units of the last digit.

    Whole steps when the precision leaves room for them, else steps of the
    last digit; starting at the minimum, or at 0.
    """
    scale = int(field.scale or 0)
    unit = 10**scale
    low = int((Decimal(field.minimum or 0) * unit).to_integral_value(rounding="ROUND_CEILING"))
    step = unit if (field.precision or 0) - scale >= 2 else 1
    if field.maximum is not None and low + step * max(NUMBERS) > field.maximum * unit:
        step = 1
    return low, step, scale


def _decimal_expression(low: int, step: int, scale: int) -> str:
    """The Python expression of ``number`` for the samples of :func:`_decimal_plan`."""
    unit = 10**scale
    offset = f" + {low}" if low > 0 else f" - {-low}" if low < 0 else ""
    if scale == 0:
        return f"str(number * {step}{offset})" if step != 1 else f"str(number{offset})"
    if step == unit and low % unit == 0:
        whole = f" + {low // unit}" if low > 0 else f" - {-low // unit}" if low < 0 else ""
        return f'f"{{number{whole}}}.{"0" * scale}"'
    return f'f"{{(number * {step}{offset}) / {unit}:.{scale}f}}"'


def _short(name: str) -> str:
    """A field name cut to twelve characters, to keep sample values and lines short."""
    return name[:12].rstrip("_")
