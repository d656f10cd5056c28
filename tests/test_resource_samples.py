"""Test data the generated tests use: valid for its field, in both of its forms."""

from decimal import Decimal

import pytest

from scaffold.resource.fields import INT32, parse_field
from scaffold.resource.samples import NUMBERS, sample, sample_expression

SPECS = [
    "name:str:max=120:index",
    "code:str:min=4:max=4",
    "tiny:str:max=1",
    "a_field_name_of_forty_characters_exactly:text:min=50",
    "contact:email",
    "count:int",
    "quantity:int:min=1",
    "level:int:min=-3:max=2",
    "below_zero:int:max=-100",
    "price:decimal:10,2:min=0",
    "rate:decimal:3,3",
    "offset:decimal:6,2:min=-5.5:max=100",
    "whole:decimal:5,0:min=10",
    "active:bool",
    "born:date",
    "seen_at:datetime",
    "ref:uuid",
    "status:enum(draft|live|gone)",
    "only:enum(one)",
]


@pytest.mark.parametrize("spec", SPECS)
def test_the_expression_gives_the_samples(spec: str) -> None:
    field = parse_field(spec)
    expression = sample_expression(field)
    for number in NUMBERS:
        assert eval(expression, {"number": number}) == sample(field, number)  # noqa: S307


@pytest.mark.parametrize("spec", SPECS)
def test_samples_fit_the_field(spec: str) -> None:
    field = parse_field(spec)
    values = [sample(field, number) for number in NUMBERS]
    for value in values:
        if field.type in {"str", "text"}:
            assert isinstance(value, str)
            assert len(value) >= (field.minimum or 0)
            assert field.type == "text" or len(value) <= (field.length or 0)
        elif field.type == "int":
            assert isinstance(value, int)
            low = INT32[0] if field.minimum is None else field.minimum
            high = INT32[1] if field.maximum is None else field.maximum
            assert low <= value <= high
        elif field.type == "decimal":
            number = Decimal(str(value))
            assert field.minimum is None or number >= field.minimum
            assert field.maximum is None or number <= field.maximum
            digits = number.as_tuple()
            assert -int(digits.exponent) == field.scale
            assert len(digits.digits) <= (field.precision or 0)
        elif field.type == "enum":
            assert value in field.choices
    if field.type in {"str", "text", "email", "int", "uuid", "date", "datetime"} and (
        field.maximum is None or field.maximum > len(NUMBERS)
    ):
        assert len(set(values)) == len(values), "unique fields need distinct samples"
