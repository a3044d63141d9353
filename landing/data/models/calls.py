"""The scripts reps read and what came of their calls: templates, voicemails, outcomes."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from landing.core.clock import utcnow
from landing.data.models.columns import utc_column


class ScriptTemplate(SQLModel, table=True):
    """A voicemail and follow-up email written by an admin (team) or by a rep (personal)."""

    id: int | None = Field(default=None, primary_key=True)
    owner_rep_id: int | None = Field(default=None, foreign_key="rep.id", index=True)  # None: team
    name: str = Field(max_length=80)
    goal: str = Field(max_length=16)
    attempt: int | None = None  # None: any attempt of the series
    voicemail: str = Field(max_length=2000)
    email_subject: str = Field(max_length=200)
    email_body: str = Field(max_length=4000)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, **utc_column())
    # What it is written in: prospects in that language get it (landing.core.languages).
    language: str = Field(default="en", max_length=8)
    # A draft is never in rotation until the rep activates it. A draft of a template that is
    # already in use (draft_of_id) waits beside it, so prospects keep getting the active text
    # until the edit is activated; activating copies it onto that row (its key, its results).
    draft: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    draft_of_id: int | None = Field(default=None, foreign_key="scripttemplate.id", index=True)


class RetiredBuiltin(SQLModel, table=True):
    """A built-in template an admin took out of the team's rotation."""

    key: str = Field(primary_key=True, max_length=60)


class Voicemail(SQLModel, table=True):
    """A voicemail a rep left: which attempt, goal and template, so results can be compared."""

    __table_args__ = (
        sa.Index("ix_voicemail_prospect_at", "prospect_id", "at"),
        sa.Index("ix_voicemail_at", "at"),  # who got a voicemail lately (misses)
    )

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(foreign_key="prospect.id")
    rep_id: int = Field(foreign_key="rep.id", index=True)
    attempt: int
    goal: str = Field(max_length=16)
    template_key: str = Field(max_length=60, index=True)
    at: datetime = Field(default_factory=utcnow, **utc_column())


class CallOutcome(SQLModel, table=True):
    """Something that came of the calling: the prospect called back, a meeting was booked."""

    __table_args__ = (sa.Index("ix_calloutcome_prospect_at", "prospect_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(foreign_key="prospect.id")
    rep_id: int = Field(foreign_key="rep.id")
    kind: str = Field(max_length=24)
    at: datetime = Field(default_factory=utcnow, **utc_column())


class ExportJob(SQLModel, table=True):
    """A rep's call list written to a file by `landing worker`, for lists too long to wait
    for in the browser: queued, running (written of total rows), done or failed. The file is
    kept a limited time (landing.calls.background_export), then purged with this row."""

    id: int | None = Field(default=None, primary_key=True)
    rep_id: int = Field(foreign_key="rep.id", index=True)
    status: str = Field(default="queued", max_length=16)
    total: int = 0
    written: int = 0
    token: str = Field(max_length=64)  # the file's name: not guessable from the job's id
    error: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow, **utc_column())
    finished_at: datetime | None = Field(default=None, **utc_column(nullable=True))
