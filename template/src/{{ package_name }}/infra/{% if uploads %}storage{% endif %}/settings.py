"""Settings of file storage: where uploads go, how large and of which types."""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator

from .content_types import ALLOWABLE_TYPES

#: S3 refuses multipart parts under 5 MiB (all but the last).
MIN_PART_BYTES = 5 * 1024 * 1024


class StorageSettings(BaseModel):
    """`STORAGE__BACKEND=local` (the default) writes under `directory`; `s3` uses a bucket."""

    backend: Literal["local", "s3"] = "local"
    # Local backend: files live under here, in subdirectories named by their keys.
    directory: Path = Path("var/uploads")
    # S3 backend: any S3-compatible service (AWS, MinIO, Ceph, R2...).
    bucket: str | None = None
    endpoint_url: str | None = None
    region: str = "us-east-1"
    access_key_id: SecretStr | None = None
    secret_access_key: SecretStr | None = None
    # Path-style addressing (`endpoint/bucket/key`), which most self-hosted services need.
    path_style: bool = True
    # Parts of a multipart upload: the most memory one upload holds on its way to S3.
    part_bytes: int = Field(default=8 * 1024 * 1024, ge=MIN_PART_BYTES)
    # How long a presigned download link works.
    download_url_seconds: int = Field(default=300, ge=1, le=7 * 24 * 3600)
    # An upload's file may not exceed this (413); checked before the body is read.
    max_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    # Types decided from the file's first bytes (infra/storage/content_types.py).
    allowed_types: list[str] = [
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
    ]

    @field_validator("allowed_types")
    @classmethod
    def only_recognisable_types(cls, value: list[str]) -> list[str]:
        """Refuse at startup a type the content sniffer cannot recognise (or an executable)."""
        unknown = sorted(set(value) - ALLOWABLE_TYPES)
        if unknown:
            msg = f"not recognisable from content: {unknown}; choose from {sorted(ALLOWABLE_TYPES)}"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def bucket_for_s3(self) -> "StorageSettings":
        """Refuse the S3 backend without a bucket name."""
        if self.backend == "s3" and not self.bucket:
            msg = "STORAGE__BUCKET must be set when STORAGE__BACKEND is s3"
            raise ValueError(msg)
        return self
