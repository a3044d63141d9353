"""What prospects' pages record: visits, misses (typed paths nobody has), engagement."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from landing.core.clock import utcnow
from landing.data.models.columns import utc_column


class MissedVisit(SQLModel, table=True):
    """A miss: a request for a page that does not exist, kept like a visit, with whose it
    probably was."""

    __tablename__ = "orphanvisit"  # its name before "misses" was the word; kept, no migration
    __table_args__ = (sa.Index("ix_orphanvisit_prospect_at", "prospect_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True, **utc_column())
    path: str = Field(max_length=200)  # as typed, cut to 200 characters
    ip: str = Field(default="", max_length=64)  # truncated, like a visit's
    user_agent: str = Field(default="", max_length=512)
    classification: str = Field(max_length=16)
    reason: str = Field(default="", max_length=200)
    # Whose page it probably was: it resolves to them now, or was near a recent voicemail.
    prospect_id: int | None = Field(default=None, foreign_key="prospect.id")
    why: str = Field(default="", max_length=16)  # "resolved" or "near"


class Visit(SQLModel, table=True):
    """One request for a prospect's page (a hit), kept whatever it was, with its class.

    bot, unconfirmed (a plausible browser, no beacon yet), engaged (a beacon arrived), or rep
    (the rep's own view). Hits of one visitor within 30 minutes make one visit when counted.
    """

    __table_args__ = (
        sa.Index("ix_visit_prospect_at", "prospect_id", "at"),
        # The call-next list reads only engaged hits, a sixth of all: this index holds them
        # with everything the list needs from the row but the cookieless fallback.
        sa.Index(
            "ix_visit_engaged",
            "prospect_id",
            "at",
            "visitor_id",
            "ip",
            sqlite_where=sa.text("classification = 'engaged'"),
            postgresql_where=sa.text("classification = 'engaged'"),
        ),
        # Who engaged since a moment (the prospect list's "engaged this week"): the same
        # hits by time. Migration 0018.
        sa.Index(
            "ix_visit_engaged_at",
            "at",
            "prospect_id",
            sqlite_where=sa.text("classification = 'engaged'"),
            postgresql_where=sa.text("classification = 'engaged'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(foreign_key="prospect.id")
    at: datetime = Field(default_factory=utcnow, **utc_column())
    ip: str = Field(default="", max_length=64)  # truncated to /24 or /48, never the full address
    user_agent: str = Field(default="", max_length=512)
    referrer: str = Field(default="", max_length=512)
    method: str = Field(default="GET", max_length=10)
    classification: str = Field(max_length=16)
    reason: str = Field(default="", max_length=200)
    visitor_id: str = Field(default="", max_length=32)  # the first-party visitor cookie
    # Random, in the page this hit was answered with: beacons and links name their hit by it.
    token: str | None = Field(default=None, max_length=32, unique=True)
    engaged_at: datetime | None = Field(default=None, **utc_column(nullable=True))
    # More hits this row stands for: past the per-minute limit of one address or visitor,
    # hits are counted here instead of stored one by one (landing.pages.visit_gate).
    repeats: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Engagement(SQLModel, table=True):
    """Something a visitor did on the page (a beacon) or a link of the page being followed."""

    __table_args__ = (
        sa.UniqueConstraint("visit_id", "kind", name="uq_engagement_visit_kind"),
        sa.Index("ix_engagement_prospect_at", "prospect_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id")
    prospect_id: int = Field(foreign_key="prospect.id")
    kind: str = Field(max_length=24)  # visible, scroll, video_play, video_75, click_booking...
    at: datetime = Field(default_factory=utcnow, **utc_column())
