"""Archives in a bucket (s3://bucket/prefix), with the endpoint, region and
credentials of the media storage (AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment).

An archive is streamed into a multipart upload that is completed only after
its manifest is written: until then S3 lists no object under the archive's
name, and a failed upload is aborted (or, when the endpoint is gone, left as
parts no listing shows, for the bucket's lifecycle rule to clear away).
"""

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from .archive import ArchiveError

SCHEME = "s3://"
# S3 wants parts of 5 MB at least (except the last) and at most 10,000 of them:
# archives up to 160 GB, with one part in memory at a time.
PART_SIZE = 16 * 1024 * 1024
S3_ERRORS = (BotoCoreError, ClientError)


def is_s3(location) -> bool:
    return str(location).startswith(SCHEME)


def s3_client():
    return boto3.client(
        "s3",
        endpoint_url=settings.AWS_S3_ENDPOINT_URL,
        region_name=settings.AWS_S3_REGION_NAME,
        config=Config(retries={"mode": "standard", "max_attempts": 3}),
    )


class Upload:
    """A sink for ArchiveWriter: a multipart upload, completed in `commit()`."""

    def __init__(self, client, bucket: str, key: str, progress):
        self.client, self.bucket, self.key, self.progress = client, bucket, key, progress
        self.buffer = bytearray()
        self.parts: list[dict] = []
        self.size = self.uploaded = 0
        self.upload_id = self.call("create_multipart_upload", Bucket=bucket, Key=key)["UploadId"]

    def call(self, operation: str, **arguments):
        try:
            return getattr(self.client, operation)(**arguments)
        except S3_ERRORS as error:
            raise OSError(f"Upload to s3://{self.bucket}/{self.key} failed: {error}") from error

    def write(self, data) -> int:
        self.buffer += data
        self.size += len(data)
        while len(self.buffer) >= PART_SIZE:
            self.part_upload(bytes(self.buffer[:PART_SIZE]))
            del self.buffer[:PART_SIZE]
        return len(data)

    def tell(self) -> int:
        return self.size

    def part_upload(self, data: bytes) -> None:
        number = len(self.parts) + 1
        reply = self.call(
            "upload_part",
            Bucket=self.bucket,
            Key=self.key,
            UploadId=self.upload_id,
            PartNumber=number,
            Body=data,
        )
        self.parts.append({"PartNumber": number, "ETag": reply["ETag"]})
        self.uploaded += len(data)
        self.progress(f"  uploaded {self.uploaded / 1_048_576:.1f} MB")

    def commit(self) -> int:
        if self.buffer or not self.parts:
            self.part_upload(bytes(self.buffer))
            self.buffer.clear()
        self.call(
            "complete_multipart_upload",
            Bucket=self.bucket,
            Key=self.key,
            UploadId=self.upload_id,
            MultipartUpload={"Parts": self.parts},
        )
        return self.size

    def abort(self) -> None:
        # S3 may be what failed; then the parts stay invisible until it is back.
        with contextlib.suppress(*S3_ERRORS):
            self.client.abort_multipart_upload(
                Bucket=self.bucket, Key=self.key, UploadId=self.upload_id
            )


class Bucket:
    """The archives under one prefix of a bucket."""

    def __init__(self, url: str):
        parts = urlsplit(str(url))
        self.bucket, self.prefix = parts.netloc, parts.path.strip("/")
        if not self.bucket:
            raise ArchiveError(f"{url} names no bucket: use s3://bucket/prefix.")
        self.client = s3_client()
        self.work_dir = None

    def url(self, name: str) -> str:
        return f"{SCHEME}{self.bucket}/{self.key(name)}"

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def prepare(self) -> None:
        """Nothing to create; a missing bucket fails before the database is read."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except S3_ERRORS as error:
            raise OSError(f"Cannot write to s3://{self.bucket}: {error}") from error

    def sink(self, name: str, progress):
        return Upload(self.client, self.bucket, self.key(name), progress)

    def archives(self, pattern) -> list[str]:
        start = self.key("")
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=start
            )
            keys = [item["Key"] for page in pages for item in page.get("Contents", ())]
        except S3_ERRORS as error:
            raise OSError(f"Cannot list s3://{self.bucket}/{start}: {error}") from error
        # Only this prefix's own archives, not those of a prefix below it.
        names = [key[len(start) :] for key in keys]
        return sorted(self.url(name) for name in names if "/" not in name and pattern(name))

    def remove(self, url: str) -> None:
        key = url.removeprefix(f"{SCHEME}{self.bucket}/")
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except S3_ERRORS as error:
            raise OSError(f"Cannot remove {url}: {error}") from error

    @contextlib.contextmanager
    def fetched(self, url: str, progress) -> Iterator[Path]:
        """The archive downloaded into a temporary file, which goes afterwards."""
        key = url.removeprefix(f"{SCHEME}{self.bucket}/")
        name = key.rsplit("/", 1)[-1] or "archive.tar"
        with tempfile.TemporaryDirectory(prefix="cms-s3-archive-") as work:
            path = Path(work) / name
            progress(f"Downloading {url} …")
            try:
                self.client.download_file(self.bucket, key, str(path))
            except S3_ERRORS as error:
                raise ArchiveError(f"{url} could not be downloaded: {error}") from error
            try:
                yield path
            except ArchiveError as error:
                # Why it is refused, said of the archive the user named.
                raise ArchiveError(str(error).replace(str(path), url)) from error
