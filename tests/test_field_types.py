"""The field types: each defined once, and the test data they give valid in both its forms."""

import re
from decimal import Decimal

import pytest

from scaffold.cli.add_resource import EPILOG
from scaffold.resource.field_types import FIELD_TYPES
from scaffold.resource.field_types.base import NUMBERS, FieldSpecError
from scaffold.resource.field_types.numbers import INT32
from scaffold.resource.field_types.reference import FILES_TABLE
from scaffold.resource.fields import parse_field, parse_fields
from scaffold.template.source import CHECKOUT_TEMPLATE

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
    expression = field.kind.sample_expression(field)
    for number in NUMBERS:
        assert eval(expression, {"number": number}) == field.kind.sample(field, number)  # noqa: S307


@pytest.mark.parametrize("spec", SPECS)
def test_samples_fit_the_field(spec: str) -> None:
    field = parse_field(spec)
    values = [field.kind.sample(field, number) for number in NUMBERS]
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


def test_the_samples_cover_every_type_but_the_references() -> None:
    """fk and file values are the ids of rows the tests insert (see reference_rows)."""
    covered = {parse_field(spec).type for spec in SPECS}
    assert covered == set(FIELD_TYPES) - {"fk", "file"}


def test_a_file_field_points_at_the_uploaded_files() -> None:
    field = parse_field("picture:file:optional")
    assert (field.type, field.target, field.optional) == ("file", FILES_TABLE, True)
    assert field.spec() == "picture:file:optional"
    assert field.kind.migration_type(field) == "sa.Uuid()"


def test_a_file_field_needs_an_owned_resource() -> None:
    assert parse_fields(["picture:file"], owned=True)[0].target == FILES_TABLE
    with pytest.raises(FieldSpecError, match="'picture': a file field needs an --owned resource"):
        parse_fields(["picture:file"], owned=False)


def test_a_file_field_takes_no_unique_and_no_parameters() -> None:
    with pytest.raises(FieldSpecError, match="unique"):
        parse_field("picture:file:unique")
    with pytest.raises(FieldSpecError):
        parse_field("picture:file(x)")


def test_the_help_and_the_readme_name_every_type() -> None:
    """The docs list the types by hand; a type added to the registry must reach them."""
    help_types = EPILOG.split("types:")[1].split("modifiers:")[0]
    readme = (CHECKOUT_TEMPLATE / "README.md").read_text()
    table = readme.split("| Type | Column | Notes |")[1].split("\n\n")[0]
    readme_types = {
        name
        for row in table.splitlines()[1:]
        for name in re.findall(r"`'?([a-z]+)", row.split(" | ")[0])
    }
    assert readme_types == set(FIELD_TYPES)
    for name in FIELD_TYPES:
        assert re.search(rf"(?<![a-z]){name}\b", help_types), name
