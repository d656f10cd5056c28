"""The success envelope (the conventions suite checks every route declares it)."""

from datetime import datetime
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient


@pytest.mark.convention("RESP-ENVELOPE")
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


def _schema_name(reference: dict[str, Any]) -> str:
    return str(reference["$ref"]).rsplit("/", 1)[-1]


def test_readiness_documents_its_503(app: FastAPI) -> None:
    responses = app.openapi()["paths"]["/health/ready"]["get"]["responses"]
    assert _schema_name(responses["503"]["content"]["application/json"]["schema"]) == (
        "ErrorEnvelope"
    )
