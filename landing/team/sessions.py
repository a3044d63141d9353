"""Server-side sessions of signed-in reps (one RepSession row per signed-in browser).

The browser's signed cookie holds a random token; the row holds only its SHA-256, so a
database leak hands out no usable sessions. Deleting a row signs that browser out whatever
its cookie still says."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, delete, or_

from landing.core import stored_secrets
from landing.core.clock import utcnow
from landing.data.models import RepSession

# last_seen_at moves at most this often: a write per request would cost more than the
# idle timeout gains from being exact to the second.
TOUCH_EVERY = timedelta(minutes=1)


def start(session: Session, rep_id: int, now: datetime | None = None) -> str:
    """A new session for the rep; the token for the browser's cookie."""
    token, session_id = stored_secrets.new_secret()
    now = now or utcnow()
    session.add(RepSession(id=session_id, rep_id=rep_id, created_at=now, last_seen_at=now))
    session.commit()
    return token


def rep_for(
    session: Session,
    token: str,
    idle: timedelta,
    max_age: timedelta,
    now: datetime | None = None,
) -> int | None:
    """The rep whose live session this token names, or None; an expired row is deleted."""
    if not token or not isinstance(token, str):
        return None
    now = now or utcnow()
    row = session.get(RepSession, stored_secrets.digest(token))
    if row is None:
        return None
    if now - row.last_seen_at > idle or now - row.created_at > max_age:
        end(session, token)
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return row.rep_id


def end(session: Session, token: str) -> None:
    """Sign out the browser holding this token (nothing if it names no session)."""
    if token and isinstance(token, str):
        session.exec(delete(RepSession).where(RepSession.id == stored_secrets.digest(token)))
        session.commit()


def end_all(session: Session, rep_id: int) -> int:
    """End every session of a rep (deactivated, password changed or reset); how many."""
    result = session.exec(delete(RepSession).where(RepSession.rep_id == rep_id))
    session.commit()
    return result.rowcount


def purge_expired(
    session: Session, idle: timedelta, max_age: timedelta, now: datetime | None = None
) -> int:
    """Delete the rows no browser can use any more (rep_for would refuse them); how many."""
    now = now or utcnow()
    result = session.exec(
        delete(RepSession).where(
            or_(RepSession.last_seen_at < now - idle, RepSession.created_at < now - max_age)
        )
    )
    session.commit()
    return result.rowcount
