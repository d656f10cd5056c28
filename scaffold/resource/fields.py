"""Field specs of ``scaffold add resource``: ``name:type[:modifier...]`` read and checked.

Every mistake is refused here, with a message naming the field and what would
be accepted, before anything is rendered: an unknown type or modifier, a
modifier that does not apply to the type, bounds or defaults that contradict
each other.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from scaffold.resource.field_types import FIELD_TYPES, FieldType
from scaffold.resource.field_types.base import (
    NAME_PATTERN,
    Default,
    FieldSpecError,
    Number,
    TypeParameters,
)
from scaffold.resource.python_source import is_identifier

MODIFIERS = ("unique", "index", "optional", "encrypted", "max=N", "min=N", "default=V")

#: Columns every resource has, and names generated code gives a meaning of its own:
#: list query parameters, and attributes of pydantic models and SQLAlchemy classes.
RESERVED_FIELD_NAMES = frozenset(
    {"id", "created_at", "updated_at"}
    | {"cursor", "page", "page_size", "sort", "with_total"}
    | {"construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj"}
    | {"parse_raw", "schema", "schema_json", "update_forward_refs", "validate"}
    | {"metadata", "registry"}
)
MAX_NAME_LENGTH = 40
FLAGS = frozenset({"unique", "index", "optional", "encrypted"})


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
    #: Stored encrypted (AES-GCM under the project's data keys): readable only through the app.
    encrypted: bool = False
    minimum: Number | None = None
    maximum: Number | None = None
    default: Default | None = None
    precision: int | None = None
    scale: int | None = None
    choices: tuple[str, ...] = ()
    target: str | None = None

    @property
    def kind(self) -> FieldType:
        """The field's type, as the registry defines it."""
        return FIELD_TYPES[self.type]

    @property
    def indexed(self) -> bool:
        """Whether the database indexes the column (foreign keys always are)."""
        return self.index or self.unique or self.kind.always_indexed

    @property
    def filterable(self) -> bool:
        """Whether the list endpoint filters on it: indexed, so filtering stays fast."""
        return self.indexed

    @property
    def sortable(self) -> bool:
        """Whether the list endpoint sorts on it: indexed, ordered and never NULL.

        Keyset pagination compares (sort key, id) pairs, which NULLs would break.
        """
        return self.indexed and not self.optional and self.kind.ordered

    @property
    def required(self) -> bool:
        """Whether a create request must send it."""
        return not self.optional and self.default is None

    @property
    def length(self) -> int | None:
        """The column's character length, for the types stored as VARCHAR."""
        return self.kind.length(self)

    def spec(self) -> str:
        """Return the canonical ``name:type[:modifier...]`` text of this field."""
        parts = [self.name, self.kind.spec_type(self), *self.kind.spec_parameters(self)]
        flags = ("unique", "index", "optional", "encrypted")
        parts += [flag for flag in flags if getattr(self, flag)]
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

    ``owned`` resources reserve ``owner_id`` for the creator's id; only they
    take ``file`` fields, since a row may only name its owner's files.
    """
    fields: list[FieldSpec] = []
    for text in texts:
        field = parse_field(text)
        if owned and field.name == "owner_id":
            raise FieldSpecError(
                "Field 'owner_id' is reserved in an --owned resource: it holds the creator's id."
            )
        if not owned and field.kind.name == "file":
            raise FieldSpecError(
                f"Field {field.name!r}: a file field needs an --owned resource "
                "(each row may only name files its owner uploaded)."
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
            f"Field {text!r} has no type: write name:type, e.g. {name}:str (types: {_type_list()})."
        )
    type_text, *modifiers = rest.split(":")
    kind, parameters = _parse_type(name, type_text)
    parameters.update(kind.parse_parameters(name, modifiers))
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
                f"modifiers: {', '.join(MODIFIERS)}{kind.modifier_hint}."
            )
    field = FieldSpec(
        name=name,
        type=kind.name,
        unique="unique" in flags,
        index="index" in flags,
        optional="optional" in flags,
        encrypted="encrypted" in flags,
        minimum=bounds.get("min"),
        maximum=bounds.get("max"),
        default=default,
        **parameters,
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


def _parse_type(name: str, text: str) -> tuple[FieldType, TypeParameters]:
    """Return the type a spec's type text names, and the field parameters it carries."""
    for kind in FIELD_TYPES.values():
        parameters = kind.parse_type(name, text)
        if parameters is not None:
            return kind, parameters
    raise FieldSpecError(f"Unknown type {text!r} for field {name!r}; types: {_type_list()}.")


def _type_list() -> str:
    return ", ".join(kind.usage for kind in FIELD_TYPES.values())


def _bound(name: str, kind: FieldType, key: str, value: str) -> Number:
    if not kind.bounded:
        raise FieldSpecError(
            f"Field {name!r}: {key}= does not apply to {kind.name} fields "
            "(only to str and text lengths and int and decimal values)."
        )
    return kind.parse_bound(name, key, value)


def _default(name: str, kind: FieldType, value: str) -> Default:
    if not kind.defaultable:
        defaultable = sorted(other.name for other in FIELD_TYPES.values() if other.defaultable)
        raise FieldSpecError(
            f"Field {name!r}: default= does not apply to {kind.name} fields "
            f"(only to {', '.join(defaultable)})."
        )
    return kind.parse_default(name, value)


def _check_consistency(field: FieldSpec) -> None:
    """Refuse combinations that cannot hold: bounds, defaults, indexes, precision."""
    where = f"Field {field.name!r}"
    if field.unique and not field.kind.uniqueable:
        raise FieldSpecError(f"{where}: unique does not apply to {field.type} fields.")
    if field.encrypted:
        _check_encrypted(field, where)
    field.kind.check(field, where)
    if field.minimum is not None and field.maximum is not None and field.minimum > field.maximum:
        raise FieldSpecError(f"{where}: min={field.minimum} is larger than max={field.maximum}.")
    if field.default is not None:
        _check_default(field, where)


def _check_encrypted(field: FieldSpec, where: str) -> None:
    """Refuse what an encrypted column cannot do: each write stores a different ciphertext.

    The database never sees the value, so it can neither compare it (a filter,
    a unique constraint) nor order by it (a sort); an index would hold noise.
    """
    if not field.kind.encryptable:
        encryptable = sorted(other.name for other in FIELD_TYPES.values() if other.encryptable)
        raise FieldSpecError(
            f"{where}: encrypted does not apply to {field.type} fields "
            f"(only to {', '.join(encryptable)})."
        )
    if field.index or field.unique:
        modifier = "unique" if field.unique else "index"
        raise FieldSpecError(
            f"{where}: an encrypted field cannot be filtered or sorted on, so {modifier} "
            "does not apply: the database holds only ciphertext, different on every write. "
            "Drop the modifier, or leave the field unencrypted."
        )


def _check_default(field: FieldSpec, where: str) -> None:
    field.kind.check_default(field, where)
    default = field.default
    if isinstance(default, bool) or default is None:
        return
    # Text is bounded by its length, numbers by their value.
    measured = len(default) if isinstance(default, str) else default
    highest = field.kind.upper_bound(field)
    if field.minimum is not None and measured < field.minimum:
        raise FieldSpecError(f"{where}: the default {default!r} is below min={field.minimum}.")
    if highest is not None and measured > highest:
        raise FieldSpecError(f"{where}: the default {default!r} is above max={highest}.")
