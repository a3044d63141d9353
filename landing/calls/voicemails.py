"""Voicemails left and what came of them: the series' attempt count, the next call day,
which visits each voicemail earned, and how each template does against the others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from landing.calls.variants import (
    Event,
    VariantStats,
    VoicemailLeft,
    credited_voicemail,
    variant_stats,
)
from landing.core.clock import next_business_day, utcnow
from landing.core.validate import InputError
from landing.data.models import CallOutcome, Prospect, Rep, Visit, Voicemail
from landing.pages.visits import ENGAGED
from landing.scripts import goals, templates

ATTEMPT_RANGE = f"Attempt must be a number from 1 to {goals.MAX_ATTEMPT}."


def log_voicemail(
    session: Session,
    rep: Rep,
    prospect: Prospect,
    *,
    template_key: str,
    goal: str | None = None,
    attempt: int | None = None,
    today: date,
    call_again_in: int,
    at: datetime | None = None,
) -> Voicemail:
    """Record the voicemail just left; the prospect moves to the next attempt and to the
    call day call_again_in business days on. Called by outcomes.log_outcome."""
    template = templates.find(session, rep, template_key)
    if template is None:
        raise InputError({"template": f"No template '{template_key}' that you can use."})
    goal = goal or template.goal
    if goal not in goals.GOALS:
        raise InputError({"goal": f"Goal must be one of: {', '.join(goals.GOALS)}."})
    if attempt is not None and not 1 <= attempt <= goals.MAX_ATTEMPT:
        raise InputError({"attempt": ATTEMPT_RANGE})
    voicemail = Voicemail(
        prospect_id=prospect.id,
        rep_id=rep.id,
        attempt=attempt or prospect.next_attempt,
        goal=goal,
        template_key=template.key,
        at=at or utcnow(),
    )
    prospect.voicemails_left = max(prospect.voicemails_left, voicemail.attempt)
    prospect.next_call_on = next_business_day(today, call_again_in)
    session.add(voicemail)
    session.add(prospect)
    session.commit()
    return voicemail


def left_for(session: Session, prospect_id: int) -> list[Voicemail]:
    query = select(Voicemail).where(Voicemail.prospect_id == prospect_id).order_by(Voicemail.at)
    return list(session.exec(query))


@dataclass(frozen=True)
class Credit:
    """A visit earned by a voicemail: "visited 14 minutes after voicemail 2"."""

    attempt: int
    minutes: int

    @property
    def words(self) -> str:
        return f"{_duration(self.minutes)} after voicemail {self.attempt}"


def credits(voicemails: list[Voicemail], visit_list: list[Visit]) -> dict[int, Credit]:
    """Visit id → the voicemail credited with it (the latest one within the window)."""
    left = [_left(v) for v in voicemails]
    found = {}
    for visit in visit_list:
        if visit.classification != ENGAGED:
            continue
        credited = credited_voicemail(left, visit.at)
        if credited is not None:
            minutes = int((visit.at - credited.at).total_seconds() // 60)
            found[visit.id] = Credit(credited.attempt, minutes)
    return found


def _duration(minutes: int) -> str:
    if minutes < 1:
        return "within a minute"
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hours"
    return f"{hours // 24} days"


def _left(v: Voicemail) -> VoicemailLeft:
    return VoicemailLeft(v.id, v.prospect_id, v.template_key, v.goal, v.attempt, v.at)


def template_stats(session: Session) -> dict[str, VariantStats]:
    """Per template key, team-wide: voicemails, visits within the window, callbacks, meetings."""
    left = [_left(v) for v in session.exec(select(Voicemail))]
    if not left:
        return {}
    visits = session.exec(
        select(Visit.prospect_id, Visit.at).where(
            Visit.classification == ENGAGED,
            Visit.prospect_id.in_(select(Voicemail.prospect_id)),
        )
    )
    events = [Event(pid, at, "visit") for pid, at in visits]
    events += [Event(o.prospect_id, o.at, o.kind) for o in session.exec(select(CallOutcome))]
    return {s.template_key: s for s in variant_stats(left, events)}
