"""Readiness: whether the service can reach what it needs right now."""

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.errors import ServiceUnavailableError
from ..schemas.health import ReadyStatus

logger = logging.getLogger(__name__)


async def check_readiness(session: AsyncSession, *, timeout_seconds: float) -> ReadyStatus:
    """Run a real query within a deadline; a silent database is an outage, not a hang."""
    try:
        async with asyncio.timeout(timeout_seconds):
            await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError) as exc:
        logger.warning("Readiness check failed: database unreachable (%s)", type(exc).__name__)
        raise ServiceUnavailableError(
            "The database is unreachable.", details={"database": "unreachable"}
        ) from exc
    return ReadyStatus()
