"""Personal videos: a rep's recording or upload, made playable by `landing worker`, shown at
the top of the pages of the prospects it was made for."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from landing.core.clock import utcnow
from landing.data.models.columns import utc_column


class Video(SQLModel, table=True):
    """One recording; several prospects may show it (Prospect.video_id). Its files are named
    by `digest` once processed, so their URLs can be cached for a year."""

    id: int | None = Field(default=None, primary_key=True)
    rep_id: int = Field(foreign_key="rep.id", index=True)  # its maker; only they and admins see it
    # received: the upload is complete and waits for the worker; processing; ready; failed
    status: str = Field(default="received", max_length=16, index=True)
    error: str = Field(default="", max_length=300)  # why it failed, in words for the rep
    original_name: str = Field(default="", max_length=200)
    source_bytes: int = 0
    duration_ms: int = 0
    width: int = 0
    height: int = 0
    digest: str = Field(default="", max_length=64)  # of the processed MP4; names every file
    created_at: datetime = Field(default_factory=utcnow, **utc_column())
    processed_at: datetime | None = Field(default=None, **utc_column(nullable=True))
