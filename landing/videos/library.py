"""A rep's videos: a complete upload received, given to prospects, and what the rep sees of
its progress. Processing (landing/videos/processing.py) runs later, in `landing worker`."""

from __future__ import annotations

import os
from pathlib import Path

from sqlmodel import Session

from landing.data.models import Prospect, Rep, Video


def received_path(instance_path: str | Path, video_id: int) -> Path:
    """Where a complete upload waits for the worker."""
    return Path(instance_path) / "media" / "received" / str(video_id)


def receive(
    session: Session,
    instance_path: str | Path,
    rep: Rep,
    source: Path,
    original_name: str,
    prospects: list[Prospect] = (),
) -> Video:
    """Take a complete upload (the file at `source` is moved, not copied) as a new video of
    `rep`, shown on the pages of `prospects` once it is ready. The caller has checked that
    the prospects are the rep's to change. Commits."""
    video = Video(
        rep_id=rep.id,
        original_name=original_name[:200],
        source_bytes=source.stat().st_size,
    )
    session.add(video)
    session.flush()
    target = received_path(instance_path, video.id)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    for prospect in prospects:
        prospect.video_id = video.id
        session.add(prospect)
    session.commit()
    return video


def status_of(video: Video) -> dict:
    """What the rep's screen shows while the worker works: received, processing, ready or
    failed (with the reason)."""
    return {"id": video.id, "status": video.status, "error": video.error}
