"""A call session: one prospect at a time, in the order the rep should call them, and an
undo for the last outcome logged.

The session itself is only when it started and whom the rep skipped: whoever had a call or a
voicemail logged since then is done, so logging moves on and an undo (which deletes the
record) brings the prospect back, with no list of its own to keep in step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as phone_zones
from sqlalchemy import and_, exists, func, or_, union
from sqlmodel import Session, select

from landing.calls import outcomes, ranking
from landing.core.clock import utcnow
from landing.core.validate import InputError
from landing.data.models import CallOutcome, Prospect, Rep, Voicemail
from landing.team.company import CompanySettings

UNDO_SECONDS = 10
QUEUE_LIMIT = 200  # a session is a morning's calls, not the whole book


@dataclass(frozen=True)
class Up:
    """The prospect to call now and why they are on the list."""

    prospect: Prospect
    why: str
    ranked: ranking.CallNext | None = None  # engaged: their score and what they did


def handled_since(session: Session, rep_id: int, since: datetime) -> set[int]:
    """Prospects with a call or voicemail logged by the rep since the session started."""
    calls = select(CallOutcome.prospect_id).where(
        CallOutcome.rep_id == rep_id, CallOutcome.at >= since
    )
    left = select(Voicemail.prospect_id).where(Voicemail.rep_id == rep_id, Voicemail.at >= since)
    return set(session.exec(union(calls, left)).scalars())


def next_up(
    session: Session,
    rep: Rep,
    weights: ranking.Weights,
    *,
    since: datetime,
    skipped: set[int],
    today: date,
    zone: tzinfo,
    first: int | None = None,
    now: datetime | None = None,
) -> tuple[Up | None, int]:
    """Who to call now, and how many are left after them. Engaged prospects come first, in
    the call-next order; then those whose next call is due (the longest waiting first) and
    those not called yet.
    first: a prospect to show before the rest (the one whose outcome was just undone)."""
    done = handled_since(session, rep.id, since) | skipped
    ranked = [
        row
        for row in ranking.call_next(session, rep.id, weights, now, zone, limit=QUEUE_LIMIT)
        if row.prospect.id not in done
    ]
    seen = done | {row.prospect.id for row in ranked}
    # A new prospect's next call day is already the one after the first voicemail (their
    # page promises it), so "due" alone would leave out everyone not yet called.
    never_called = and_(
        Prospect.voicemails_left == 0,
        ~exists().where(CallOutcome.prospect_id == Prospect.id),
    )
    due = (
        Prospect.rep_id == rep.id,
        Prospect.archived_at.is_(None),
        Prospect.do_not_contact == False,  # noqa: E712  (SQL, not Python)
        or_(Prospect.next_call_on <= today, never_called),
        Prospect.id.not_in(seen),
    )
    # The first few in order, and how many in all: "4 more" must be true, not the limit.
    waiting = session.exec(
        select(Prospect).where(*due).order_by(Prospect.next_call_on, Prospect.id).limit(5)
    ).all()
    total = session.exec(select(func.count()).select_from(Prospect).where(*due)).one()
    queue = [Up(row.prospect, explain(row), row) for row in ranked]
    queue += [Up(p, _due_words(p, today)) for p in waiting]
    if first is not None:  # just undone: shown again even if the list moved meanwhile
        back = session.get(Prospect, first)
        if back is not None and back.rep_id == rep.id and first not in done:
            queue = [q for q in queue if q.prospect.id != first]
            ranked_row = next((r for r in ranked if r.prospect.id == first), None)
            why = explain(ranked_row) if ranked_row else _due_words(back, today)
            queue.insert(0, Up(back, why, ranked_row))
    if not queue:
        return None, 0
    return queue[0], len(ranked) + total - 1


def explain(row: ranking.CallNext) -> str:
    """The score with its label and the one line behind it: "Score 40 — tapped Book a
    meeting 2 min ago, 2 people, 3 visits (2 today)"."""
    return f"Score {row.score:.0f} — {row.reason}"


def _due_words(prospect: Prospect, today: date) -> str:
    late = (today - prospect.next_call_on).days
    if late < 0:
        return "New: not called yet"
    when = "today" if late == 0 else f"{late} day{'s' if late != 1 else ''} ago"
    return f"Next call due {when}"


def local_time(phone: str, now: datetime | None = None) -> str:
    """Their time of day from the number's region ("3:42 PM in New York"), or "" when the
    number spans zones or says nothing (a mobile number in the UK)."""
    try:
        number = phonenumbers.parse(phone or "", None)
    except phonenumbers.NumberParseException:
        return ""
    names = phone_zones.time_zones_for_number(number)
    if len(names) != 1 or names[0] == phone_zones.UNKNOWN_TIMEZONE:
        return ""
    try:
        zone = ZoneInfo(names[0])
    except ZoneInfoNotFoundError:
        return ""
    there = (now or utcnow()).astimezone(zone)
    place = names[0].rsplit("/", 1)[-1].replace("_", " ")
    return f"{there:%I:%M %p}".lstrip("0") + f" in {place}"


@dataclass(frozen=True)
class Logged:
    """An outcome or voicemail just logged and the prospect as it was before: what an
    undo needs, small enough for the rep's signed session cookie."""

    record: str  # "outcome" or "voicemail"
    record_id: int
    prospect_id: int
    label: str
    at: str  # when it was logged: the undo button counts down from it
    prior_next_call_on: str
    prior_voicemails_left: int
    prior_score_since: str | None
    prior_do_not_contact: bool

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict) -> Logged | None:
        try:
            return cls(**data)
        except TypeError:
            return None


def log(
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
) -> Logged:
    """Log the outcome (outcomes.log_outcome) and keep what an undo puts back."""
    before = (
        prospect.next_call_on.isoformat(),
        prospect.voicemails_left,
        prospect.score_since.isoformat() if prospect.score_since else None,
        prospect.do_not_contact,
    )
    logged = outcomes.log_outcome(
        session, rep, prospect, kind, today=today, settings=settings,
        template_key=template_key, goal=goal, attempt=attempt,
    )  # fmt: skip
    is_voicemail = isinstance(logged, Voicemail)
    label = f"voicemail {logged.attempt}" if is_voicemail else outcomes.RULES[kind].label.lower()
    record = "voicemail" if is_voicemail else "outcome"
    return Logged(record, logged.id, prospect.id, label, logged.at.isoformat(), *before)


def undo(session: Session, rep: Rep, logged: Logged, now: datetime | None = None) -> Prospect:
    """Take the logged outcome back: the record goes, and the prospect's next call day,
    voicemail count, score and do-not-contact mark are as they were. Only within
    UNDO_SECONDS, and only while it is the prospect's latest: an older one undone would
    put back a state that a later call has moved on from."""
    model = Voicemail if logged.record == "voicemail" else CallOutcome
    record = session.get(model, logged.record_id)
    prospect = session.get(Prospect, logged.prospect_id)
    if record is None or prospect is None or record.rep_id != rep.id:
        raise InputError({"undo": "Nothing to undo: that call is no longer on record."})
    age = ((now or utcnow()) - record.at).total_seconds()
    if age > UNDO_SECONDS:
        raise InputError(
            {
                "undo": f"Too late to undo {logged.label} for {prospect.full_name}: it was "
                f"logged {age:.0f} seconds ago, and undo lasts {UNDO_SECONDS} seconds. "
                "It stays on record; log what really happened on their page."
            }
        )
    if _later_than(session, record):
        raise InputError(
            {"undo": f"Not undone: a later call for {prospect.full_name} is logged after it."}
        )
    prospect.next_call_on = date.fromisoformat(logged.prior_next_call_on)
    prospect.voicemails_left = logged.prior_voicemails_left
    prospect.score_since = (
        datetime.fromisoformat(logged.prior_score_since) if logged.prior_score_since else None
    )
    prospect.do_not_contact = logged.prior_do_not_contact
    session.delete(record)
    session.add(prospect)
    session.commit()
    return prospect


def _later_than(session: Session, record: CallOutcome | Voicemail) -> bool:
    pid, at = record.prospect_id, record.at
    calls = select(CallOutcome.id).where(
        CallOutcome.prospect_id == pid, CallOutcome.at >= at, CallOutcome.id != record.id
    )
    left = select(Voicemail.id).where(
        Voicemail.prospect_id == pid, Voicemail.at >= at, Voicemail.id != record.id
    )
    if isinstance(record, CallOutcome):
        calls = calls.where(CallOutcome.id > record.id)
    else:
        left = left.where(Voicemail.id > record.id)
    return session.exec(calls.limit(1)).first() is not None or (
        session.exec(left.limit(1)).first() is not None
    )


def seconds_left(logged: Logged, now: datetime | None = None) -> int:
    """Whole seconds left to undo it (0: too late), for the button's countdown."""
    age = ((now or utcnow()) - datetime.fromisoformat(logged.at)).total_seconds()
    return max(0, int(UNDO_SECONDS - age))


def last_call(session: Session, rep_id: int) -> tuple[str, str, datetime] | None:
    """The rep's latest call or voicemail: whom, what, when; for the list's empty state."""
    call = session.exec(
        select(CallOutcome).where(CallOutcome.rep_id == rep_id).order_by(CallOutcome.at.desc())
    ).first()
    left = session.exec(
        select(Voicemail).where(Voicemail.rep_id == rep_id).order_by(Voicemail.at.desc())
    ).first()
    latest = max((r for r in (call, left) if r is not None), key=lambda r: r.at, default=None)
    if latest is None:
        return None
    prospect = session.get(Prospect, latest.prospect_id)
    if isinstance(latest, Voicemail):
        what = f"voicemail {latest.attempt}"
    else:
        what = outcomes.RULES[latest.kind].label.lower() if latest.kind in outcomes.RULES else ""
    return (prospect.full_name if prospect else "", what, latest.at)
