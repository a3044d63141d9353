"""Resumable uploads: a recording or a file arrives in chunks, so a phone on a weak network
picks up where it stopped instead of starting over.

The protocol is tus-like and small: `create` gives an id for a declared size; each chunk
says the offset it starts at and is appended only if that is where the file ends (`append`);
`offset_of` tells a client that lost track where to go on; `finish` checks the whole file
looks like video and hands it to library.receive. Files live in instance/media/uploads/<id>/
(`meta.json` and `data`): no table, as an upload is nothing until it is finished, and one
left behind for a day is removed by `cleanup`.

Chunks of one upload may arrive at once (a retry racing its original): a lock file per upload
(flock, which every gunicorn worker on the host sees) makes "offset matches, append" one
step. A chunk is read whole before the lock is taken, so a connection that drops mid-chunk
appends nothing.
"""

from __future__ import annotations

import fcntl
import json
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session

from landing.core.validate import InputError
from landing.data.models import Prospect, Rep, Video
from landing.videos import library

MB = 1024 * 1024
CHUNK_MAX = 8 * MB  # what one request may carry; the browser sends 2 MB
CHUNK_SUGGESTED = 2 * MB
ABANDONED_AFTER = 24 * 3600  # seconds without a chunk
OPEN_PER_REP = 5  # unfinished uploads a rep may have; a sixth replaces the oldest
EXTENSIONS = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime",
              ".webm": "video/webm"}  # fmt: skip
_ID = re.compile(r"[A-Za-z0-9_-]{20,40}")


class UploadError(InputError):
    """Bad input to an upload, with a code for the JSON error and the HTTP status to answer.
    `offset`, where given, is where the server's copy ends (the client resumes there)."""

    def __init__(self, code: str, message: str, status: int = 400, offset: int | None = None):
        super().__init__({"video": message})
        self.code, self.message, self.status, self.offset = code, message, status, offset


@dataclass
class Upload:
    id: str
    rep_id: int
    name: str
    size: int
    offset: int
    folder: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def complete(self) -> bool:
        return self.offset == self.size


def root(instance_path: str | Path) -> Path:
    return Path(instance_path) / "media" / "uploads"


def check_name(name: str) -> str:
    """The file's name as the rep will see it again; only the video containers we take."""
    name = Path((name or "").replace("\\", "/")).name.strip()[:200]
    if Path(name).suffix.lower() not in EXTENSIONS:
        raise UploadError(
            "not_video", "Choose an MP4, MOV or WebM video file.", 415
        )  # fmt: skip
    return name


def _too_large(limit: int) -> UploadError:
    return UploadError("too_large", f"A video may be at most {limit // MB} MB.", 413)


def create(instance_path: str | Path, rep_id: int, name: str, size: int, limit: int) -> Upload:
    """A new empty upload of `size` bytes; refuses a size over `limit` before any byte comes."""
    name = check_name(name)
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise UploadError("bad_size", "The file is empty.", 400)
    if size > limit:
        raise _too_large(limit)
    cleanup(instance_path)
    _make_room(instance_path, rep_id)
    upload_id = secrets.token_urlsafe(24)
    folder = root(instance_path) / upload_id
    folder.mkdir(parents=True)
    (folder / "data").touch()
    meta = {"rep_id": rep_id, "name": name, "size": size, "created": time.time()}
    (folder / "meta.json").write_text(json.dumps(meta))
    return Upload(upload_id, rep_id, name, size, 0, folder)


def _gone() -> UploadError:
    return UploadError("not_found", "No such upload: start it again.", 404)


def get(instance_path: str | Path, rep_id: int, upload_id: str) -> Upload:
    """The rep's own upload; another rep's, a finished or an unknown one is not found alike."""
    folder = root(instance_path) / upload_id
    if not _ID.fullmatch(upload_id or ""):
        raise _gone()
    try:
        meta = json.loads((folder / "meta.json").read_text())
        offset = (folder / "data").stat().st_size
    except (OSError, ValueError):
        raise _gone() from None
    if meta.get("rep_id") != rep_id:
        raise _gone()
    return Upload(upload_id, rep_id, meta["name"], meta["size"], offset, folder)


@contextmanager
def _locked(upload: Upload) -> Iterator[None]:
    """The upload to itself; one cancelled or cleaned up meanwhile is not found."""
    try:
        lock = open(upload.folder / "lock", "a")
    except FileNotFoundError:
        raise _gone() from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        except FileNotFoundError:
            raise _gone() from None
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def read_chunk(stream: BinaryIO, length: int | None) -> bytes:
    """The request's whole chunk, or an error: a chunk must say its length, and a body
    shorter than that (the connection dropped) is refused rather than half appended."""
    if length is None:
        raise UploadError("length_required", "A chunk must say its length.", 411)
    if length > CHUNK_MAX:
        raise UploadError("chunk_too_large", f"A chunk may be at most {CHUNK_MAX // MB} MB.", 413)
    body = stream.read(length)
    if len(body) != length:
        raise UploadError("truncated", "The chunk arrived incomplete: send it again.", 400)
    return body


def append(upload: Upload, offset: int, chunk: bytes) -> Upload:
    """Append `chunk` if the server's copy ends at `offset`; else 409 with where it ends, so
    a retried chunk that already arrived, or one racing another, is never written twice."""
    with _locked(upload):
        current = upload.data.stat().st_size
        if offset != current:
            raise UploadError(
                "wrong_offset", f"The upload is at byte {current}, not {offset}.", 409, current
            )
        if current + len(chunk) > upload.size:
            raise UploadError(
                "over_size", f"The file was said to be {upload.size} bytes; this goes past it.",
                413, current,
            )  # fmt: skip
        with open(upload.data, "ab") as data:
            data.write(chunk)
        upload.offset = current + len(chunk)
    return upload


# The first bytes of what browsers record and phones film: Matroska/WebM's EBML header, and
# an ISO base media file (MP4, MOV) box; old QuickTime files may start with other boxes.
_WEBM = b"\x1a\x45\xdf\xa3"
_MP4_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")


def looks_like_video(path: Path) -> bool:
    """A cheap first check that spares the worker a PDF renamed .mp4; the worker probes the
    streams themselves."""
    with open(path, "rb") as file:
        head = file.read(12)
    return head.startswith(_WEBM) or head[4:8] in _MP4_BOXES


def finished(upload: Upload) -> Path:
    """The complete file, ready for library.receive; an incomplete or non-video upload is
    refused, and a non-video one removed (sending it again will not help)."""
    if not upload.complete:
        raise UploadError(
            "incomplete", f"Only {upload.offset} of {upload.size} bytes arrived.", 409,
            upload.offset,
        )  # fmt: skip
    if not looks_like_video(upload.data):
        discard(upload)
        raise UploadError("not_video", "That file is not a video we can read.", 415)
    return upload.data


def complete(session: Session, instance_path: str | Path, rep: Rep, upload: Upload,
             prospects: list[Prospect]) -> Video:  # fmt: skip
    """The finished upload as a new video of the rep (library.receive), shown to `prospects`
    once ready; under the upload's lock, so a finish sent twice makes one video."""
    with _locked(upload):
        upload.offset = upload.data.stat().st_size
        video = library.receive(
            session, instance_path, rep, finished(upload), upload.name, prospects
        )
    discard(upload)
    return video


def discard(upload: Upload) -> None:
    shutil.rmtree(upload.folder, ignore_errors=True)


def _last_touched(folder: Path) -> float:
    try:
        return max(p.stat().st_mtime for p in (folder / "data", folder / "meta.json"))
    except (FileNotFoundError, ValueError):
        return 0.0


def cleanup(instance_path: str | Path, older_than: float = ABANDONED_AFTER) -> int:
    """Remove uploads that have had no chunk for `older_than` seconds; returns how many."""
    base = root(instance_path)
    if not base.is_dir():
        return 0
    cutoff = time.time() - older_than
    removed = 0
    for folder in base.iterdir():
        if folder.is_dir() and _last_touched(folder) < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _make_room(instance_path: str | Path, rep_id: int) -> None:
    """Keep a rep's unfinished uploads (and the disk they hold) to OPEN_PER_REP."""
    mine = []
    for folder in root(instance_path).glob("*/meta.json"):
        try:
            meta = json.loads(folder.read_text())
        except (OSError, ValueError):
            continue
        if meta.get("rep_id") == rep_id:
            mine.append((_last_touched(folder.parent), folder.parent))
    for _, folder in sorted(mine)[: max(0, len(mine) - OPEN_PER_REP + 1)]:
        shutil.rmtree(folder, ignore_errors=True)
