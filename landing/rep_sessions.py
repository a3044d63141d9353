"""Server-side sessions of signed-in reps (one RepSession row per signed-in browser)."""

from __future__ import annotations

from sqlmodel import Session, delete

from landing.models import RepSession


def end_all(session: Session, rep_id: int) -> int:
    """End every session of a rep (deactivated, password changed or reset); how many."""
    result = session.exec(delete(RepSession).where(RepSession.rep_id == rep_id))
    session.commit()
    return result.rowcount
