"""Arguments and inputs, validated by the REST schemas: one set of rules for both APIs.

GraphQL checks only the types of what a client sends; the lengths, bounds,
formats and required fields are the REST bodies' (`schemas/`), so a resolver
hands its arguments to them and a refusal is the same `VALIDATION_ERROR`,
naming each bad field, that REST answers.
"""

from typing import Any, TypeVar

import strawberry
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from ..errors import ValidationError

ModelT = TypeVar("ModelT", bound=BaseModel)


def parse_input(model: type[ModelT], **values: object) -> ModelT:
    """Validate arguments with a REST schema; `VALIDATION_ERROR` naming each bad field."""
    try:
        return model.model_validate(values)
    except PydanticValidationError as error:
        raise ValidationError(
            details=[
                {
                    "field": ".".join(str(part) for part in problem["loc"]),
                    "message": problem["msg"],
                    "type": problem["type"],
                }
                for problem in error.errors()
            ]
        ) from None


def sent(values: Any) -> dict[str, object]:
    """Return the fields of a GraphQL input the client sent (left out stays out, as in PATCH)."""
    return {name: value for name, value in vars(values).items() if value is not strawberry.UNSET}
