"""The same person added twice: a prospect whose email, or whose name and company, match
one already on the team's lists (archived ones too: the rep may mean to restore them).

Team-wide rather than the rep's own: two reps calling one person is the worse surprise, and
the second row would get a URL that sounds like the first one's (/Rob-Mason-Acme)."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlmodel import Session

from landing.core import validate
from landing.data.models import Prospect
from landing.urls.heard_index import keys_of


class Duplicate(validate.InputError):
    """A new prospect that matches an existing one: made only when the caller says so."""

    code = "duplicate"

    def __init__(self, existing: Prospect, by: str, rep_id: int):
        self.prospect, self.slug, self.by = existing, existing.slug, by
        whose = "" if existing.rep_id == rep_id else " (another rep's)"
        archived = ", archived" if existing.archived_at is not None else ""
        what = "the same email" if by == "email" else "the same name and company"
        message = (
            f"{existing.full_name}{', ' + existing.company if existing.company else ''} "
            f"(/{existing.slug}{archived}){whose} already has {what}. "
            "Add a second one only if this is someone else."
        )
        super().__init__({"duplicate": message})
        self.message = message


def find(
    session: Session, *, email: str, first_name: str, last_name: str, company: str
) -> tuple[Prospect, str] | None:
    """The prospect these values duplicate and by what ("email" or "name"), if any; an
    email match first. Names compare as the URL index keys them (case and accents aside)."""
    keys = keys_of("", first_name, last_name)
    matches = []
    if email:
        matches.append(func.lower(Prospect.email) == email.lower())
    if keys.first:
        matches.append(
            (Prospect.first_key == keys.first)
            & (Prospect.last_key == keys.last)
            & (func.lower(Prospect.company) == company.strip().lower())
        )
    if not matches:
        return None
    found = list(
        session.scalars(select(Prospect).where(or_(*matches)).order_by(Prospect.id).limit(20))
    )
    for prospect in found:
        if email and prospect.email.lower() == email.lower():
            return prospect, "email"
    return (found[0], "name") if found else None
