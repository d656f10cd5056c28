"""The success envelope, and OpenAPI documenting exactly the envelopes that are sent."""

from datetime import datetime
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient


async def test_success_envelope_has_the_documented_fields(client: AsyncClient) -> None:
    response = await client.get("/health/live")
    body = response.json()
    assert set(body) == {"success", "data", "message", "meta", "timestamp"}
    assert body["success"] is True
    assert body["message"] is None
    assert body["meta"] is None
    timestamp = datetime.fromisoformat(body["timestamp"])
    assert timestamp.utcoffset() is not None
    assert timestamp.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


# The OAuth2 password flow's response shape is fixed by its specification.
UNWRAPPED_BY_SPECIFICATION = {"/api/v1/auth/token"}


def _schema_name(reference: dict[str, Any]) -> str:
    return str(reference["$ref"]).rsplit("/", 1)[-1]


def test_openapi_documents_envelopes_for_success_and_errors(app: FastAPI) -> None:
    openapi = app.openapi()
    operations = [
        operation
        for path, path_item in openapi["paths"].items()
        if path not in UNWRAPPED_BY_SPECIFICATION
        for operation in path_item.values()
    ]
    assert operations
    for operation in operations:
        for status, response in operation["responses"].items():
            if status == "204":
                assert "content" not in response
                continue
            schema = response["content"]["application/json"]["schema"]
            name = _schema_name(schema)
            if status.startswith("2"):
                assert name.startswith("Envelope_"), (operation["operationId"], status, name)
            else:
                assert name == "ErrorEnvelope", (operation["operationId"], status, name)
    assert "HTTPValidationError" not in openapi["components"]["schemas"]


def test_readiness_documents_its_503(app: FastAPI) -> None:
    responses = app.openapi()["paths"]["/health/ready"]["get"]["responses"]
    assert _schema_name(responses["503"]["content"]["application/json"]["schema"]) == (
        "ErrorEnvelope"
    )
