"""The API side of a resource: its pydantic bodies and list query.

Each field's constraints are checked at the boundary, so whatever passes
validation fits its column: lengths, 32-bit integers, decimal digits, storable
text, timestamps with an offset. A bad request is therefore a 422 naming the
field, never a database error.
"""

from decimal import Decimal

from scaffold.resource.fields import INT32, FieldSpec
from scaffold.resource.generation import ModuleImports
from scaffold.resource.python_source import call, python_string
from scaffold.resource.spec import ResourceSpec, camel

#: The pydantic annotation of each field type, where one type name says it all.
INPUT_TYPES = {
    "str": "StoredText",
    "text": "StoredText",
    "email": "EmailStr",
    "int": "int",
    "decimal": "Decimal",
    "bool": "bool",
    "date": "date",
    "datetime": "UtcTimestamp",
    "uuid": "uuid.UUID",
    "fk": "uuid.UUID",
}
OUTPUT_TYPES = {**INPUT_TYPES, "str": "str", "text": "str", "email": "str", "datetime": "datetime"}


def choices_alias(spec: ResourceSpec, field: FieldSpec) -> str:
    """The name of an enum field's ``Literal`` type: ``ProductStatus``."""
    return spec.class_name + camel(field.name)


def enum_aliases(spec: ResourceSpec) -> str:
    """The ``Literal`` type of each enum field, defined once and used by every model."""
    return "\n".join(
        f"{choices_alias(spec, field)} = {_literal(field.choices)}"
        for field in spec.fields
        if field.type == "enum"
    )


def _literal(values: list[str] | tuple[str, ...]) -> str:
    return f"Literal[{', '.join(python_string(value) for value in values)}]"


def _annotation(spec: ResourceSpec, field: FieldSpec, types: dict[str, str]) -> str:
    return choices_alias(spec, field) if field.type == "enum" else types[field.type]


def _constraints(field: FieldSpec) -> list[str]:
    """``Field()`` arguments that keep a value inside what its column holds."""
    if field.type in {"str", "text"}:
        lengths = [f"min_length={field.minimum}"] if field.minimum else []
        maximum = field.length if field.type == "str" else field.maximum
        return lengths + ([f"max_length={maximum}"] if maximum is not None else [])
    if field.type == "int":
        low = INT32[0] if field.minimum is None else field.minimum
        high = INT32[1] if field.maximum is None else field.maximum
        return [f"ge={low}", f"le={high}"]
    if field.type == "decimal":
        bounds = [f"ge={_number(field.minimum)}"] if field.minimum is not None else []
        bounds += [f"le={_number(field.maximum)}"] if field.maximum is not None else []
        return [*bounds, f"max_digits={field.precision}", f"decimal_places={field.scale}"]
    return []


def _number(value: int | Decimal) -> str:
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"Decimal({python_string(str(value))})"
    return str(int(value))


def _default_literal(field: FieldSpec) -> str:
    value = field.default
    if isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, Decimal):
        return f"Decimal({python_string(str(value))})"
    return python_string(str(value))


def _declaration(name: str, annotation: str, default: str | None, constraints: list[str]) -> str:
    """``name: annotation [= default | = Field(default, constraints)]`` at class level."""
    if not constraints:
        suffix = "" if default is None else f" = {default}"
        return f"    {name}: {annotation}{suffix}"
    arguments = ([f"default={default}"] if default is not None else []) + constraints
    return f"    {name}: {annotation} = {call('Field', *arguments)}"


def create_fields(spec: ResourceSpec) -> str:
    """The create (and replace) body's fields: required unless optional or defaulted."""
    lines = []
    for field in spec.fields:
        annotation = _annotation(spec, field, INPUT_TYPES)
        default = None
        if field.optional:
            annotation += " | None"
            default = "None" if field.default is None else _default_literal(field)
        elif field.default is not None:
            default = _default_literal(field)
        lines.append(_declaration(field.name, annotation, default, _constraints(field)))
    return "\n".join(lines)


def update_fields(spec: ResourceSpec) -> str:
    """The PATCH body's fields: every one optional; NOT NULL ones listed in ``not_null``."""
    lines = []
    not_null = sorted(field.name for field in spec.fields if not field.optional)
    if not_null:
        members = ", ".join(python_string(name) for name in not_null)
        lines += [f"    not_null = frozenset({{{members}}})", ""]
    lines += [_optional_input(spec, field) for field in spec.fields]
    return "\n".join(lines)


def read_fields(spec: ResourceSpec) -> str:
    """The response model's fields, in the table's order."""
    lines = ["    id: uuid.UUID"]
    for field in spec.fields:
        optional = " | None" if field.optional else ""
        lines.append(f"    {field.name}: {_annotation(spec, field, OUTPUT_TYPES)}{optional}")
    if spec.owned:
        lines.append("    owner_id: uuid.UUID")
    lines += ["    created_at: datetime", "    updated_at: datetime"]
    return "\n".join(lines)


def sort_keys(spec: ResourceSpec) -> list[str]:
    """What the list may be sorted by: creation time, then the sortable fields."""
    return ["created_at", *(field.name for field in spec.fields if field.sortable)]


def list_query_fields(spec: ResourceSpec) -> str:
    """The list query's sort allowlist and its filters (one per indexed field)."""
    orders = [order for key in sort_keys(spec) for order in (key, f"-{key}")]
    lines = [f'    sort: {_literal(orders)} = "created_at"']
    lines += [_optional_input(spec, field) for field in spec.fields if field.filterable]
    return "\n".join(lines)


def _optional_input(spec: ResourceSpec, field: FieldSpec) -> str:
    """A field that may be left out (None), with the constraints a value must meet."""
    annotation = _annotation(spec, field, INPUT_TYPES) + " | None"
    return _declaration(field.name, annotation, "None", _constraints(field))


def schema_imports(spec: ResourceSpec, imports: ModuleImports) -> str:
    """The schemas module's imports, added to the (empty) block ``imports``."""
    imports.add("uuid")
    imports.add("datetime", "datetime")
    imports.add("typing", "Literal")
    imports.add("pydantic", "BaseModel", "ConfigDict")
    imports.add_module("pagination", "ListQuery")
    imports.add_module("partial_update", "PartialUpdate")
    for field in spec.fields:
        annotation = INPUT_TYPES.get(field.type)
        if annotation in {"StoredText", "UtcTimestamp"}:
            imports.add_module("input_types", annotation)
        elif annotation in {"Decimal", "date"}:
            imports.add("decimal" if annotation == "Decimal" else "datetime", annotation)
        elif annotation == "EmailStr":
            imports.add("pydantic", "EmailStr")
        if _constraints(field):
            imports.add("pydantic", "Field")
    return imports.render()
