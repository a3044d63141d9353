"""What reps are told: notices in the app and the outbox of emails and webhooks."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from landing.core.clock import utcnow
from landing.data.models.columns import utc_column


class Notice(SQLModel, table=True):
    """Something the rep is told: an engaged visit (one per visit), or a webhook turned off."""

    __table_args__ = (
        sa.Index("ix_notice_rep_id_id", "rep_id", "id"),
        # How long since a prospect's last notice (one per quiet spell).
        sa.Index("ix_notice_prospect_at", "prospect_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    rep_id: int = Field(foreign_key="rep.id")
    prospect_id: int | None = Field(default=None, foreign_key="prospect.id")
    visit_id: int | None = Field(default=None, foreign_key="visit.id", unique=True)
    kind: str = Field(max_length=24)  # engaged_visit or webhook_disabled
    text: str = Field(max_length=500)
    at: datetime = Field(default_factory=utcnow, **utc_column())
    read_at: datetime | None = Field(default=None, **utc_column(nullable=True))


class OutboxMessage(SQLModel, table=True):
    """A notice on its way by email or webhook; written with the notice, sent by the worker."""

    __table_args__ = (sa.Index("ix_outbox_status_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    rep_id: int = Field(foreign_key="rep.id")
    channel: str = Field(max_length=16)  # email or webhook
    status: str = Field(default="pending", max_length=16)  # pending, sent, or dropped
    attempts: int = 0
    due_at: datetime = Field(default_factory=utcnow, **utc_column())  # not before quiet hours end
    locked_until: datetime | None = Field(default=None, **utc_column(nullable=True))
    last_error: str = Field(default="", max_length=500)
    sent_at: datetime | None = Field(default=None, **utc_column(nullable=True))
