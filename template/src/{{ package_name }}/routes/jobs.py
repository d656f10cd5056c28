"""Administration of background jobs: the dead letters, and another try for them."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from ..api.envelope import Envelope, error_responses, ok
from ..infra.database import DbSession
from ..models.user import User
from ..schemas.dead_letter import DeadLetterListQuery, DeadLetterRead
from ..security.current_user import require_permission
from ..security.rbac import ADMIN_ROLE, grant
from ..services.dead_letters import DeadLetterService

router = APIRouter(prefix="/jobs", tags=["jobs"], responses=error_responses(401, 403))

JOBS_ADMIN = "jobs:admin"
grant(ADMIN_ROLE, JOBS_ADMIN)


async def get_dead_letter_service(db: DbSession) -> DeadLetterService:
    """Build the request's dead-letter service."""
    return DeadLetterService(db)


DeadLetters = Annotated[DeadLetterService, Depends(get_dead_letter_service)]
JobsAdmin = Annotated[User, require_permission(JOBS_ADMIN)]


@router.get("/dead-letters", summary="List dead letters")
async def list_dead_letters(
    query: Annotated[DeadLetterListQuery, Query()], _admin: JobsAdmin, letters: DeadLetters
) -> Envelope[list[DeadLetterRead]]:
    """One page of jobs that failed every attempt (`jobs:admin`), newest first.

    Each says which job it was, its payload (identifiers only), how many
    attempts it had and the last error. Filter by job `name`.
    """
    page = await letters.list_page(query)
    return ok([DeadLetterRead.model_validate(row) for row in page.items], meta=page.meta)


@router.post(
    "/dead-letters/{dead_letter_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Retry a dead letter",
    responses=error_responses(404, 409),
)
async def retry_dead_letter(
    dead_letter_id: uuid.UUID, _admin: JobsAdmin, letters: DeadLetters
) -> Envelope[None]:
    """Run the job again with a fresh set of attempts (`jobs:admin`).

    The dead letter is removed; the job runs in the background, so 202 means
    it is queued, not done.
    """
    await letters.retry(dead_letter_id)
    return ok(None, message="The job is queued again.")
