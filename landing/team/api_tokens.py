"""Reps' keys to the JSON API: made with a name, shown once, kept only as a SHA-256, revoked.

A token is `lnd_` and 43 random URL-safe characters (256 bits), so a hash without a salt
is enough: nobody can guess one to look up. Its first characters are kept to tell tokens
apart in lists; they say nothing of the rest."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select, update

from landing.core import stored_secrets, validate
from landing.core.clock import utcnow
from landing.data.models import ApiToken, Rep

PREFIX = "lnd_"
SHOWN_CHARACTERS = 8  # "lnd_Ab3x": the part kept to tell tokens apart
# last_used_at is a hint for the rep, not an audit log: one write a minute per token at most.
TOUCH_EVERY = timedelta(minutes=1)


class NotFound(LookupError):
    """No such token of this rep's."""


def create(session: Session, rep: Rep, name: str) -> tuple[ApiToken, str]:
    """A new token of rep's; the token itself is returned here once and never stored."""
    check = validate.Checker()
    name = check.run("name", validate.text, name, 80, True)
    check.done()
    token, token_hash = stored_secrets.new_secret(PREFIX)
    row = ApiToken(rep_id=rep.id, name=name, token_hash=token_hash, prefix=token[:SHOWN_CHARACTERS])
    session.add(row)
    session.commit()
    return row, token


def list_for(session: Session, rep: Rep) -> list[ApiToken]:
    """The rep's tokens, newest first, revoked ones included (they show as revoked)."""
    query = select(ApiToken).where(ApiToken.rep_id == rep.id).order_by(ApiToken.id.desc())
    return list(session.exec(query))


def revoke(session: Session, rep: Rep, token_id: int, now: datetime | None = None) -> ApiToken:
    """Stop the token working at once; NotFound unless it is rep's own."""
    row = session.get(ApiToken, token_id)
    if row is None or row.rep_id != rep.id:
        raise NotFound(token_id)
    if row.revoked_at is None:
        row.revoked_at = now or utcnow()
        session.add(row)
        session.commit()
    return row


def revoke_all(session: Session, rep_id: int, now: datetime | None = None) -> int:
    """Revoke every live token of the rep, in the caller's transaction (not committed): a
    reset or a new password means someone else may have had the account, and a token made
    meanwhile would outlive everything else they had. How many were revoked."""
    result = session.exec(
        update(ApiToken)
        .where(ApiToken.rep_id == rep_id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=now or utcnow())
    )
    return result.rowcount


def find_by_prefix(session: Session, rep: Rep, prefix: str) -> list[ApiToken]:
    """The rep's live tokens starting with prefix (for the CLI, which never sees ids)."""
    prefix = (prefix or "").strip()
    if not prefix:
        return []
    return [
        row
        for row in list_for(session, rep)
        if row.revoked_at is None and row.prefix.startswith(prefix[:SHOWN_CHARACTERS])
    ]


def rep_for(session: Session, token: str, now: datetime | None = None) -> Rep | None:
    """The active rep a presented token belongs to; None if unknown, revoked or deactivated."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = session.exec(
        select(ApiToken).where(ApiToken.token_hash == stored_secrets.digest(token))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    rep = session.get(Rep, row.rep_id)
    if rep is None or not rep.active:
        return None
    now = now or utcnow()
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        row.last_used_at = now
        session.add(row)
        session.commit()
    return rep
