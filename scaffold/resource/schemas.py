"""The API side of a resource: its pydantic bodies and list query.

Each field's constraints are checked at the boundary, so whatever passes
validation fits its column: lengths, 32-bit integers, decimal digits, storable
text, timestamps with an offset. A bad request is therefore a 422 naming the
field, never a database error.
"""

from scaffold.resource.fields import FieldSpec
from scaffold.resource.generation import ModuleImports
from scaffold.resource.python_source import call, literal_type, python_string, python_value
from scaffold.resource.spec import ResourceSpec, camel


def alias_name(spec: ResourceSpec, field: FieldSpec) -> str:
    """The name of a field's own type, where its type defines one: ``ProductStatus``."""
    return spec.class_name + camel(field.name)


def type_aliases(spec: ResourceSpec) -> str:
    """The types fields define for themselves (an enum's ``Literal``), once for every model."""
    return "\n".join(
        f"{alias_name(spec, field)} = {alias}"
        for field in spec.fields
        if (alias := field.kind.type_alias(field)) is not None
    )


def _annotation(spec: ResourceSpec, field: FieldSpec, *, output: bool) -> str:
    annotation = field.kind.output_type if output else field.kind.input_type
    return alias_name(spec, field) if annotation is None else annotation


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
        annotation = _annotation(spec, field, output=False)
        default = None
        if field.optional:
            annotation += " | None"
            default = "None" if field.default is None else python_value(field.default)
        elif field.default is not None:
            default = python_value(field.default)
        lines.append(_declaration(field.name, annotation, default, field.kind.constraints(field)))
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
        lines.append(f"    {field.name}: {_annotation(spec, field, output=True)}{optional}")
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
    lines = [f'    sort: {literal_type(orders)} = "created_at"']
    lines += [_optional_input(spec, field) for field in spec.fields if field.filterable]
    return "\n".join(lines)


def _optional_input(spec: ResourceSpec, field: FieldSpec) -> str:
    """A field that may be left out (None), with the constraints a value must meet."""
    annotation = _annotation(spec, field, output=False) + " | None"
    return _declaration(field.name, annotation, "None", field.kind.constraints(field))


def schema_imports(spec: ResourceSpec, imports: ModuleImports) -> str:
    """The schemas module's imports, added to the (empty) block ``imports``."""
    imports.add("uuid")
    imports.add("datetime", "datetime")
    imports.add("typing", "Literal")
    imports.add("pydantic", "BaseModel", "ConfigDict")
    imports.add_module("pagination", "ListQuery")
    imports.add_module("partial_update", "PartialUpdate")
    for field in spec.fields:
        if field.kind.input_import is not None:
            imports.add_import(field.kind.input_import)
        if field.kind.constraints(field):
            imports.add("pydantic", "Field")
    return imports.render()
