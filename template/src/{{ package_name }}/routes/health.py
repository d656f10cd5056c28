"""Liveness and readiness probes for load balancers and orchestrators.

They live at `/health/*`, outside the versioned API: infrastructure calls them,
and their contract must not change with API versions.
"""

from fastapi import APIRouter

from ..core.auth import PUBLIC_ROUTE
from ..core.config import AppConfig
from ..core.database import DbSession
from ..core.envelope import Envelope, error_responses, ok
from ..schemas.health import LiveStatus, ReadyStatus
from ..services.health import check_readiness

UNVERSIONED = True

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live", summary="Liveness probe", openapi_extra=PUBLIC_ROUTE)
async def live() -> Envelope[LiveStatus]:
    """Answer as long as the process serves requests; touches no dependency."""
    return ok(LiveStatus())


@router.get(
    "/ready",
    summary="Readiness probe",
    openapi_extra=PUBLIC_ROUTE,
    responses=error_responses(503),
)
async def ready(session: DbSession, settings: AppConfig) -> Envelope[ReadyStatus]:
    """Answer 200 when the database answers a query, 503 in the error envelope otherwise."""
    timeout = settings.database.health_timeout_seconds
    return ok(await check_readiness(session, timeout_seconds=timeout))
