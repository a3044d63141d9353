"""What a rep does to several prospects at once from the list: archive or restore them,
set their voicemail goal, or (admins) hand them to another rep. Only the acting rep's own
prospects are touched, whatever ids were sent."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from landing.core import validate
from landing.data.models import Prospect, Rep
from landing.prospects import service
from landing.scripts import goals

ACTIONS = ("archive", "restore", "goal", "reassign")
MOST = 500  # a page of the list at its longest, with room; more is not a selection


def selected(session: Session, rep_id: int, ids: Iterable[str | int]) -> list[Prospect]:
    """The rep's own prospects among ids (other ids, and anything not a number, are left
    out: another rep's prospect is never touched, nor said to exist)."""
    numbers = set()
    for value in ids:
        try:
            numbers.add(int(str(value).strip()))
        except ValueError:
            continue
    if not numbers:
        raise validate.InputError({"ids": "Select at least one prospect."})
    if len(numbers) > MOST:
        raise validate.InputError({"ids": f"Select at most {MOST} prospects at a time."})
    query = (
        select(Prospect)
        .where(Prospect.id.in_(sorted(numbers)), Prospect.rep_id == rep_id)
        .order_by(Prospect.id.desc())
    )
    found = list(session.exec(query))
    if not found:
        raise validate.InputError({"ids": "None of the selected prospects is yours."})
    return found


def apply(
    session: Session,
    rep: Rep,
    action: str,
    chosen: list[Prospect],
    *,
    goal: str = "",
    to_rep: Rep | None = None,
) -> int:
    """Do action to the chosen prospects (from selected()); how many changed. InputError for
    an unknown action, goal or rep; AdminOnly when a rep who is not an admin reassigns."""
    if action not in ACTIONS:
        raise validate.InputError({"action": f"Choose one of: {', '.join(ACTIONS)}."})
    changed = 0
    if action == "archive":
        for prospect in chosen:
            changed += prospect.archived_at is None
            service.archive(session, prospect)
    elif action == "restore":
        for prospect in chosen:
            changed += prospect.archived_at is not None
            service.restore(session, prospect)
    elif action == "goal":
        if goal and goal not in goals.GOALS:
            raise validate.InputError({"goal": f"Goal must be one of: {', '.join(goals.GOALS)}."})
        changed = _set(session, chosen, "goal", goal)
    else:
        if not rep.is_admin:
            raise validate.AdminOnly("Only an admin can hand prospects to another rep.")
        if to_rep is None or not to_rep.active or to_rep.id == rep.id:
            raise validate.InputError({"rep": "Choose another active rep of the team."})
        changed = _set(session, chosen, "rep_id", to_rep.id)
    return changed


def _set(session: Session, chosen: list[Prospect], name: str, value) -> int:
    changed = 0
    for prospect in chosen:
        if getattr(prospect, name) != value:
            setattr(prospect, name, value)
            session.add(prospect)
            changed += 1
    session.commit()
    return changed
