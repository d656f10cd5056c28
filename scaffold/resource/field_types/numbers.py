"""Number types: ``int`` (32-bit) and ``decimal`` (fixed precision and scale)."""

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from scaffold.resource.field_types.base import (
    NUMBERS,
    Default,
    FieldSpecError,
    FieldType,
    Import,
    JsonValue,
    Number,
    TypeParameters,
    parse_number,
)
from scaffold.resource.python_source import python_string

if TYPE_CHECKING:
    from scaffold.resource.fields import FieldSpec

INT32 = (-(2**31), 2**31 - 1)
DEFAULT_DECIMAL = (10, 2)
MAX_DECIMAL_PRECISION = 38
#: SQLite keeps decimals as 64-bit floats: exact to about 15 significant digits.
SQLITE_MAX_DECIMAL_PRECISION = 15
DECIMAL = Import("decimal", "Decimal")


class IntType(FieldType):
    """A 32-bit integer, the range every database stores as INTEGER."""

    name = "int"
    bounded = True
    defaultable = True
    ordered = True
    annotation = "int"
    input_type = "int"
    output_type = "int"

    def parse_bound(self, field_name: str, key: str, value: str) -> Number:
        return parse_number(field_name, key, value, integer=True)

    def parse_default(self, field_name: str, value: str) -> Default:
        return parse_number(field_name, "default", value, integer=True)

    def check(self, field: "FieldSpec", where: str) -> None:
        for bound in (field.minimum, field.maximum):
            if bound is not None and not INT32[0] <= bound <= INT32[1]:
                raise FieldSpecError(
                    f"{where}: int fields hold {INT32[0]} to {INT32[1]}; got {bound}."
                )

    def migration_type(self, field: "FieldSpec") -> str:
        return "sa.Integer()"

    def constraints(self, field: "FieldSpec") -> list[str]:
        low = INT32[0] if field.minimum is None else field.minimum
        high = INT32[1] if field.maximum is None else field.maximum
        return [f"ge={low}", f"le={high}"]

    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        low, span = _int_range(field)
        return low + number % span

    def sample_expression(self, field: "FieldSpec") -> str:
        low, span = _int_range(field)
        offset = "number" if span > max(NUMBERS) else f"number % {span}"
        return offset if low == 0 else f"{low} + {offset}"

    def invalid_value(self, field: "FieldSpec") -> str:
        if field.minimum is not None:
            return str(field.minimum - 1)
        return str(field.maximum + 1) if field.maximum is not None else str(INT32[1] + 1)


class DecimalType(FieldType):
    """A NUMERIC(P, S): ``price:decimal:10,2`` (the default precision and scale)."""

    name = "decimal"
    bounded = True
    defaultable = True
    ordered = True
    annotation = "Decimal"
    annotation_import = DECIMAL
    input_type = "Decimal"
    output_type = "Decimal"
    input_import = DECIMAL
    modifier_hint = ", and precision,scale right after decimal (price:decimal:10,2)"

    def parse_parameters(self, field_name: str, modifiers: list[str]) -> TypeParameters:
        precision, scale = DEFAULT_DECIMAL
        if modifiers and re.fullmatch(r"\d+,\d+", modifiers[0]):
            precision, scale = (int(part) for part in modifiers.pop(0).split(","))
        return TypeParameters(precision=precision, scale=scale)

    def parse_bound(self, field_name: str, key: str, value: str) -> Number:
        return parse_number(field_name, key, value, integer=False)

    def parse_default(self, field_name: str, value: str) -> Default:
        return parse_number(field_name, "default", value, integer=False)

    def check(self, field: "FieldSpec", where: str) -> None:
        precision, scale = field.precision or 0, field.scale or 0
        if not 1 <= precision <= MAX_DECIMAL_PRECISION or scale > precision:
            raise FieldSpecError(
                f"{where}: decimal precision,scale needs 1 <= precision <= "
                f"{MAX_DECIMAL_PRECISION} and scale <= precision; got {precision},{scale}."
            )
        largest = Decimal(10) ** (precision - scale)
        for bound in (field.minimum, field.maximum, field.default):
            if isinstance(bound, Decimal) and (
                abs(bound) >= largest or bound != bound.quantize(Decimal(1).scaleb(-scale))
            ):
                raise FieldSpecError(f"{where}: {bound} does not fit decimal({precision},{scale}).")

    def database_problem(self, field: "FieldSpec", database: str) -> str | None:
        if database == "sqlite" and (field.precision or 0) > SQLITE_MAX_DECIMAL_PRECISION:
            return (
                f"Field {field.name!r}: SQLite stores decimals as 64-bit floats, exact to "
                f"{SQLITE_MAX_DECIMAL_PRECISION} digits; use a precision of at most "
                f"{SQLITE_MAX_DECIMAL_PRECISION}."
            )
        return None

    def spec_parameters(self, field: "FieldSpec") -> list[str]:
        return [f"{field.precision},{field.scale}"]

    def model_type(self, field: "FieldSpec") -> str | None:
        return f"Numeric({field.precision}, {field.scale})"

    def migration_type(self, field: "FieldSpec") -> str:
        return f"sa.Numeric(precision={field.precision}, scale={field.scale})"

    def constraints(self, field: "FieldSpec") -> list[str]:
        bounds = [f"ge={_number(field.minimum)}"] if field.minimum is not None else []
        bounds += [f"le={_number(field.maximum)}"] if field.maximum is not None else []
        return [*bounds, f"max_digits={field.precision}", f"decimal_places={field.scale}"]

    def sample(self, field: "FieldSpec", number: int) -> JsonValue:
        low, step, scale = _decimal_plan(field)
        return f"{Decimal(low + number * step).scaleb(-scale):.{scale}f}"

    def sample_expression(self, field: "FieldSpec") -> str:
        return _decimal_expression(*_decimal_plan(field))

    def invalid_value(self, field: "FieldSpec") -> str:
        return python_string(str(field.minimum - 1)) if field.minimum is not None else '"NaN"'


def _number(value: Number) -> str:
    """A bound as source: a whole number plainly, a fraction as ``Decimal("0.5")``."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"Decimal({python_string(str(value))})"
    return str(int(value))


def _int_range(field: "FieldSpec") -> tuple[int, int]:
    """The lowest sample and how many distinct samples fit under the maximum."""
    if field.minimum is not None:
        low = int(field.minimum)
    elif field.maximum is not None and field.maximum < max(NUMBERS):
        low = max(int(field.maximum) - max(NUMBERS), INT32[0])
    else:
        low = 0
    high = INT32[1] if field.maximum is None else int(field.maximum)
    return low, min(high - low + 1, len(NUMBERS))


def _decimal_plan(field: "FieldSpec") -> tuple[int, int, int]:
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
