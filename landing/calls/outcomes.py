"""Logging a call: what happened, what it resets, and when to call next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from landing.calls import pitches, voicemails
from landing.core.clock import next_business_day, utcnow
from landing.core.validate import InputError
from landing.data.models import CallOutcome, Prospect, Rep, Voicemail
from landing.prospects.service import CALL_AGAIN_AFTER_VOICEMAIL
from landing.team.company import CompanySettings

NO_ANSWER, VOICEMAIL_LEFT, CONNECTED = "no_answer", "voicemail_left", "connected"
CALLED_BACK, MEETING_BOOKED = "called_back", "meeting_booked"
NOT_INTERESTED, DO_NOT_CONTACT = "not_interested", "do_not_contact"


@dataclass(frozen=True)
class Rule:
    label: str
    call_again_in: int | None  # business days; None: never
    resets_score: bool  # engagement before it no longer ranks the prospect


# Every outcome is logged through log_outcome; a voicemail also moves the series on.
RULES = {
    NO_ANSWER: Rule("No answer", 1, False),
    VOICEMAIL_LEFT: Rule("Voicemail left", CALL_AGAIN_AFTER_VOICEMAIL, False),
    CONNECTED: Rule("Connected", 5, True),
    CALLED_BACK: Rule("They called back", 5, True),
    MEETING_BOOKED: Rule("Meeting booked", 10, True),
    NOT_INTERESTED: Rule("Not interested", 60, True),
    DO_NOT_CONTACT: Rule("Do not contact", None, True),
}
KINDS = tuple(RULES)


def log_outcome(
    session: Session,
    rep: Rep,
    prospect: Prospect,
    kind: str,
    *,
    today: date,
    settings: CompanySettings | None = None,
    template_key: str | None = None,
    goal: str | None = None,
    attempt: int | None = None,
    at: datetime | None = None,
) -> CallOutcome | Voicemail:
    """What came of a call, from every door (the prospect's page, the call-next list, the
    API, the CLI). A voicemail moves the series on: its template, unless named, is the one
    the prospect's script shows now (settings needed then); the rest are logged here. The
    next call day comes from RULES either way."""
    if kind != VOICEMAIL_LEFT:
        return _log_call(session, rep, prospect, kind, today=today, at=at)
    if not template_key:
        template_key = pitches.pitch_for(
            session, prospect, rep, settings, today=today, goal=goal, attempt=attempt
        ).template
    return voicemails.log_voicemail(
        session, rep, prospect, template_key=template_key, goal=goal, attempt=attempt,
        today=today, call_again_in=RULES[VOICEMAIL_LEFT].call_again_in, at=at,
    )  # fmt: skip


def _log_call(
    session: Session,
    rep: Rep,
    prospect: Prospect,
    kind: str,
    *,
    today: date,
    at: datetime | None = None,
) -> CallOutcome:
    """Record the outcome, reset the score when the call settled something, set the next day."""
    if kind not in RULES:
        raise InputError({"kind": f"Outcome must be one of: {', '.join(KINDS)}."})
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
