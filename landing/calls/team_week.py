"""The team's results by week: voicemails left, and how many of them earned a person's visit,
a callback and a meeting, per week, per rep and per template.

A voicemail earns what its prospect does within ATTRIBUTION_WINDOW of it and before the next
voicemail to them, the rule the Scripts page counts by (landing.calls.variants); the funnel,
the weeks, the reps and the templates add up to the same totals. It is counted in the
database, one grouped query over the period's voicemails, each probing the visit and outcome
indexes once: nothing is loaded row by row, however many hits a team has."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import sqlalchemy as sa
from sqlmodel import Session, select

from landing.calls.variants import ATTRIBUTION_WINDOW, CALLED_BACK, MEETING_BOOKED, wilson_interval
from landing.core.clock import utcnow
from landing.data.models import CallOutcome, Rep, Visit, Voicemail
from landing.pages.visits import ENGAGED

WEEKS = 12
UNNAMED = "A teammate’s own template (#{})"  # one the viewer may not see by name
STEPS = ("voicemails", "visited", "callbacks", "meetings")
STEP_LABELS = {
    "voicemails": "Voicemails left",
    "visited": "Led to a visit",
    "callbacks": "Led to a callback",
    "meetings": "Led to a meeting",
}


@dataclass
class Counts:
    """Voicemails left, and how many of them earned a visit, a callback, a meeting."""

    voicemails: int = 0
    visited: int = 0
    callbacks: int = 0
    meetings: int = 0

    def add(self, other: Counts) -> None:
        for step in STEPS:
            setattr(self, step, getattr(self, step) + getattr(other, step))

    def share(self, step: str) -> float:
        """That step as a share of the voicemails (0.0 with none)."""
        return getattr(self, step) / self.voicemails if self.voicemails else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        """The 95% Wilson interval of the visit rate."""
        return wilson_interval(self.visited, self.voicemails)


@dataclass
class Row:
    """A week, a rep or a template, with its counts."""

    key: str
    label: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class TeamWeek:
    """What the results page shows for one selection (the team, or one rep)."""

    weeks: list[Row]  # oldest first, every week of the period, empty ones too
    reps: list[Row]  # most voicemails first
    templates: list[Row]  # best visit rate first
    total: Counts
    since: datetime  # the first week's start (UTC)
    latest_open_from: date  # voicemails left on or after this day may earn more yet


def week_starts(now: datetime, zone: tzinfo, weeks: int = WEEKS) -> list[datetime]:
    """The UTC instants at which each of the last `weeks` weeks began (Monday 00:00 in the
    rep's zone), oldest first; the last is this week's."""
    local_today = now.astimezone(zone).date()
    monday = local_today - timedelta(days=local_today.weekday())
    days = [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    return [datetime.combine(day, time(), zone).astimezone(UTC) for day in days]


def _until(at, dialect: str):
    """at + ATTRIBUTION_WINDOW in SQL. SQLite keeps datetimes as text with microseconds and
    its date arithmetic has milliseconds: "999" pads the result to compare as text."""
    if dialect == "sqlite":
        days = ATTRIBUTION_WINDOW.days
        return sa.func.strftime("%Y-%m-%d %H:%M:%f", at, f"+{days} days").concat("999")
    return at + sa.literal(ATTRIBUTION_WINDOW, sa.Interval)


def _counted(session: Session, starts: list[datetime], rep_id: int | None):
    """(week index, rep id, template key, voicemails, visited, callbacks, meetings) rows."""
    dialect = session.get_bind().dialect.name
    # Each voicemail's next to the same prospect, whoever left it: that one earns from then.
    # One rep's: only their prospects' voicemails are read.
    period = [Voicemail.at >= starts[0]]
    if rep_id is not None:
        theirs = select(Voicemail.prospect_id).where(Voicemail.rep_id == rep_id, *period)
        period.append(Voicemail.prospect_id.in_(theirs))
    left = (
        select(
            Voicemail.prospect_id,
            Voicemail.rep_id,
            Voicemail.template_key,
            Voicemail.at,
            sa.func.lead(Voicemail.at)
            .over(partition_by=Voicemail.prospect_id, order_by=(Voicemail.at, Voicemail.id))
            .label("next_at"),
            _until(Voicemail.at, dialect).label("until"),
            sa.case(
                *[(Voicemail.at >= start, n) for n, start in reversed(list(enumerate(starts)))],
                else_=0,
            ).label("week"),
        )
        .where(*period)
        .subquery("left_")
    )

    def within(at, prospect_id):
        """The event is this voicemail's: its prospect's, in its window, before the next."""
        return (
            prospect_id == left.c.prospect_id,
            at >= left.c.at,
            at <= left.c.until,
            sa.or_(left.c.next_at.is_(None), at < left.c.next_at),
        )

    # Written out, as in the partial index of engaged hits, so that both databases see that
    # the index applies (a bound parameter could be anything).
    engaged = Visit.classification == sa.literal(ENGAGED, literal_execute=True)
    visited = sa.exists().where(*within(Visit.at, Visit.prospect_id), engaged)
    # Callback and meeting in one probe: bit 1 and bit 2 (None when neither came).
    both = sa.func.max(sa.case((CallOutcome.kind == MEETING_BOOKED, 2), else_=0)) + sa.func.max(
        sa.case((CallOutcome.kind == CALLED_BACK, 1), else_=0)
    )
    kinds = CallOutcome.kind.in_((CALLED_BACK, MEETING_BOOKED))
    outcomes = (
        select(both)
        .where(*within(CallOutcome.at, CallOutcome.prospect_id), kinds)
        .scalar_subquery()
    )
    each = select(
        left.c.week,
        left.c.rep_id,
        left.c.template_key,
        sa.case((visited, 1), else_=0).label("visited"),
        sa.func.coalesce(outcomes, 0).label("outcomes"),
    )
    if rep_id is not None:
        each = each.where(left.c.rep_id == rep_id)
    # Materialized: each voicemail's probes run once, not once for every sum that reads them.
    each = each.cte("each_").prefix_with("MATERIALIZED")
    query = select(
        each.c.week,
        each.c.rep_id,
        each.c.template_key,
        sa.func.count(),
        sa.func.sum(each.c.visited),
        sa.func.sum(sa.case((each.c.outcomes.in_((1, 3)), 1), else_=0)),
        sa.func.sum(sa.case((each.c.outcomes >= 2, 1), else_=0)),
    ).group_by(each.c.week, each.c.rep_id, each.c.template_key)
    return session.connection().execute(query).all()


def team_week(
    session: Session,
    *,
    rep_id: int | None,
    zone: tzinfo = UTC,
    template_names: dict[str, str] | None = None,
    now: datetime | None = None,
    weeks: int = WEEKS,
) -> TeamWeek:
    """The last `weeks` weeks of the team's voicemails (rep_id None) or one rep's, and what
    they earned, by week, rep and template. Weeks start on Monday in `zone`."""
    now = now or utcnow()
    starts = week_starts(now, zone, weeks)
    names = template_names or {}
    by_week = [Row(start.isoformat(), _week_label(start, zone)) for start in starts]
    by_rep: dict[int, Counts] = defaultdict(Counts)
    by_template: dict[str, Counts] = defaultdict(Counts)
    total = Counts()
    for week, rep, key, *numbers in _counted(session, starts, rep_id):
        counts = Counts(*(int(n or 0) for n in numbers))
        by_week[week].counts.add(counts)
        by_rep[rep].add(counts)
        by_template[key].add(counts)
        total.add(counts)
    return TeamWeek(
        weeks=by_week,
        reps=_rep_rows(session, by_rep),
        templates=sorted(
            (Row(key, names.get(key) or UNNAMED.format(key), c) for key, c in by_template.items()),
            key=lambda row: (-row.counts.share("visited"), -row.counts.voicemails, row.label),
        ),
        total=total,
        since=starts[0],
        latest_open_from=(now - ATTRIBUTION_WINDOW).astimezone(zone).date(),
    )


def _rep_rows(session: Session, counts: dict[int, Counts]) -> list[Row]:
    query = select(Rep.id, Rep.name).where(Rep.id.in_(list(counts)))
    names = dict(session.connection().execute(query).all()) if counts else {}
    rows = [Row(str(rep_id), names.get(rep_id, f"Rep {rep_id}"), c) for rep_id, c in counts.items()]
    return sorted(rows, key=lambda row: (-row.counts.voicemails, row.label))


def _week_label(start: datetime, zone: tzinfo) -> str:
    day = start.astimezone(zone).date()
    return f"{day.strftime('%b')} {day.day}"
