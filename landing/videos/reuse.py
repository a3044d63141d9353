"""Which of a rep's videos a prospect's page shows: one recording can serve several
prospects ("use this video for…"), and only its maker may give it to anyone."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from landing.data.models import Prospect, Video


def own_video(session: Session, rep_id: int, video_id: int) -> Video | None:
    """The video if rep_id made it; None for anyone else's (shown as a 404)."""
    video = session.get(Video, video_id)
    return video if video and video.rep_id == rep_id else None


def ready_videos(session: Session, rep_id: int, limit: int = 50) -> list[Video]:
    """The rep's playable videos, newest first: what "use this video for…" offers."""
    query = (
        select(Video)
        .where(Video.rep_id == rep_id, Video.status == "ready")
        .order_by(Video.created_at.desc(), Video.id.desc())
        .limit(limit)
    )
    return list(session.exec(query))


def use_for(session: Session, video: Video | None, prospect: Prospect) -> None:
    """Show `video` (None: no personal video) at the top of the prospect's page. The caller
    has checked both are the rep's own. Commits."""
    prospect.video_id = video.id if video else None
    session.add(prospect)
    session.commit()


def label(video: Video) -> str:
    """How a video is named in the rep's lists: its file's name, the day it was made and, once
    known, its length."""
    seconds = round(video.duration_ms / 1000)
    length = f" · {seconds // 60}:{seconds % 60:02d}" if seconds else ""
    made, name = video.created_at, Path(video.original_name).stem
    return f"{name or 'Video'} · {made:%b} {made.day}{length}"
