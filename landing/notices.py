"""Notifications: each new human visit to one of a rep's prospects, read or unread."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from landing.models import Prospect, Rep, Visit
from landing.visits import HUMAN


def _rep_human_visits(rep_id: int):
    return (
        select(Visit, Prospect)
        .join(Prospect, Prospect.id == Visit.prospect_id)
        .where(Prospect.rep_id == rep_id, Visit.classification == HUMAN)
    )


def unread_count(session: Session, rep: Rep) -> int:
    query = (
        select(func.count(Visit.id))
        .join(Prospect, Prospect.id == Visit.prospect_id)
        .where(
            Prospect.rep_id == rep.id,
            Visit.classification == HUMAN,
            Visit.id > rep.notices_seen_visit_id,
        )
    )
    return session.exec(query).one()


def recent(session: Session, rep: Rep, limit: int = 50) -> list[tuple[Visit, Prospect, bool]]:
    """(visit, prospect, unread) for the rep's latest human visits."""
    query = _rep_human_visits(rep.id).order_by(Visit.id.desc()).limit(limit)
    return [(v, p, v.id > rep.notices_seen_visit_id) for v, p in session.exec(query)]


def mark_read(session: Session, rep: Rep, up_to_visit_id: int) -> None:
    """Mark as read what the rep was shown; a visit arriving meanwhile stays unread."""
    if up_to_visit_id > rep.notices_seen_visit_id:
        rep.notices_seen_visit_id = up_to_visit_id
        session.add(rep)
        session.commit()
