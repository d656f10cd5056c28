"""Where uploaded files' bytes live: a local directory or an S3-compatible bucket.

Files are stored under keys the app generates (never a client's file name), so
no name a client sends can reach a path or an object key. `build_storage`
picks the backend `STORAGE__BACKEND` names; services only see `FileStorage`.
"""

from .backend import FileStorage, StoredObjectMissingError, attachment
from .content_types import SNIFF_BYTES, sniff_content_type
from .local import LocalFileStorage
from .s3 import S3FileStorage
from .settings import StorageSettings

__all__ = [
    "SNIFF_BYTES",
    "FileStorage",
    "LocalFileStorage",
    "S3FileStorage",
    "StorageSettings",
    "StoredObjectMissingError",
    "attachment",
    "build_storage",
    "sniff_content_type",
]


def build_storage(settings: StorageSettings) -> FileStorage:
    """Build the backend the settings name; nothing connects until the first call."""
    if settings.backend == "s3":
        return S3FileStorage(settings)
    return LocalFileStorage(settings.directory)
