"""The team: inviting reps by link, password changes and resets, deactivating and reassigning.

Admin actions take the acting admin, or None for the server's operator (the `landing`
command), who is trusted. Links are single-use and expire; only their tokens' hashes are kept.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, delete, func, select, update
from werkzeug.security import check_password_hash

from landing.core import stored_secrets, validate
from landing.core.clock import utcnow
from landing.core.validate import AdminOnly, InputError
from landing.data.models import Invite, OutboxMessage, Prospect, Rep
from landing.team import api_tokens, passwords, reps, sessions

LINK_GONE = "This link has expired or was already used."
INVITE_DAYS = 7
RESET_DAYS = 1


class NotAllowed(AdminOnly):
    """An admin action by someone who is not an active admin."""


class LinkGone(ValueError):
    """A join or reset link that is unknown, used or expired (one message for all three)."""

    def __init__(self) -> None:
        super().__init__(LINK_GONE)


@dataclass(frozen=True)
class Member:
    """A rep as the team page lists them."""

    rep: Rep
    prospects: int


def _require_admin(admin: Rep | None) -> None:
    if admin is not None and not (admin.is_admin and admin.active):
        raise NotAllowed("Only an admin may do this.")


def _new_link(session: Session, invite: Invite) -> str:
    token, invite.token_hash = stored_secrets.new_secret()
    session.add(invite)
    return token


def _unusable_hash() -> str:
    # A real hash of a password nobody knows: signing in costs the same and never succeeds.
    return passwords.hash_password(secrets.token_urlsafe(32))


def invite(
    session: Session, admin: Rep | None, email: str, is_admin: bool = False, days: int = INVITE_DAYS
) -> tuple[Invite, str]:
    """A join link for a new rep with this email, and its token (shown once, never stored).
    A newer invite replaces the unused older ones for the same email."""
    _require_admin(admin)
    check = validate.Checker()
    email = check.run("email", validate.email, email, True).lower()
    if "email" not in check.errors and reps.get_by_email(session, email):
        check.errors["email"] = "A rep with this email already exists."
    inviter = admin or reps.first_admin(session)
    if inviter is None and not check.errors:
        check.errors["email"] = "No admin yet: run `landing init` or `landing rep add --admin`."
    check.done()
    session.exec(
        delete(Invite).where(
            Invite.email == email, col(Invite.rep_id).is_(None), col(Invite.used_at).is_(None)
        )
    )
    now = utcnow()
    row = Invite(
        token_hash="", email=email, is_admin=bool(is_admin), invited_by=inviter.id,
        created_at=now, expires_at=now + timedelta(days=days),
    )  # fmt: skip
    token = _new_link(session, row)
    session.commit()
    return row, token


def find_link(session: Session, token: str, *, reset: bool) -> Invite | None:
    """The usable join (or reset) link with this token, or None."""
    if not token or len(token) > 200:
        return None
    row = session.exec(
        select(Invite).where(Invite.token_hash == stored_secrets.digest(token))
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    if (row.rep_id is not None) != reset:
        return None
    return row


def _use(session: Session, token: str, *, reset: bool) -> Invite:
    """Mark the link used, in the caller's transaction; LinkGone if it cannot be."""
    row = find_link(session, token, reset=reset)
    if row is None:
        raise LinkGone()
    # Conditional, so of two requests racing with one link only one gets to use it.
    used = session.exec(
        update(Invite)
        .where(Invite.id == row.id, col(Invite.used_at).is_(None))
        .values(used_at=utcnow())
    )
    if used.rowcount != 1:
        session.rollback()
        raise LinkGone()
    return row


def _check_new_password(
    check: validate.Checker, field: str, password: str, again: str | None, *, email: str, name: str
) -> None:
    check.run(field, lambda p: passwords.check_password(p, email=email, name=name), password)
    if again is not None and again != password and field not in check.errors:
        check.errors["again"] = "The two passwords are not the same."


def accept_invite(
    session: Session, token: str, name: str, password: str, again: str | None = None
) -> Rep:
    """The new rep the join link was for; LinkGone for a bad link, InputError for bad input."""
    row = find_link(session, token, reset=False)
    if row is None:
        raise LinkGone()
    check = validate.Checker()
    name = check.run("name", validate.text, name, 120, True)
    _check_new_password(check, "password", password, again, email=row.email, name=name)
    check.done()
    _use(session, token, reset=False)
    try:
        return reps.create_rep(
            session, email=row.email, name=name, password=password, is_admin=row.is_admin
        )
    except InputError:
        session.rollback()  # the link stays usable
        raise


def force_reset(session: Session, admin: Rep | None, rep: Rep, days: int = RESET_DAYS) -> str:
    """Lock the rep out (password unusable, every session and API token ended) and return
    the token of a link where they choose a new password."""
    _require_admin(admin)
    if admin is not None and admin.id == rep.id:
        raise InputError({"rep": "Change your own password on the Password page."})
    if not rep.active:
        raise InputError({"rep": f"{rep.name} is deactivated."})
    session.exec(delete(Invite).where(Invite.rep_id == rep.id, col(Invite.used_at).is_(None)))
    rep.password_hash = _unusable_hash()
    session.add(rep)
    now = utcnow()
    row = Invite(
        token_hash="", email=rep.email, rep_id=rep.id,
        invited_by=admin.id if admin else rep.id,
        created_at=now, expires_at=now + timedelta(days=days),
    )  # fmt: skip
    token = _new_link(session, row)
    api_tokens.revoke_all(session, rep.id)
    sessions.end_all(session, rep.id)  # commits the lot: one transaction
    return token


def use_reset(session: Session, token: str, password: str, again: str | None = None) -> Rep:
    """Set the password of the rep the reset link was for, and revoke their API tokens (a
    reset is account recovery: whoever had the account may have made one); LinkGone or
    InputError."""
    row = find_link(session, token, reset=True)
    rep = session.get(Rep, row.rep_id) if row else None
    if row is None or rep is None or not rep.active:
        raise LinkGone()
    check = validate.Checker()
    _check_new_password(check, "password", password, again, email=rep.email, name=rep.name)
    check.done()
    _use(session, token, reset=True)
    rep.password_hash = passwords.hash_password(password)
    session.add(rep)
    api_tokens.revoke_all(session, rep.id)
    sessions.end_all(session, rep.id)  # commits the lot
    return rep


def change_password(
    session: Session, rep: Rep, current: str, new: str, again: str, *, revoke_tokens: bool = True
) -> Rep:
    """A rep's new password; every session of theirs ends, this one too: they sign in again.
    Their API tokens are revoked too unless they say otherwise (a rep changing a password
    out of caution wants them gone; one changing it on a schedule may not)."""
    check = validate.Checker()
    if not check_password_hash(rep.password_hash, current or ""):
        check.errors["current"] = "This is not your current password."
    _check_new_password(check, "new", new, again, email=rep.email, name=rep.name)
    if not check.errors and new == current:
        check.errors["new"] = "This is the password you have now; choose a new one."
    check.done()
    rep.password_hash = passwords.hash_password(new)
    session.add(rep)
    if revoke_tokens:
        api_tokens.revoke_all(session, rep.id)
    sessions.end_all(session, rep.id)  # commits the lot
    return rep


def _other_active(rep: Rep, to_rep: Rep | None, field: str) -> Rep:
    if to_rep is None or not to_rep.active or to_rep.id == rep.id:
        raise InputError({field: f"Choose an active rep other than {rep.name}."})
    return to_rep


def _move_prospects(session: Session, from_rep: Rep, to_rep: Rep) -> int:
    # One statement: names and slugs stay, so the heard-URL index has nothing to redo.
    moved = session.exec(
        update(Prospect).where(Prospect.rep_id == from_rep.id).values(rep_id=to_rep.id)
    )
    return moved.rowcount


def reassign(session: Session, admin: Rep | None, from_rep: Rep, to_rep: Rep | None) -> int:
    """Give every prospect of from_rep (archived ones too) to to_rep; how many moved."""
    _require_admin(admin)
    to_rep = _other_active(from_rep, to_rep, "to")
    moved = _move_prospects(session, from_rep, to_rep)
    session.commit()
    return moved


def deactivate(session: Session, admin: Rep | None, rep: Rep, reassign_to: Rep | None) -> int:
    """Sign the rep out for good and give their prospects (whose pages keep working) to
    reassign_to; how many prospects moved."""
    _require_admin(admin)
    if admin is not None and admin.id == rep.id:
        raise InputError({"rep": "You cannot deactivate yourself."})
    if not rep.active:
        raise InputError({"rep": f"{rep.name} is already deactivated."})
    if rep.is_admin and active_admins(session) <= 1:
        raise InputError({"rep": f"{rep.name} is the last active admin."})
    to_rep = _other_active(rep, reassign_to, "reassign_to")
    moved = _move_prospects(session, rep, to_rep)
    rep.active = False
    rep.password_hash = _unusable_hash()
    session.add(rep)
    session.exec(delete(Invite).where(Invite.rep_id == rep.id, col(Invite.used_at).is_(None)))
    # Notices not yet sent would tell someone who left about prospects no longer theirs.
    session.exec(
        update(OutboxMessage)
        .where(OutboxMessage.rep_id == rep.id, OutboxMessage.status == "pending")
        .values(status="dropped", last_error="the rep was deactivated")
    )
    sessions.end_all(session, rep.id)  # commits the lot
    return moved


def active_admins(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Rep).where(Rep.is_admin, Rep.active)).one()


def team(session: Session) -> list[Member]:
    """Every rep, active ones first, with how many prospects each has."""
    counts = dict(
        session.exec(select(Prospect.rep_id, func.count()).group_by(Prospect.rep_id)).all()
    )
    rows = session.exec(select(Rep).order_by(col(Rep.active).desc(), Rep.name, Rep.id)).all()
    return [Member(rep, counts.get(rep.id, 0)) for rep in rows]


def pending_invites(session: Session) -> list[Invite]:
    """Join links not used yet and not expired, newest first."""
    return list(
        session.exec(
            select(Invite)
            .where(
                col(Invite.rep_id).is_(None),
                col(Invite.used_at).is_(None),
                Invite.expires_at > utcnow(),
            )
            .order_by(col(Invite.created_at).desc())
        )
    )


def link(base_url: str, token: str, *, reset: bool = False) -> str:
    """The absolute address of a join (or reset) link, under the company's public base URL."""
    return f"{base_url.rstrip('/')}/{'reset' if reset else 'join'}/{token}"
