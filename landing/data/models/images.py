"""Uploaded pictures (logos, reps' photos): the bytes themselves, so that a backup holds them
and every app server of a team serves them; each server keeps a copy on disk as a cache."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from landing.core.clock import utcnow
from landing.data.models.columns import utc_column


class StoredImage(SQLModel, table=True):
    """A re-encoded upload under its hash name ("<32 hex>.webp"), as /_/img/ serves it."""

    name: str = Field(primary_key=True, max_length=40)
    data: bytes = Field(sa_type=sa.LargeBinary)
    created_at: datetime = Field(default_factory=utcnow, **utc_column())
