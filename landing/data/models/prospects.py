"""Prospects, the heard-URL probes that find them, and the slugs of forgotten ones."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from landing.core.clock import utcnow
from landing.data.models.columns import utc_column


class RetiredSlug(SQLModel, table=True):
    """The slug of a forgotten prospect, given to no one else before `until`."""

    slug_key: str = Field(primary_key=True, max_length=60)
    until: datetime = Field(**utc_column())


class Prospect(SQLModel, table=True):
    """A person a rep is about to call, with the speakable slug of their page."""

    # The same person added twice is found by email or by name (landing.prospects.duplicates);
    # the list sorts a rep's prospects by their next call. Migration 0018.
    __table_args__ = (
        sa.Index("ix_prospect_email_lower", sa.text("lower(email)")),
        sa.Index("ix_prospect_name_keys", "last_key", "first_key"),
        sa.Index("ix_prospect_rep_next_call", "rep_id", "next_call_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    rep_id: int = Field(foreign_key="rep.id", index=True)
    first_name: str = Field(max_length=80)
    last_name: str = Field(default="", max_length=80)
    company: str = Field(default="", max_length=120)
    title: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    outcome: str = Field(default="", max_length=200)
    # Display slug as spoken and linked; the key (lowercase letters and digits) is unique.
    slug: str = Field(max_length=60)
    slug_key: str = Field(max_length=60, unique=True, index=True)
    # The names' keys, for heard-URL matching (kept by landing.urls.heard_index).
    first_key: str = Field(default="", max_length=80)
    last_key: str = Field(default="", max_length=80)
    next_call_on: date
    goal: str = Field(default="", max_length=16)  # empty: the rep's or team's default
    name_spelling: str = Field(default="", max_length=200)  # "Siobhan, S I O B H A N"
    language: str = Field(default="", max_length=16)  # "de"; empty: the company's
    # What the rep tailored for this person; empty fields show the team's (or the rep's).
    personal_note: str = Field(default="", max_length=500)  # "Rob, we met at LogiMAT"
    video_url: str = Field(default="", max_length=500)
    # The rep's personal video for this person, shown before the team's demo video.
    video_id: int | None = Field(default=None, foreign_key="video.id", index=True)
    offer_text: str = Field(default="", max_length=4000)
    booking_url: str = Field(default="", max_length=500)
    voicemails_left: int = 0  # the next voicemail is attempt voicemails_left + 1
    do_not_contact: bool = False  # never on the call-next list, never notified about
    # Archived: off every list and never resolved to, but its slug stays taken and its
    # near-misses stay ambiguous, so no one else gets the typos meant for this person.
    archived_at: datetime | None = Field(default=None, **utc_column(nullable=True))
    # Engagement before this moment no longer counts for the score (a call connected).
    score_since: datetime | None = Field(default=None, **utc_column(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, **utc_column())

    @property
    def next_attempt(self) -> int:
        return self.voicemails_left + 1

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class HeardKey(SQLModel, table=True):
    """A probe that finds a prospect from a misheard URL without reading every row.

    Pieces of the slug's key (any string one or two edits away shares one with it), the
    first and last names alone, and the name's sound. Kept by landing.urls.heard_index."""

    probe: str = Field(primary_key=True, max_length=80)
    prospect_id: int = Field(foreign_key="prospect.id", primary_key=True, index=True)
