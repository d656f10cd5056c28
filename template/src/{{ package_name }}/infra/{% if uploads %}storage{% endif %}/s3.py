"""Files in an S3-compatible bucket, through boto3 in worker threads.

boto3 is AWS's own client and the best kept; its calls block, so each runs in
a thread (`anyio.to_thread`) and the event loop keeps serving. aioboto3 would
avoid the threads but pins aiobotocore to exact botocore releases, which
fights every other package that needs boto3. An upload goes up in parts of
`STORAGE__PART_BYTES` (multipart upload), so one upload holds at most one part
in memory; a file smaller than one part goes in a single PUT.
"""

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import anyio
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from .backend import READ_CHUNK_BYTES, StoredObjectMissingError, attachment
from .settings import StorageSettings

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client
    from types_boto3_s3.type_defs import CompletedPartTypeDef

MISSING_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


class S3FileStorage:
    """One bucket; each file an object named by its key."""

    def __init__(self, settings: StorageSettings) -> None:
        if settings.bucket is None:
            msg = "the S3 backend needs a bucket"
            raise ValueError(msg)
        self.bucket = settings.bucket
        self.part_bytes = settings.part_bytes
        self._settings = settings
        self._client: S3Client | None = None

    @property
    def client(self) -> "S3Client":
        """The boto3 client, made on first use (boto3 clients are safe to share across threads)."""
        if self._client is None:
            settings = self._settings
            self._client = boto3.client(
                "s3",
                endpoint_url=settings.endpoint_url,
                region_name=settings.region,
                aws_access_key_id=secret(settings.access_key_id),
                aws_secret_access_key=secret(settings.secret_access_key),
                config=Config(
                    signature_version="s3v4",
                    s3={"addressing_style": "path" if settings.path_style else "auto"},
                    connect_timeout=5,
                    read_timeout=30,
                    retries={"max_attempts": 3, "mode": "standard"},
                ),
            )
        return self._client

    async def call(self, function: Callable[..., Any], /, **arguments: Any) -> Any:
        """Run one blocking boto3 call in a worker thread."""
        return await anyio.to_thread.run_sync(partial(function, **arguments))

    async def save(self, key: str, chunks: AsyncIterator[bytes]) -> None:
        """PUT a small file whole; send a larger one in parts, aborted if the chunks fail."""
        buffer = bytearray()
        upload_id: str | None = None
        parts: list[CompletedPartTypeDef] = []
        try:
            async for chunk in chunks:
                buffer += chunk
                while len(buffer) >= self.part_bytes:
                    if upload_id is None:
                        started = await self.call(
                            self.client.create_multipart_upload, Bucket=self.bucket, Key=key
                        )
                        upload_id = str(started["UploadId"])
                    parts.append(await self.send_part(key, upload_id, len(parts) + 1, buffer))
                    del buffer[: self.part_bytes]
            if upload_id is None:
                body = bytes(buffer)
                await self.call(self.client.put_object, Bucket=self.bucket, Key=key, Body=body)
                return
            if buffer:
                parts.append(await self.send_part(key, upload_id, len(parts) + 1, buffer))
            await self.call(
                self.client.complete_multipart_upload,
                Bucket=self.bucket,
                Key=key,
                UploadId=upload_id,
                MultipartUpload={"Parts": parts},
            )
        except BaseException:
            if upload_id is not None:
                with anyio.CancelScope(shield=True):
                    await self.call(
                        self.client.abort_multipart_upload,
                        Bucket=self.bucket,
                        Key=key,
                        UploadId=upload_id,
                    )
            raise

    async def send_part(
        self, key: str, upload_id: str, number: int, buffer: bytearray
    ) -> "CompletedPartTypeDef":
        """Upload the first `part_bytes` of `buffer` as part `number`."""
        sent = await self.call(
            self.client.upload_part,
            Bucket=self.bucket,
            Key=key,
            UploadId=upload_id,
            PartNumber=number,
            Body=bytes(buffer[: self.part_bytes]),
        )
        return {"ETag": sent["ETag"], "PartNumber": number}

    async def read(self, key: str) -> AsyncIterator[bytes]:
        """Yield the object's bytes, `READ_CHUNK_BYTES` at a time."""
        try:
            found = await self.call(self.client.get_object, Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING_CODES:
                raise StoredObjectMissingError(key) from error
            raise
        body = found["Body"]
        try:
            while chunk := await anyio.to_thread.run_sync(body.read, READ_CHUNK_BYTES):
                yield chunk
        finally:
            body.close()

    async def delete(self, key: str) -> None:
        """Remove the object (S3 answers a missing one with success too)."""
        await self.call(self.client.delete_object, Bucket=self.bucket, Key=key)

    async def exists(self, key: str) -> bool:
        """Whether the bucket holds the object."""
        try:
            await self.call(self.client.head_object, Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING_CODES:
                return False
            raise
        return True

    async def keys(self) -> list[str]:
        """Every object's key in the bucket."""
        found: list[str] = []
        token: str | None = None
        while True:
            page_arguments: dict[str, Any] = {"Bucket": self.bucket}
            if token is not None:
                page_arguments["ContinuationToken"] = token
            page = await self.call(self.client.list_objects_v2, **page_arguments)
            found += [item["Key"] for item in page.get("Contents", [])]
            if not page.get("IsTruncated"):
                return sorted(found)
            token = page["NextContinuationToken"]

    async def download_url(
        self, key: str, *, filename: str, content_type: str, expires_in: timedelta
    ) -> str | None:
        """Presign a GET that names the file and its sniffed type in the answer's headers."""
        parameters = {
            "Bucket": self.bucket,
            "Key": key,
            "ResponseContentType": content_type,
            "ResponseContentDisposition": attachment(filename),
        }
        url: str = await self.call(
            self.client.generate_presigned_url,
            ClientMethod="get_object",
            Params=parameters,
            ExpiresIn=int(expires_in.total_seconds()),
        )
        return url

    async def close(self) -> None:
        """Close the client's connection pool."""
        if self._client is not None:
            self._client.close()
            self._client = None


def secret(value: Any) -> str | None:
    """Reveal a SecretStr's value, or None (boto3 then looks in its usual places)."""
    return None if value is None else str(value.get_secret_value())
