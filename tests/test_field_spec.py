from decimal import Decimal

import pytest

from scaffold.errors import ScaffoldError
from scaffold.resource.field_types.base import FieldSpecError
from scaffold.resource.fields import FieldSpec, parse_field, parse_fields
from scaffold.resource.spec import resource_spec, singular_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name:str", FieldSpec("name", "str")),
        (
            "name:str:max=120:index",
            FieldSpec("name", "str", index=True, maximum=120),
        ),
        ("description:text:optional", FieldSpec("description", "text", optional=True)),
        (
            "price:decimal:10,2:min=0",
            FieldSpec("price", "decimal", minimum=Decimal(0), precision=10, scale=2),
        ),
        ("price:decimal", FieldSpec("price", "decimal", precision=10, scale=2)),
        (
            "inventory:int:min=0:default=0",
            FieldSpec("inventory", "int", minimum=0, default=0),
        ),
        ("active:bool:default=TRUE", FieldSpec("active", "bool", default=True)),
        ("born:date:optional", FieldSpec("born", "date", optional=True)),
        ("seen_at:datetime:index", FieldSpec("seen_at", "datetime", index=True)),
        ("ref:uuid:unique", FieldSpec("ref", "uuid", unique=True)),
        ("contact:email", FieldSpec("contact", "email")),
        (
            "status:enum(draft|live):default=live",
            FieldSpec("status", "enum", default="live", choices=("draft", "live")),
        ),
        ("status:enum(a,b)", FieldSpec("status", "enum", choices=("a", "b"))),
        ("product_id:fk(products)", FieldSpec("product_id", "fk", target="products")),
        ("tax_id:str:encrypted", FieldSpec("tax_id", "str", encrypted=True)),
        (
            "notes:text:optional:encrypted",
            FieldSpec("notes", "text", optional=True, encrypted=True),
        ),
        ('title:str:default=It\'s "new"', FieldSpec("title", "str", default='It\'s "new"')),
    ],
)
def test_field_specs_are_parsed(text: str, expected: FieldSpec) -> None:
    assert parse_field(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "name:str:index:max=120",
        "price:decimal:10,2:min=0",
        "inventory:int:min=0:default=0",
        "status:enum(draft|live):optional:default=live",
        "active:bool:default=false",
        "product_id:fk(products):optional",
        "tax_id:str:optional:encrypted:max=20",
    ],
)
def test_the_canonical_spec_reads_back_the_same(text: str) -> None:
    field = parse_field(text)
    assert field.spec() == text
    assert parse_field(field.spec()) == field


def test_what_lists_may_filter_and_sort_on() -> None:
    indexed = parse_field("name:str:index")
    optional = parse_field("nickname:str:index:optional")
    flag = parse_field("active:bool:index")
    reference = parse_field("owner_ref:fk(users)")
    plain = parse_field("note:str")
    assert (indexed.filterable, indexed.sortable) == (True, True)
    assert (optional.filterable, optional.sortable) == (True, False)
    assert (flag.filterable, flag.sortable) == (True, False)
    assert (reference.filterable, reference.sortable) == (True, False)
    assert (plain.filterable, plain.sortable) == (False, False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("size:huge", "Unknown type 'huge' for field 'size'; types: str, text, int"),
        ("size", "Field 'size' has no type: write name:type"),
        ("size:int:big", "Unknown modifier 'big' for field 'size'; modifiers: unique, index"),
        ("size:int:max", "Unknown modifier 'max' for field 'size'"),
        ("size:decimal:big", "and precision,scale right after decimal"),
        ("size:int:index:index", "Field 'size': modifier 'index' is given twice."),
        ("Size:int", "Invalid field name 'Size' in 'Size:int': use lower-case letters"),
        ("class:str", "Invalid field name 'class'"),
        ("2nd:str", "Invalid field name '2nd'"),
        (f"{'x' * 41}:str", "is longer than 40 characters"),
        ("id:str", "Field name 'id' is reserved"),
        ("created_at:datetime", "Field name 'created_at' is reserved"),
        ("cursor:str", "Field name 'cursor' is reserved"),
        ("model_name:str", "Field name 'model_name' is reserved"),
        ("json:str", "Field name 'json' is reserved"),
        ("status:enum()", "enum values must be letters, digits"),
        ("status:enum(a b)", "enum values must be letters, digits"),
        ("status:enum(a|a)", "repeats a value"),
        ("status:enum(a|b):default=c", "default 'c' is not one of a|b"),
        ("status:enum(a|b):unique", "unique does not apply to enum fields"),
        ("owner:fk(Users)", "fk() takes the name of a resource"),
        ("owner:fk(users):unique", "unique does not apply to fk fields"),
        ("owner:fk(users):default=x", "default= does not apply to fk fields"),
        ("active:bool:unique", "unique does not apply to bool fields"),
        ("active:bool:default=yes", "a bool default is true or false"),
        ("active:bool:max=3", "max= does not apply to bool fields"),
        ("body:text:index", "text fields cannot be unique or indexed"),
        ("name:str:max=0", "str fields hold 1 to 10000 characters"),
        ("name:str:max=2.5", "max= needs a whole number, got '2.5'"),
        ("name:str:min=-1", "a length cannot be negative"),
        ("name:str:max=3:default=long", "the default 'long' is above max=3"),
        ("name:str:min=3:default=ab", "the default 'ab' is below min=3"),
        ("count:int:min=5:max=1", "min=5 is larger than max=1"),
        ("count:int:max=3000000000", "int fields hold -2147483648 to 2147483647"),
        ("count:int:default=many", "default= needs a whole number"),
        ("count:int:min=0:default=-1", "the default -1 is below min=0"),
        ("price:decimal:3,2:max=10", "10 does not fit decimal(3,2)"),
        ("price:decimal:5,2:min=0.001", "0.001 does not fit decimal(5,2)"),
        ("price:decimal:40,2", "1 <= precision <= 38 and scale <= precision; got 40,2"),
        ("price:decimal:2,3", "got 2,3"),
        ("price:decimal:min=NaN", "min= needs a number"),
        ("day:date:default=2026-01-01", "default= does not apply to date fields"),
        ("contact:email:max=10", "max= does not apply to email fields"),
        ("title:str:default=a\tb", "the default must be printable text on one line"),
        ("tax_id:str:encrypted:index", "an encrypted field cannot be filtered or sorted on, so "),
        ("tax_id:str:unique:encrypted", "so unique does not apply: the database holds only"),
        ("born:date:encrypted", "encrypted does not apply to date fields (only to str, text)"),
        ("contact:email:encrypted", "encrypted does not apply to email fields"),
    ],
)
def test_bad_field_specs_name_the_field_and_the_fix(text: str, message: str) -> None:
    with pytest.raises(FieldSpecError) as refused:
        parse_field(text)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_field_given_twice_is_refused() -> None:
    with pytest.raises(FieldSpecError, match=r"Field 'name' is given twice\."):
        parse_fields(["name:str", "name:text"])


def test_owner_id_is_reserved_only_for_owned_resources() -> None:
    assert parse_fields(["owner_id:fk(users)"])[0].name == "owner_id"
    with pytest.raises(FieldSpecError, match="'owner_id' is reserved in an --owned resource"):
        parse_fields(["owner_id:fk(users)"], owned=True)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("products", "product"),
        ("categories", "category"),
        ("addresses", "address"),
        ("boxes", "box"),
        ("branches", "branch"),
        ("order_items", "order_item"),
        ("statuses", "status"),
        ("people", "person"),
        ("inventory", "inventory"),
        ("news", "new"),
    ],
)
def test_singulars_are_guessed_from_the_last_word(plural: str, singular: str) -> None:
    assert singular_of(plural) == singular


def test_names_derived_from_the_resource() -> None:
    spec = resource_spec("order_items", ["quantity:int"])
    assert (spec.singular, spec.class_name, spec.service_alias) == (
        "order_item",
        "OrderItem",
        "OrderItems",
    )
    assert (spec.path, spec.id_parameter, spec.write_permission) == (
        "/order-items",
        "order_item_id",
        "order_items:write",
    )
    same = resource_spec("inventory", ["count:int"])
    assert (same.class_name, same.service_alias) == ("Inventory", "InventoryRecords")
    assert resource_spec("news", ["title:str"], singular="news_item").class_name == "NewsItem"


@pytest.mark.parametrize(
    ("name", "singular", "owned", "message"),
    [
        ("selects", None, False, "would make the generated code shadow 'select'"),
        ("decimals", None, False, "would make the generated code shadow 'Decimal'"),
        ("notes", None, True, "--owned and --public-read cannot be combined"),
        ("notes", "Note", False, "Invalid singular name 'Note'"),
    ],
)
def test_resource_names_that_cannot_be_generated(
    name: str, singular: str | None, owned: bool, message: str
) -> None:
    with pytest.raises(ScaffoldError, match=message):
        resource_spec(name, ["title:str"], singular=singular, owned=owned, public_read=owned)
