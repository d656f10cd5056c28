"""PATCH bodies: the fields sent change, the others keep their values.

Each field of a `PartialUpdate` defaults to None, meaning "not sent"
(`model_dump(exclude_unset=True)` leaves it out). A column that cannot be NULL
is listed in `not_null`: sending null for it is then a 422 naming the field,
and the OpenAPI document shows it as not nullable.
"""

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, GetJsonSchemaHandler, ValidationInfo, field_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


class PartialUpdate(BaseModel):
    """Base of PATCH bodies; subclasses declare optional fields and their `not_null` ones."""

    model_config = ConfigDict(extra="forbid")

    #: Fields whose column is NOT NULL: they may be left out, but not sent as null.
    not_null: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*")
    @classmethod
    def _refuse_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name in cls.not_null:
            msg = "may be left out, but not null"
            raise ValueError(msg)
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Document `not_null` fields as their plain type, without the `null` alternative."""
        json_schema = handler.resolve_ref_schema(handler(core_schema))
        for name in cls.not_null:
            prop = json_schema.get("properties", {}).get(name, {})
            choices = [choice for choice in prop.pop("anyOf", []) if choice != {"type": "null"}]
            if len(choices) == 1:
                prop.update(choices[0])
            elif choices:
                prop["anyOf"] = choices
            prop.pop("default", None)
        return json_schema

    def changes(self) -> dict[str, Any]:
        """Return the fields that were sent, with their new values."""
        return self.model_dump(exclude_unset=True)
