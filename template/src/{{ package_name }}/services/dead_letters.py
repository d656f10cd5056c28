"""Dead letters: reading them, and giving a job another round of attempts."""

import uuid

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from ..api.pagination import Page, fetch_page
from ..errors import ConflictError, NotFoundError
from ..jobs import enqueue
from ..jobs.registry import REGISTRY
from ..models.dead_letter import DeadLetter
from ..schemas.dead_letter import DeadLetterListQuery


class DeadLetterService:
    """List and retry jobs that failed every attempt."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list_page(self, query: DeadLetterListQuery) -> Page[DeadLetter]:
        """Return the page of dead letters that `query` asks for."""
        return await fetch_page(self.session, DeadLetter, query)

    async def retry(self, dead_letter_id: uuid.UUID) -> None:
        """Enqueue the job again with its payload and key (a fresh set of attempts).

        The dead letter goes: if the job fails every attempt again, a new one appears.
        """
        letter = await self.session.get(DeadLetter, dead_letter_id)
        if letter is None:
            raise NotFoundError("No such dead letter.")
        job = REGISTRY.get(letter.name)
        if job is None:
            raise ConflictError(f"No job is registered as {letter.name!r} any more.")
        await self.session.execute(delete(DeadLetter).where(DeadLetter.id == letter.id))
        await enqueue(self.session, job, letter.payload, idempotency_key=letter.idempotency_key)
