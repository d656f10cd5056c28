"""Field specs of ``scaffold add resource``: ``name:type[:modifier...]`` read and checked.

Every mistake is refused here, with a message naming the field and what would
be accepted, before anything is rendered: an unknown type or modifier, a
modifier that does not apply to the type, bounds or defaults that contradict
each other.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from scaffold.errors import ScaffoldError
from scaffold.resource.python_source import is_identifier

TYPES = ("str", "text", "int", "decimal", "bool", "date", "datetime", "uuid", "email")
PARAMETERIZED_TYPES = ("enum(a|b|c)", "fk(<resource>)")
MODIFIERS = ("unique", "index", "optional", "max=N", "min=N", "default=V")

#: Columns every resource has, and names generated code gives a meaning of its own:
#: list query parameters, and attributes of pydantic models and SQLAlchemy classes.
RESERVED_FIELD_NAMES = frozenset(
    {"id", "created_at", "updated_at"}
    | {"cursor", "page", "page_size", "sort", "with_total"}
    | {"construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj"}
    | {"parse_raw", "schema", "schema_json", "update_forward_refs", "validate"}
    | {"metadata", "registry"}
)
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ENUM_VALUE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_NAME_LENGTH = 40
MAX_ENUM_VALUE_LENGTH = 64

INT32 = (-(2**31), 2**31 - 1)
DEFAULT_STR_LENGTH = 255
MAX_STR_LENGTH = 10_000
DEFAULT_DECIMAL = (10, 2)
MAX_DECIMAL_PRECISION = 38
EMAIL_LENGTH = 320

FLAGS = frozenset({"unique", "index", "optional"})
BOUNDED_TYPES = frozenset({"str", "text", "int", "decimal"})
DEFAULTABLE_TYPES = frozenset({"str", "text", "int", "decimal", "bool", "enum"})
#: Types a filter or sort on an index makes sense for (not free text, not yes/no).
ORDERED_TYPES = frozenset({"str", "int", "decimal", "date", "datetime", "email", "enum"})

Number = int | Decimal
Default = str | int | Decimal | bool


class FieldSpecError(ScaffoldError):
    """A field spec that cannot be generated; the message names the field."""


@dataclass(frozen=True)
class FieldSpec:
    """One column of a resource, with its API constraints.

    ``minimum``/``maximum`` bound the length of ``str`` and ``text`` values and
    the value of ``int`` and ``decimal`` ones.
    """

    name: str
    type: str
    unique: bool = False
    index: bool = False
    optional: bool = False
    minimum: Number | None = None
    maximum: Number | None = None
    default: Default | None = None
    precision: int | None = None
    scale: int | None = None
    choices: tuple[str, ...] = ()
    target: str | None = None

    @property
    def indexed(self) -> bool:
        """Whether the database indexes the column (foreign keys always are)."""
        return self.index or self.unique or self.type == "fk"

    @property
    def filterable(self) -> bool:
        """Whether the list endpoint filters on it: indexed, so filtering stays fast."""
        return self.indexed

    @property
    def sortable(self) -> bool:
        """Whether the list endpoint sorts on it: indexed, ordered and never NULL.

        Keyset pagination compares (sort key, id) pairs, which NULLs would break.
        """
        return self.indexed and not self.optional and self.type in ORDERED_TYPES

    @property
    def required(self) -> bool:
        """Whether a create request must send it."""
        return not self.optional and self.default is None

    @property
    def length(self) -> int | None:
        """The column's character length, for the types stored as VARCHAR."""
        if self.type == "str":
            return int(self.maximum) if self.maximum is not None else DEFAULT_STR_LENGTH
        if self.type == "email":
            return EMAIL_LENGTH
        if self.type == "enum":
            return max(len(choice) for choice in self.choices)
        return None

    def spec(self) -> str:
        """Return the canonical ``name:type[:modifier...]`` text of this field."""
        kind = self.type
        if self.type == "enum":
            kind = f"enum({'|'.join(self.choices)})"
        elif self.type == "fk":
            kind = f"fk({self.target})"
        parts = [self.name, kind]
        if self.type == "decimal":
            parts.append(f"{self.precision},{self.scale}")
        parts += [flag for flag in ("unique", "index", "optional") if getattr(self, flag)]
        if self.minimum is not None:
            parts.append(f"min={self.minimum}")
        if self.maximum is not None:
            parts.append(f"max={self.maximum}")
        if self.default is not None:
            shown = str(self.default).lower() if isinstance(self.default, bool) else self.default
            parts.append(f"default={shown}")
        return ":".join(parts)


def parse_fields(texts: Iterable[str], *, owned: bool = False) -> tuple[FieldSpec, ...]:
    """Parse every field spec; refuse duplicates and names the resource reserves.

    ``owned`` resources reserve ``owner_id`` for the creator's id.
    """
    fields: list[FieldSpec] = []
    for text in texts:
        field = parse_field(text)
        if owned and field.name == "owner_id":
            raise FieldSpecError(
                "Field 'owner_id' is reserved in an --owned resource: it holds the creator's id."
            )
        if any(existing.name == field.name for existing in fields):
            raise FieldSpecError(f"Field {field.name!r} is given twice.")
        fields.append(field)
    return tuple(fields)


def parse_field(text: str) -> FieldSpec:
    """Parse one ``name:type[:modifier...]`` spec."""
    name, _, rest = text.partition(":")
    check_name(name, what="field name", text=text)
    if not rest:
        raise FieldSpecError(
            f"Field {text!r} has no type: write name:type, e.g. {name}:str "
            f"(types: {', '.join(TYPES + PARAMETERIZED_TYPES)})."
        )
    type_text, *modifiers = rest.split(":")
    kind, choices, target = _parse_type(name, type_text)
    precision = scale = None
    if kind == "decimal":
        precision, scale = DEFAULT_DECIMAL
        if modifiers and re.fullmatch(r"\d+,\d+", modifiers[0]):
            precision, scale = (int(part) for part in modifiers.pop(0).split(","))
    flags: set[str] = set()
    bounds: dict[str, Number] = {}
    default: Default | None = None
    seen: set[str] = set()
    for modifier in modifiers:
        key, equals, value = modifier.partition("=")
        if key in seen:
            raise FieldSpecError(f"Field {name!r}: modifier {key!r} is given twice.")
        seen.add(key)
        if not equals and key in FLAGS:
            flags.add(key)
        elif equals and key in {"min", "max"}:
            bounds[key] = _bound(name, kind, key, value)
        elif equals and key == "default":
            default = _default(name, kind, value)
        else:
            raise FieldSpecError(
                f"Unknown modifier {modifier!r} for field {name!r}; "
                f"modifiers: {', '.join(MODIFIERS)}"
                + (
                    ", and precision,scale right after decimal (price:decimal:10,2)."
                    if kind == "decimal"
                    else "."
                )
            )
    field = FieldSpec(
        name=name,
        type=kind,
        unique="unique" in flags,
        index="index" in flags,
        optional="optional" in flags,
        minimum=bounds.get("min"),
        maximum=bounds.get("max"),
        default=default,
        precision=precision,
        scale=scale,
        choices=choices,
        target=target,
    )
    _check_consistency(field)
    return field


def check_name(name: str, *, what: str, text: str | None = None) -> None:
    """Refuse a name that is not a lower-case Python identifier of reasonable length."""
    given = f" in {text!r}" if text is not None and text != name else ""
    if not NAME_PATTERN.match(name) or not is_identifier(name):
        raise FieldSpecError(
            f"Invalid {what} {name!r}{given}: use lower-case letters, digits and underscores, "
            "starting with a letter, and no Python keyword."
        )
    if len(name) > MAX_NAME_LENGTH:
        raise FieldSpecError(f"The {what} {name!r} is longer than {MAX_NAME_LENGTH} characters.")
    if what == "field name" and (name in RESERVED_FIELD_NAMES or name.startswith("model_")):
        raise FieldSpecError(
            f"Field name {name!r} is reserved: every resource has id, created_at and "
            "updated_at, list queries use cursor, page, page_size, sort and with_total, "
            "and pydantic and SQLAlchemy claim model_*, metadata, json and the like."
        )


def _parse_type(name: str, text: str) -> tuple[str, tuple[str, ...], str | None]:
    """Return (type, enum choices, fk target) of a type spec."""
    if text in TYPES:
        return text, (), None
    if match := re.fullmatch(r"enum\((.*)\)", text):
        choices = tuple(re.split(r"[|,]", match.group(1)))
        if not match.group(1) or not all(ENUM_VALUE_PATTERN.match(value) for value in choices):
            raise FieldSpecError(
                f"Field {name!r}: enum values must be letters, digits, '_', '.' or '-' "
                f"separated by '|', as in enum(draft|published); got {text!r}."
            )
        if len(set(choices)) != len(choices):
            raise FieldSpecError(f"Field {name!r}: {text} repeats a value.")
        if any(len(value) > MAX_ENUM_VALUE_LENGTH for value in choices):
            raise FieldSpecError(
                f"Field {name!r}: enum values are at most {MAX_ENUM_VALUE_LENGTH} characters."
            )
        return "enum", choices, None
    if match := re.fullmatch(r"fk\((.*)\)", text):
        if not NAME_PATTERN.match(match.group(1)):
            raise FieldSpecError(
                f"Field {name!r}: fk() takes the name of a resource (its table), "
                f"as in fk(products); got {text!r}."
            )
        return "fk", (), match.group(1)
    raise FieldSpecError(
        f"Unknown type {text!r} for field {name!r}; "
        f"types: {', '.join(TYPES + PARAMETERIZED_TYPES)}."
    )


def _bound(name: str, kind: str, key: str, value: str) -> Number:
    if kind not in BOUNDED_TYPES:
        raise FieldSpecError(
            f"Field {name!r}: {key}= does not apply to {kind} fields "
            "(only to str and text lengths and int and decimal values)."
        )
    bound = _number(name, key, value, integer=kind != "decimal")
    if kind in {"str", "text"} and bound < 0:
        raise FieldSpecError(f"Field {name!r}: a length cannot be negative ({key}={value}).")
    return bound


def _number(name: str, key: str, value: str, *, integer: bool) -> Number:
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or (integer and number != number.to_integral_value()):
        kind = "a whole number" if integer else "a number"
        raise FieldSpecError(f"Field {name!r}: {key}= needs {kind}, got {value!r}.")
    return int(number) if integer else number


def _default(name: str, kind: str, value: str) -> Default:
    if kind not in DEFAULTABLE_TYPES:
        raise FieldSpecError(
            f"Field {name!r}: default= does not apply to {kind} fields "
            f"(only to {', '.join(sorted(DEFAULTABLE_TYPES))})."
        )
    if kind == "bool":
        if value.lower() not in {"true", "false"}:
            raise FieldSpecError(f"Field {name!r}: a bool default is true or false, not {value!r}.")
        return value.lower() == "true"
    if kind in {"int", "decimal"}:
        return _number(name, "default", value, integer=kind == "int")
    if not value.isprintable():
        raise FieldSpecError(f"Field {name!r}: the default must be printable text on one line.")
    return value


def _check_consistency(field: FieldSpec) -> None:
    """Refuse combinations that cannot hold: bounds, defaults, indexes, precision."""
    where = f"Field {field.name!r}"
    if field.type in {"bool", "enum", "fk"} and field.unique:
        raise FieldSpecError(f"{where}: unique does not apply to {field.type} fields.")
    if field.type == "text" and field.indexed:
        raise FieldSpecError(
            f"{where}: text fields cannot be unique or indexed (long values overflow an index); "
            "use str with max=N instead."
        )
    if field.type == "decimal":
        _check_decimal(field, where)
    if field.type == "int":
        for bound in (field.minimum, field.maximum):
            if bound is not None and not INT32[0] <= bound <= INT32[1]:
                raise FieldSpecError(
                    f"{where}: int fields hold {INT32[0]} to {INT32[1]}; got {bound}."
                )
    if (
        field.type == "str"
        and field.maximum is not None
        and not 1 <= field.maximum <= MAX_STR_LENGTH
    ):
        raise FieldSpecError(
            f"{where}: str fields hold 1 to {MAX_STR_LENGTH} characters (max=N); "
            "use text for longer values."
        )
    if field.minimum is not None and field.maximum is not None and field.minimum > field.maximum:
        raise FieldSpecError(f"{where}: min={field.minimum} is larger than max={field.maximum}.")
    if field.default is not None:
        _check_default(field, where)


def _check_decimal(field: FieldSpec, where: str) -> None:
    precision, scale = field.precision or 0, field.scale or 0
    if not 1 <= precision <= MAX_DECIMAL_PRECISION or scale > precision:
        raise FieldSpecError(
            f"{where}: decimal precision,scale needs 1 <= precision <= {MAX_DECIMAL_PRECISION} "
            f"and scale <= precision; got {precision},{scale}."
        )
    largest = Decimal(10) ** (precision - scale)
    for bound in (field.minimum, field.maximum, field.default):
        if isinstance(bound, Decimal) and (
            abs(bound) >= largest or bound != bound.quantize(Decimal(1).scaleb(-scale))
        ):
            raise FieldSpecError(f"{where}: {bound} does not fit decimal({precision},{scale}).")


def _check_default(field: FieldSpec, where: str) -> None:
    default = field.default
    if field.type == "enum" and default not in field.choices:
        raise FieldSpecError(
            f"{where}: default {default!r} is not one of {'|'.join(field.choices)}."
        )
    if isinstance(default, bool) or default is None:
        return
    # Text is bounded by its length, numbers by their value.
    measured = len(default) if isinstance(default, str) else default
    highest = field.length if field.type == "str" else field.maximum
    if field.minimum is not None and measured < field.minimum:
        raise FieldSpecError(f"{where}: the default {default!r} is below min={field.minimum}.")
    if highest is not None and measured > highest:
        raise FieldSpecError(f"{where}: the default {default!r} is above max={highest}.")
