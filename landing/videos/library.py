"""A rep's videos: a complete upload received, given to prospects, what the rep sees of its
progress, its URLs, and its files deleted once no prospect shows it. Processing
(landing/videos/processing.py) runs later, in `landing worker`."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from landing.core.clock import utcnow
from landing.data.models import Company, Prospect, Rep, Video
from landing.videos import storage

NO_SOUND = "Ready, but it has no sound: was the microphone off? Record again to be heard."
PREFIX = "/_/video/"
UNUSED_KEPT = timedelta(days=1)  # a video no prospect shows, kept this long to be reused


def received_path(instance_path: str | Path, video_id: int) -> Path:
    """Where a complete upload waits for the worker."""
    return Path(instance_path) / "media" / "received" / str(video_id)


def _earlier_path(instance_path: str | Path, video_id: int) -> Path:
    return received_path(instance_path, video_id).with_name(f"{video_id}.earlier.json")


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
    # Should it fail, each prospect gets back the video they showed before.
    earlier = {str(p.id): p.video_id for p in prospects if p.video_id}
    if earlier:
        _earlier_path(instance_path, video.id).write_text(json.dumps(earlier))
    for prospect in prospects:
        prospect.video_id = video.id
        session.add(prospect)
    session.commit()
    return video


def status_of(video: Video, base_url: str = "", first_name: str = "") -> dict:
    """What the rep's screen shows while the worker works: received, processing, ready or
    failed (with the reason); when ready, its URLs (the thumbnail with `first_name` drawn,
    when given) and a note (a video without sound)."""
    status = {"id": video.id, "status": video.status, "error": video.error}
    if video.status == "ready":
        status["error"] = ""
        status["note"] = video.error
        status.update(urls(video, base_url, first_name))
        status["duration_ms"] = video.duration_ms
    return status


def urls(video: Video | None, base_url: str = "", first_name: str = "") -> dict:
    """The video's URLs (absolute when base_url is given); {} until it is ready. The
    thumbnail carries `first_name` when given."""
    if video is None or video.status != "ready" or not video.digest:
        return {}
    root = base_url.rstrip("/") + PREFIX + video.digest
    thumb = f"{root}-{name_key(first_name)}.gif" if first_name else f"{root}.gif"
    return {"video_url": root + ".mp4", "poster_url": root + ".jpg", "thumbnail_url": thumb}


def name_key(first_name: str) -> str:
    """The part of a named thumbnail's file name that stands for the name drawn on it."""
    return hashlib.sha256(first_name.strip().encode()).hexdigest()[:16]


def shown(session: Session, prospect: Prospect) -> Video | None:
    """The personal video the prospect's page shows: theirs once it is ready; without one of
    their own, the team's default (`landing video default`)."""
    video_id = prospect.video_id or team_default_id(session)
    video = session.get(Video, video_id) if video_id else None
    return video if video is not None and video.status == "ready" else None


def team_default_id(session: Session) -> int | None:
    return session.exec(select(Company.default_video_id)).first()


def set_team_default(session: Session, video: Video | None) -> None:
    """Make `video` the personal video of every prospect without one of their own (None: no
    default). Commits."""
    company = session.exec(select(Company)).first()
    if company is None:
        company = Company()
    company.default_video_id = video.id if video is not None else None
    session.add(company)
    session.commit()


def use_for(session: Session, video: Video, prospects: Iterable[Prospect]) -> list[Prospect]:
    """Show `video` on these prospects' pages too (the caller checked they are the rep's).
    Videos they showed before and no one else does go at the next sweep. Commits."""
    given = []
    for prospect in prospects:
        prospect.video_id = video.id
        session.add(prospect)
        given.append(prospect)
    session.commit()
    return given


def give_back_earlier(session: Session, instance_path: str | Path, video: Video) -> None:
    """A failed video's prospects show what they showed before it, if it still is there."""
    path = _earlier_path(instance_path, video.id)
    try:
        earlier = json.loads(path.read_text())
    except (OSError, ValueError):
        earlier = {}
    for prospect in session.exec(select(Prospect).where(Prospect.video_id == video.id)):
        before = earlier.get(str(prospect.id))
        prospect.video_id = before if before and session.get(Video, before) else None
        session.add(prospect)


def forget_upload(instance_path: str | Path, video_id: int) -> None:
    received_path(instance_path, video_id).unlink(missing_ok=True)
    _earlier_path(instance_path, video_id).unlink(missing_ok=True)


def release(
    session: Session, config: Mapping[str, Any], instance_path: str | Path, video_ids: Iterable
) -> int:
    """Delete these videos, row and files, when no prospect shows them any more (a prospect
    deleted or forgotten, another video chosen). How many went. Commits."""
    gone = 0
    for video_id in {v for v in video_ids if v}:
        video = session.get(Video, video_id)
        if video is None or video.status in ("received", "processing"):
            continue
        if video_id == team_default_id(session):
            continue
        if session.exec(
            select(func.count()).select_from(Prospect).where(Prospect.video_id == video_id)
        ).one():
            continue
        _delete(session, config, instance_path, video)
        gone += 1
    session.commit()
    return gone


def sweep(
    session: Session, config: Mapping[str, Any], instance_path: str | Path, *, dry_run=False
) -> int:
    """`landing purge` and the worker: videos no prospect has shown for a day, and stored
    files no video names (a crash between writing and recording). How many videos went."""
    cutoff = utcnow() - UNUSED_KEPT
    shown_ids = select(Prospect.video_id).where(Prospect.video_id.is_not(None))
    default = select(Company.default_video_id).where(Company.default_video_id.is_not(None))
    unused = session.exec(
        select(Video).where(
            Video.id.not_in(shown_ids),
            Video.id.not_in(default),
            Video.status.in_(("ready", "failed")),
            Video.created_at < cutoff,
        )
    ).all()
    if dry_run:
        return len(unused)
    for video in unused:
        _delete(session, config, instance_path, video)
    session.commit()
    digests = set(session.exec(select(Video.digest).where(Video.digest != "")).all())
    store = storage.of(config, instance_path)
    # Files an hour old at least: a worker may be between storing a video and recording it.
    for name in list(store.names(older_than=3600)):
        if name[:64] not in digests:
            store.delete(name)
    return len(unused)


def _delete(session: Session, config, instance_path, video: Video) -> None:
    digest = video.digest
    session.delete(video)
    session.flush()
    forget_upload(instance_path, video.id)
    same = select(func.count()).select_from(Video).where(Video.digest == digest)
    if digest and not session.exec(same).one():
        store = storage.of(config, instance_path)
        for name in list(store.names(digest)):
            store.delete(name)


def first_name_for(session: Session, digest: str, key: str) -> str | None:
    """The first name whose name_key is `key`, of a prospect shown the video `digest` (their
    own, or the team's when they have none)."""
    video_ids = select(Video.id).where(Video.digest == digest, Video.status == "ready")
    shown_here = Prospect.video_id.in_(video_ids)
    if team_default_id(session) in set(session.exec(video_ids).all()):
        shown_here = shown_here | Prospect.video_id.is_(None)
    names = session.exec(select(Prospect.first_name).where(shown_here).distinct())
    return next((name for name in names if name_key(name) == key), None)
