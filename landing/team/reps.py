"""Reps: creating them, signing them in, and their profile."""

from __future__ import annotations

import phonenumbers
from sqlmodel import Session, select
from werkzeug.security import check_password_hash

from landing.core import validate
from landing.data.models import Rep
from landing.notify import webhook_targets
from landing.pages import images
from landing.scripts import goals
from landing.team import passwords

# Made now, not at the first unknown email: that one then costs no more than the rest.
passwords.dummy_hash()


def create_rep(
    session: Session, *, email: str, name: str, password: str, is_admin: bool = False
) -> Rep:
    """A new rep; InputError for a bad or taken email, a missing name or a weak password."""
    check = validate.Checker()
    email = check.run("email", validate.email, email, True).lower()
    name = check.run("name", validate.text, name, 120, True)
    check.run("password", lambda p: passwords.check_password(p, email=email, name=name), password)
    if "email" not in check.errors and get_by_email(session, email):
        check.errors["email"] = "A rep with this email already exists."
    check.done()
    rep = Rep(
        email=email, name=name, password_hash=passwords.hash_password(password), is_admin=is_admin
    )
    session.add(rep)
    session.commit()
    return rep


def phone_region(rep: Rep) -> str:
    """Numbers without a country code are read as in the rep's own country (US if unknown)."""
    try:
        number = phonenumbers.parse(rep.phone or "", None)
    except phonenumbers.NumberParseException:
        return "US"
    return phonenumbers.region_code_for_number(number) or "US"


def get_by_email(session: Session, email: str) -> Rep | None:
    email = (email or "").strip().lower()
    if "\x00" in email:  # no address has one, and PostgreSQL would refuse the query
        return None
    return session.exec(select(Rep).where(Rep.email == email)).first()


def get_rep(session: Session, rep_id: int) -> Rep | None:
    return session.get(Rep, rep_id)


def first_admin(session: Session) -> Rep | None:
    return session.exec(select(Rep).where(Rep.is_admin, Rep.active).order_by(Rep.id)).first()


def authenticate(session: Session, email: str, password: str) -> Rep | None:
    """The active rep with this email and password, or None (same work either way)."""
    rep = get_by_email(session, email)
    ok = check_password_hash(rep.password_hash if rep else passwords.dummy_hash(), password or "")
    return rep if rep and ok and rep.active else None


def update_profile(
    session: Session,
    rep: Rep,
    *,
    name: str,
    email: str,
    phone: str,
    booking_url: str,
    photo_url: str,
    title: str = "",
    words_per_minute: str | int = 150,
    default_goal: str = "",
    phone_region: str = "US",
) -> Rep:
    """Save the profile shown on prospects' pages; InputError leaves the rep unchanged."""
    check = validate.Checker()
    values = {
        "name": check.run("name", validate.text, name, 120, True),
        "title": check.run("title", validate.text, title, 120),
        "email": check.run("email", validate.email, email, True).lower(),
        "phone": check.run("phone", validate.phone, phone, phone_region),
        "booking_url": check.run("booking_url", validate.https_url, booking_url),
        "photo_url": check.run("photo_url", images.image_url, photo_url),
        "words_per_minute": check.run(
            "words_per_minute", validate.integer, words_per_minute, 80, 250
        ),
        "default_goal": check.run("default_goal", validate.choice, default_goal, goals.GOALS, True),
    }
    if "email" not in check.errors:
        other = get_by_email(session, values["email"])
        if other and other.id != rep.id:
            check.errors["email"] = "Another rep uses this email."
    check.done()
    for field, value in values.items():
        setattr(rep, field, value)
    session.add(rep)
    session.commit()
    return rep


def update_notifications(
    session: Session,
    rep: Rep,
    *,
    notify_email: str | bool,
    webhook_url: str,
    webhook_secret: str,
    timezone: str,
    quiet_start: str,
    quiet_end: str,
    allow_http_webhook: bool = False,
    allow_private_webhook: bool = False,
) -> Rep:
    """How the rep hears of engaged visits. Saving turns a webhook that failed back on."""
    check = validate.Checker()
    values = {
        "notify_email": str(notify_email).lower() in ("1", "true", "yes", "on"),
        "webhook_url": check.run(
            "webhook_url",
            webhook_targets.webhook_url,
            webhook_url,
            allow_http_webhook,
            allow_private_webhook,
        ),
        "webhook_secret": check.run("webhook_secret", validate.text, webhook_secret, 200),
        "timezone": check.run("timezone", validate.timezone, timezone),
        "quiet_start": check.run("quiet_start", validate.clock, quiet_start),
        "quiet_end": check.run("quiet_end", validate.clock, quiet_end),
    }
    if not check.errors and bool(values["quiet_start"]) != bool(values["quiet_end"]):
        check.errors["quiet_end"] = "Give both the start and the end of quiet hours, or neither."
    check.done()
    for field, value in values.items():
        setattr(rep, field, value)
    rep.webhook_disabled, rep.webhook_failures = False, 0
    session.add(rep)
    session.commit()
    return rep
