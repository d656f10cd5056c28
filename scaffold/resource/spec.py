"""A resource to generate: its name, the names derived from it, its fields and options.

The spec is also what ``scaffold add resource`` saves under
``.scaffold/resources/NAME.yml``, so a project records what was generated and
later resources can point at this one with ``fk(NAME)``.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from scaffold.errors import ScaffoldError
from scaffold.resource.field_types.reference import FILES_TABLE
from scaffold.resource.fields import FieldSpec, check_name, parse_fields

#: Where a project keeps the specs of its resources, relative to its root.
SPECS_DIRECTORY = PurePosixPath(".scaffold", "resources")
#: Words whose singular the suffix rules below would get wrong.
IRREGULAR_SINGULARS = {
    "aliases": "alias",
    "analyses": "analysis",
    "buses": "bus",
    "children": "child",
    "people": "person",
    "statuses": "status",
}
#: Names generated modules import or use for their own variables; a resource's
#: singular, plural or class name must not shadow them.
TAKEN_NAMES = frozenset(
    {"body", "query", "router", "select", "session", "status", "uuid", "values"}
    | {"Any", "Annotated", "Base", "BaseModel", "Decimal", "Enum", "Field", "Index"}
    | {"ListQuery", "Literal", "Mapped", "Page", "Query", "Response", "String", "Text", "User"}
)


@dataclass(frozen=True)
class ResourceSpec:
    """What to generate for one resource; ``name`` is its table and URL (plural)."""

    name: str
    singular: str
    fields: tuple[FieldSpec, ...]
    owned: bool = False
    public_read: bool = False

    @property
    def class_name(self) -> str:
        """The ORM model's class name: ``order_items`` gives ``OrderItem``."""
        return camel(self.singular)

    @property
    def service_alias(self) -> str:
        """The routes' dependency alias for the service (``Products``), like ``Users``."""
        plural = camel(self.name)
        return plural if plural != self.class_name else f"{plural}Records"

    @property
    def label(self) -> str:
        """The singular in words, for messages and docs: ``order item``."""
        return self.singular.replace("_", " ")

    @property
    def plural_label(self) -> str:
        """The plural in words: ``order items``."""
        return self.name.replace("_", " ")

    @property
    def path(self) -> str:
        """The URL path under the API prefix: ``/order-items``."""
        return "/" + self.name.replace("_", "-")

    @property
    def id_parameter(self) -> str:
        """The path parameter naming one row: ``order_item_id``."""
        return f"{self.singular}_id"

    @property
    def write_permission(self) -> str:
        """The permission writes require: ``order_items:write``."""
        return f"{self.name}:write"

    @property
    def field_names(self) -> tuple[str, ...]:
        """Every column of the resource except the ones every resource has."""
        return tuple(field.name for field in self.fields) + (("owner_id",) if self.owned else ())


def camel(snake: str) -> str:
    """``order_item`` -> ``OrderItem``."""
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def lower_camel(snake: str) -> str:
    """``order_item`` -> ``orderItem``, as GraphQL names fields."""
    upper = camel(snake)
    return upper[:1].lower() + upper[1:]


def singular_of(plural: str) -> str:
    """Guess the singular of an English plural, judging by its last word.

    Good for the usual cases (products, categories, addresses, boxes); for the
    others, ``--singular`` says it.
    """
    head, underscore, word = plural.rpartition("_")
    if word in IRREGULAR_SINGULARS:
        word = IRREGULAR_SINGULARS[word]
    elif word.endswith("ies") and len(word) > len("ies"):
        word = word[: -len("ies")] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        word = word[: -len("es")]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[: -len("s")]
    return head + underscore + word


def resource_spec(
    name: str,
    fields: Sequence[str],
    *,
    singular: str | None = None,
    owned: bool = False,
    public_read: bool = False,
) -> ResourceSpec:
    """Check a resource's name, options and fields; return its spec.

    Raises:
        ScaffoldError: The name, an option or a field is not acceptable.
    """
    check_name(name, what="resource name")
    singular = singular or singular_of(name)
    check_name(singular, what="singular name")
    if owned and public_read:
        raise ScaffoldError(
            "--owned and --public-read cannot be combined: an owned row is visible "
            "only to the user who created it."
        )
    spec = ResourceSpec(
        name=name,
        singular=singular,
        fields=parse_fields(fields, owned=owned),
        owned=owned,
        public_read=public_read,
    )
    if taken := sorted({name, singular, spec.class_name, spec.service_alias} & TAKEN_NAMES):
        raise ScaffoldError(
            f"The resource name {name!r} would make the generated code shadow {taken[0]!r}; "
            "choose another name."
        )
    return spec


def spec_path(name: str) -> PurePosixPath:
    """Where the spec of resource ``name`` is saved, relative to the project root."""
    return SPECS_DIRECTORY / f"{name}.yml"


def dump_spec(spec: ResourceSpec, extra: Mapping[str, Any]) -> str:
    """Write the spec as YAML, with ``extra`` facts about the generation."""
    document = {
        "name": spec.name,
        "singular": spec.singular,
        "owned": spec.owned,
        "public_read": spec.public_read,
        "fields": [field.spec() for field in spec.fields],
        **extra,
    }
    header = (
        "# Written by `scaffold add resource`: what it generated for this resource.\n"
        "# Later resources can refer to it with fk(NAME); edit the code, not this file.\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def load_spec(path: Path) -> ResourceSpec:
    """Read a spec saved by :func:`dump_spec`.

    Raises:
        ScaffoldError: The file is missing its keys or holds invalid fields.
    """
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        return ResourceSpec(
            name=str(document["name"]),
            singular=str(document["singular"]),
            fields=parse_fields(
                [str(field) for field in document["fields"]], owned=bool(document["owned"])
            ),
            owned=bool(document["owned"]),
            public_read=bool(document["public_read"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise ScaffoldError(f"Cannot read the resource spec {path}: {error}") from error


@dataclass(frozen=True)
class Reference:
    """Where an ``fk`` field points: the target's table, model class and module.

    ``spec`` is the target's saved spec; None for ``users``, the one table of
    the template that resources may reference.
    """

    table: str
    class_name: str
    module: str
    spec: ResourceSpec | None

    @property
    def follows_owner(self) -> bool:
        """Whether target rows vanish with a user: users themselves, or owned rows.

        A reference to such a row cascades (or is cleared when optional), or
        deleting an account would fail on it; others block deletion with a 409.
        """
        return self.spec is None or self.spec.owned

    @property
    def owned_rows(self) -> bool:
        """Whether each target row has an owner (`owner_id`): owned resources, and files."""
        return self.table == FILES_TABLE if self.spec is None else self.spec.owned
