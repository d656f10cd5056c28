"""What every storage backend offers: write a stream, read it back, delete, link."""

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Protocol
from urllib.parse import quote

#: Bytes handed back per read while a stored file is streamed to a client.
READ_CHUNK_BYTES = 64 * 1024


class StoredObjectMissingError(LookupError):
    """The metadata names a key the backend does not hold (deleted behind the app's back)."""


class FileStorage(Protocol):
    """A place for files' bytes, addressed by keys the app generates."""

    async def save(self, key: str, chunks: AsyncIterator[bytes]) -> None:
        """Write the chunks under `key` as they arrive, never the whole file in memory.

        If the chunks raise (too large, refused type, client gone), nothing is
        left under `key`: the partial write is removed and the error propagates.
        """
        ...

    def read(self, key: str) -> AsyncIterator[bytes]:
        """Yield the stored bytes chunk by chunk; `StoredObjectMissingError` if there are none."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file; removing a missing one is not an error."""
        ...

    async def exists(self, key: str) -> bool:
        """Whether anything is stored under `key`."""
        ...

    async def keys(self) -> list[str]:
        """Every stored key (for maintenance and tests; not for request paths)."""
        ...

    async def download_url(
        self, key: str, *, filename: str, content_type: str, expires_in: timedelta
    ) -> str | None:
        """Return a time-limited URL anyone holding it can download from, or None."""
        ...

    async def close(self) -> None:
        """Release connections (on shutdown)."""
        ...


def attachment(filename: str) -> str:
    """Build a Content-Disposition that downloads under the original name (RFC 6266/5987)."""
    return f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
