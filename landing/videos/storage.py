"""Where processed videos and their pictures live: a folder under instance/media/videos/ (the
default), or, for teams with several web servers, an S3-compatible bucket (VIDEO_STORAGE=s3,
boto3). Files are named by the MP4's digest and never change under their name; a write
goes to a temporary name first, so no reader ever sees half a file."""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

NAME = re.compile(r"^[0-9a-f]{64}(?:-[0-9a-f]{16})?\.(?:mp4|jpg|gif)$")
TYPES = {"mp4": "video/mp4", "jpg": "image/jpeg", "gif": "image/gif"}


def content_type(name: str) -> str:
    return TYPES[name.rsplit(".", 1)[1]]


@dataclass(frozen=True)
class Stored:
    size: int
    etag: str


class LocalStorage:
    """instance/media/videos/<name>."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def path(self, name: str) -> Path | None:
        if not NAME.fullmatch(name):
            return None
        path = self.folder / name
        return path if path.is_file() else None

    def put_file(self, name: str, source: Path) -> None:
        """Moves `source` (on the same disk: processing's temporary folder) into place."""
        self.folder.mkdir(parents=True, exist_ok=True)
        os.replace(source, self.folder / name)

    def put_bytes(self, name: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, self.folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def read(self, name: str) -> bytes | None:
        path = self.path(name)
        return path.read_bytes() if path else None

    def delete(self, name: str) -> None:
        if NAME.fullmatch(name):
            (self.folder / name).unlink(missing_ok=True)

    def names(self, prefix: str = "", older_than: float | None = None) -> Iterator[str]:
        """Stored names; with older_than (seconds), only files written before that long ago."""
        if self.folder.is_dir():
            now = time.time()
            for path in self.folder.glob(prefix + "*"):
                if NAME.fullmatch(path.name) and (
                    older_than is None or now - path.stat().st_mtime > older_than
                ):
                    yield path.name


class S3Storage:
    """An S3-compatible bucket (AWS, MinIO, Ceph, R2...) under the key prefix videos/."""

    PREFIX = "videos/"

    def __init__(self, config: dict):
        import boto3  # only teams that use a bucket pay for importing it
        from botocore.config import Config

        self.bucket = config["VIDEO_S3_BUCKET"]
        self.client = boto3.client(
            "s3",
            endpoint_url=config["VIDEO_S3_ENDPOINT"] or None,
            region_name=config["VIDEO_S3_REGION"] or None,
            aws_access_key_id=config["VIDEO_S3_ACCESS_KEY"] or None,
            aws_secret_access_key=config["VIDEO_S3_SECRET_KEY"] or None,
            config=Config(retries={"max_attempts": 3}, s3={"addressing_style": "path"}),
        )

    def put_file(self, name: str, source: Path) -> None:
        self.client.upload_file(
            str(source), self.bucket, self.PREFIX + name,
            ExtraArgs={"ContentType": content_type(name)},
        )  # fmt: skip
        source.unlink(missing_ok=True)

    def put_bytes(self, name: str, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self.PREFIX + name, Body=data, ContentType=content_type(name)
        )

    def head(self, name: str) -> Stored | None:
        from botocore.exceptions import ClientError

        if not NAME.fullmatch(name):
            return None
        try:
            answer = self.client.head_object(Bucket=self.bucket, Key=self.PREFIX + name)
        except ClientError:
            return None
        return Stored(answer["ContentLength"], answer.get("ETag", "").strip('"'))

    def read(self, name: str) -> bytes | None:
        if self.head(name) is None:
            return None
        return self.client.get_object(Bucket=self.bucket, Key=self.PREFIX + name)["Body"].read()

    def read_range(self, name: str, start: int, stop: int) -> Iterator[bytes]:
        """Bytes start..stop-1, streamed."""
        answer = self.client.get_object(
            Bucket=self.bucket, Key=self.PREFIX + name, Range=f"bytes={start}-{stop - 1}"
        )
        yield from answer["Body"].iter_chunks(64 * 1024)

    def presigned_url(self, name: str, seconds: int = 3600) -> str:
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": self.PREFIX + name},
            ExpiresIn=seconds,
        )  # fmt: skip

    def delete(self, name: str) -> None:
        if NAME.fullmatch(name):
            self.client.delete_object(Bucket=self.bucket, Key=self.PREFIX + name)

    def names(self, prefix: str = "", older_than: float | None = None) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2")
        now = time.time()
        for page in pages.paginate(Bucket=self.bucket, Prefix=self.PREFIX + prefix):
            for item in page.get("Contents", ()):
                name = item["Key"].removeprefix(self.PREFIX)
                age = now - item["LastModified"].timestamp()
                if NAME.fullmatch(name) and (older_than is None or age > older_than):
                    yield name


_S3_CLIENTS: dict[tuple, S3Storage] = {}


def of(config, instance_path: str | Path) -> LocalStorage | S3Storage:
    """The storage the settings name; S3 clients are made once per process (they are costly)."""
    if config.get("VIDEO_STORAGE", "local") == "s3":
        key = tuple(config.get(k) for k in S3_KEYS)
        if key not in _S3_CLIENTS:
            _S3_CLIENTS[key] = S3Storage(config)
        return _S3_CLIENTS[key]
    return LocalStorage(Path(instance_path) / "media" / "videos")


S3_KEYS = (
    "VIDEO_S3_BUCKET", "VIDEO_S3_ENDPOINT", "VIDEO_S3_REGION", "VIDEO_S3_ACCESS_KEY",
    "VIDEO_S3_SECRET_KEY",
)  # fmt: skip
