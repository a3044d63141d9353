"""`landing worker` makes received videos playable: received -> processing -> ready or
failed, with the reason in words. Runs beside the outbox loop in a thread of its own (the CLI
starts both), never in a request.

A video is claimed by one UPDATE (status received -> processing), so several workers can run.
Everything is written in a temporary folder under instance/media/tmp/ and moved into storage
only when complete; a failure (a refused file, a full disk) leaves no file behind, deletes
the upload, and gives the prospects it was for their earlier video back
(landing/videos/library.py remembers which)."""

from __future__ import annotations

import errno
import hashlib
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from landing.core.clock import utcnow
from landing.data.models import Video
from landing.team import company
from landing.videos import library, pictures, storage, transcode, uploads
from landing.videos.transcode import VideoRefused

log = logging.getLogger(__name__)
SWEEP_EVERY = 24 * 3600  # seconds
TIDY_EVERY = 3600  # seconds between looks for abandoned uploads and leftovers
STUCK = timedelta(minutes=30)  # a video "processing" this long lost its worker: again
DISK_FULL = "The server ran out of disk space while making this video playable; try again later."
UNEXPECTED = "Something went wrong while making this video playable; try again or upload it again."


def process_waiting(engine: Engine, instance_path: str | Path, config: Mapping[str, Any]) -> int:
    """Process every received video, one after the other; how many were handled."""
    handled = 0
    while (video_id := _claim(engine)) is not None:
        with Session(engine) as session:
            process(session, instance_path, config, session.get(Video, video_id))
        handled += 1
    return handled


def run(
    engine: Engine,
    instance_path: str | Path,
    config: Mapping[str, Any],
    stop: threading.Event,
    poll_seconds: float = 2.0,
) -> None:
    """Until stop is set: process what arrives; once an hour remove uploads abandoned for a
    day (`tidy`), and once a day delete videos no prospect shows (library.sweep, as
    `landing purge` does). Started by `landing worker`."""
    requeue_stuck(engine)
    swept = tidied = 0.0
    while not stop.is_set():
        try:
            process_waiting(engine, instance_path, config)
            if time.monotonic() - tidied > TIDY_EVERY or not tidied:
                tidy(instance_path)
                tidied = time.monotonic()
            if time.monotonic() - swept > SWEEP_EVERY or not swept:
                with Session(engine) as session:
                    library.sweep(session, config, instance_path)
                swept = time.monotonic()
        except Exception:  # noqa: BLE001  (the loop must outlive a database restart)
            log.exception("video processing: error, retrying")
        stop.wait(poll_seconds)


def tidy(instance_path: str | Path, older_than: float = uploads.ABANDONED_AFTER) -> int:
    """Remove what no one will finish: resumable uploads without a chunk for a day (a phone
    that never came back), and files a crashed request or worker left in incoming/ and
    tmp/. How many went."""
    removed = uploads.cleanup(instance_path, older_than)
    cutoff = time.time() - older_than
    for folder in ("incoming", "tmp"):
        for path in (Path(instance_path) / "media" / folder).glob("*"):
            try:
                if path.lstat().st_mtime >= cutoff:
                    continue
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:
                continue
            removed += 1
    if removed:
        log.info("videos: %s abandoned uploads and leftovers removed", removed)
    return removed


def start_thread(engine, instance_path, config, stop: threading.Event) -> threading.Thread:
    thread = threading.Thread(
        target=run, args=(engine, instance_path, config, stop), name="videos", daemon=True
    )
    thread.start()
    return thread


def requeue_stuck(engine: Engine) -> int:
    """Videos left "processing" by a worker that died: received again."""
    with Session(engine) as session:
        result = session.execute(
            update(Video)
            .where(Video.status == "processing", Video.processed_at < utcnow() - STUCK)
            .values(status="received")
        )
        session.commit()
        return result.rowcount or 0


def _claim(engine: Engine) -> int | None:
    with Session(engine) as session:
        for video_id in session.exec(
            select(Video.id).where(Video.status == "received").order_by(Video.id).limit(5)
        ):
            # processed_at marks when processing began until it is done (requeue_stuck).
            claimed = session.execute(
                update(Video)
                .where(Video.id == video_id, Video.status == "received")
                .values(status="processing", processed_at=utcnow())
            )
            session.commit()
            if claimed.rowcount == 1:
                return video_id
    return None


def process(
    session: Session, instance_path: str | Path, config: Mapping[str, Any], video: Video
) -> Video:
    """Make `video` (claimed, its upload waiting) ready, or failed with a reason. Commits."""
    source = library.received_path(instance_path, video.id)
    tmp_root = Path(instance_path) / "media" / "tmp"
    tmp_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=tmp_root, prefix=f"video-{video.id}-"))
    store = storage.of(config, instance_path)
    stored: list[str] = []
    try:
        if not source.is_file() or source.stat().st_size == 0:
            raise VideoRefused("The file is empty: nothing was recorded or uploaded.")
        out = work / "video.mp4"
        longest = company.current(session, config).video_max_seconds
        converted = transcode.convert(source, out, longest)
        digest = _sha256(out)
        poster = pictures.poster_jpeg(converted.poster)
        thumb = pictures.animated_thumb(converted.thumb_frames)
        for name, data in ((f"{digest}.jpg", poster), (f"{digest}.gif", thumb)):
            store.put_bytes(name, data)
            stored.append(name)
        store.put_file(f"{digest}.mp4", out)
        stored.append(f"{digest}.mp4")
    except VideoRefused as refused:
        return _failed(session, instance_path, store, video, str(refused), stored)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return _failed(session, instance_path, store, video, DISK_FULL, stored)
        log.exception("video %s: could not be written", video.id)
        return _failed(session, instance_path, store, video, UNEXPECTED, stored)
    except Exception:  # noqa: BLE001  (the rep must hear of it, not find it stuck)
        log.exception("video %s: processing failed", video.id)
        return _failed(session, instance_path, store, video, UNEXPECTED, stored)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    video.status = "ready"
    video.digest = digest
    video.duration_ms = converted.duration_ms
    video.width, video.height = converted.width, converted.height
    video.error = "" if converted.has_audio else library.NO_SOUND
    video.processed_at = utcnow()
    session.add(video)
    session.commit()
    library.forget_upload(instance_path, video.id)
    log.info("video %s ready: %s ms, %sx%s", video.id, video.duration_ms, video.width, video.height)
    return video


def _failed(session, instance_path, store, video: Video, reason: str, stored: list[str]) -> Video:
    for name in stored:
        try:
            store.delete(name)
        except Exception:  # noqa: BLE001  (a leftover file is named by no row: harmless)
            log.exception("video %s: could not delete %s", video.id, name)
    video.status = "failed"
    video.error = reason[:300]
    video.processed_at = utcnow()
    session.add(video)
    library.give_back_earlier(session, instance_path, video)
    session.commit()
    library.forget_upload(instance_path, video.id)
    log.info("video %s failed: %s", video.id, reason)
    return video


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
