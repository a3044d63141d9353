"""The call-next list: a rep's prospects with human visits, most recent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from landing.models import Prospect, UTCDateTime, Visit
from landing.visits import HUMAN


@dataclass(frozen=True)
class CallNext:
    prospect: Prospect
    visits: int
    last_visit_at: datetime

    def as_json(self) -> dict:
        return {
            "id": self.prospect.id,
            "slug": self.prospect.slug,
            "name": self.prospect.full_name,
            "company": self.prospect.company,
            "phone": self.prospect.phone,
            "visits": self.visits,
            "last_visit_at": self.last_visit_at.isoformat().replace("+00:00", "Z"),
        }


def call_next(session: Session, rep_id: int, limit: int = 200) -> list[CallNext]:
    """Prospects of rep_id that people (not bots, not reps) visited, newest visit first."""
    last = func.max(Visit.at, type_=UTCDateTime).label("last_visit_at")
    query = (
        select(Prospect, func.count(Visit.id), last)
        .join(Visit, Visit.prospect_id == Prospect.id)
        .where(Prospect.rep_id == rep_id, Visit.classification == HUMAN)
        .group_by(Prospect.id)
        .order_by(last.desc())
        .limit(limit)
    )
    return [CallNext(p, count, last_at) for p, count, last_at in session.exec(query)]
