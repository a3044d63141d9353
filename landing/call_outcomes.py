"""Logging a call: what happened, what it resets, and when to call next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from landing.models import CallOutcome, Prospect, Rep, utcnow
from landing.prospects import next_business_day
from landing.validate import InputError

NO_ANSWER, VOICEMAIL_LEFT, CONNECTED = "no_answer", "voicemail_left", "connected"
CALLED_BACK, MEETING_BOOKED = "called_back", "meeting_booked"
NOT_INTERESTED, DO_NOT_CONTACT = "not_interested", "do_not_contact"


@dataclass(frozen=True)
class Rule:
    label: str
    call_again_in: int | None  # business days; None: never
    resets_score: bool  # engagement before it no longer ranks the prospect


# A voicemail is logged by voicemails.log_voicemail (it moves the series on); the rest here.
RULES = {
    NO_ANSWER: Rule("No answer", 1, False),
    VOICEMAIL_LEFT: Rule("Voicemail left", 2, False),
    CONNECTED: Rule("Connected", 5, True),
    CALLED_BACK: Rule("They called back", 5, True),
    MEETING_BOOKED: Rule("Meeting booked", 10, True),
    NOT_INTERESTED: Rule("Not interested", 60, True),
    DO_NOT_CONTACT: Rule("Do not contact", None, True),
}
KINDS = tuple(RULES)


def log_call(
    session: Session,
    rep: Rep,
    prospect: Prospect,
    kind: str,
    *,
    today: date,
    at: datetime | None = None,
) -> CallOutcome:
    """Record the outcome, reset the score when the call settled something, set the next day."""
    if kind not in RULES or kind == VOICEMAIL_LEFT:
        allowed = ", ".join(k for k in KINDS if k != VOICEMAIL_LEFT)
        raise InputError({"kind": f"Outcome must be one of: {allowed} (or log a voicemail)."})
    rule, at = RULES[kind], at or utcnow()
    outcome = CallOutcome(prospect_id=prospect.id, rep_id=rep.id, kind=kind, at=at)
    if rule.resets_score:
        prospect.score_since = at
    if kind == DO_NOT_CONTACT:
        prospect.do_not_contact = True
    if rule.call_again_in is not None:
        prospect.next_call_on = next_business_day(today, rule.call_again_in)
    session.add(outcome)
    session.add(prospect)
    session.commit()
    return outcome


def logged_for(session: Session, prospect_id: int) -> list[CallOutcome]:
    query = (
        select(CallOutcome)
        .where(CallOutcome.prospect_id == prospect_id)
        .order_by(CallOutcome.at.desc(), CallOutcome.id.desc())
    )
    return list(session.exec(query))
