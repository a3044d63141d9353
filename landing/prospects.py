"""Prospects: adding one (with its slug), and finding a rep's own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from landing import goals, validate
from landing.models import Prospect, Rep
from landing.slugs import SlugError, base_slug, choose_slug, slug_key

CALL_AGAIN_BUSINESS_DAYS = 2


def next_business_day(start: date, days: int = CALL_AGAIN_BUSINESS_DAYS) -> date:
    """The day `days` working days after start, skipping Saturday and Sunday."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def create_prospect(
    session: Session,
    rep: Rep,
    *,
    first_name: str,
    last_name: str = "",
    company: str = "",
    title: str = "",
    email: str = "",
    phone: str = "",
    outcome: str = "",
    goal: str = "",
    name_spelling: str = "",
    phone_region: str = "US",
    today: date | None = None,
) -> Prospect:
    """A new prospect of rep's with a unique speakable slug; InputError on bad fields."""
    check = validate.Checker()
    values = {
        "first_name": check.run("first_name", validate.text, first_name, 80, True),
        "last_name": check.run("last_name", validate.text, last_name, 80),
        "company": check.run("company", validate.text, company, 120),
        "title": check.run("title", validate.text, title, 120),
        "email": check.run("email", validate.email, email),
        "phone": check.run("phone", validate.phone, phone, phone_region),
        "outcome": check.run("outcome", validate.text, outcome, 200),
        "goal": check.run("goal", validate.choice, goal, goals.GOALS, True),
        "name_spelling": check.run("name_spelling", validate.text, name_spelling, 200),
    }
    if "first_name" not in check.errors:
        try:
            base_slug(values["first_name"], values["last_name"])
        except SlugError as exc:
            check.errors["first_name"] = str(exc)
    check.done()
    today = today or datetime.now(UTC).date()

    def is_taken(key: str) -> bool:
        return session.exec(select(Prospect.id).where(Prospect.slug_key == key)).first() is not None

    # Two reps adding the same name at once on PostgreSQL can both see a slug free; the
    # unique index catches the loser, who tries again with the next candidate.
    for _attempt in range(3):
        try:
            slug = choose_slug(
                values["first_name"], values["last_name"], values["company"], is_taken
            )
        except SlugError as exc:
            raise validate.InputError({"first_name": str(exc)}) from None
        prospect = Prospect(
            rep_id=rep.id,
            slug=slug,
            slug_key=slug_key(slug),
            next_call_on=next_business_day(today),
            **values,
        )
        session.add(prospect)
        try:
            session.commit()
            return prospect
        except IntegrityError:
            session.rollback()
    raise validate.InputError({"first_name": "Could not find a free URL; try again."})


def get_prospect(session: Session, rep_id: int, prospect_id: int) -> Prospect | None:
    """The prospect if it is rep_id's own; None for anyone else's (shown as a 404)."""
    prospect = session.get(Prospect, prospect_id)
    return prospect if prospect and prospect.rep_id == rep_id else None


def find_by_slug(session: Session, slug: str, rep_id: int | None = None) -> Prospect | None:
    query = select(Prospect).where(Prospect.slug_key == slug_key(slug))
    if rep_id is not None:
        query = query.where(Prospect.rep_id == rep_id)
    return session.exec(query).first()


def list_prospects(session: Session, rep_id: int) -> list[Prospect]:
    query = select(Prospect).where(Prospect.rep_id == rep_id).order_by(Prospect.id.desc())
    return list(session.exec(query))


def update_script_choices(
    session: Session, prospect: Prospect, *, goal: str, name_spelling: str
) -> Prospect:
    """The prospect's voicemail goal and the spelled-out aid for their name."""
    check = validate.Checker()
    values = {
        "goal": check.run("goal", validate.choice, goal, goals.GOALS, True),
        "name_spelling": check.run("name_spelling", validate.text, name_spelling, 200),
    }
    check.done()
    for field, value in values.items():
        setattr(prospect, field, value)
    session.add(prospect)
    session.commit()
    return prospect
