"""Who to call next: a score from engaged visits that halves every half-life, "hot now" on
top, and the reasons in words. Only engaged hits count; bots and unconfirmed hits never do."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from sqlalchemy import or_
from sqlmodel import Session, select

from landing.engagement import VISIT_GAP
from landing.models import Engagement, Prospect, Visit, utcnow
from landing.visits import ENGAGED, iso

HOT_WINDOW = timedelta(minutes=15)
HORIZON_HALF_LIVES = 10  # older events weigh under 0.1% of their weight: not worth reading
CLICKS = {
    "click_call": "tapped Call",
    "click_email": "tapped Email",
    "click_booking": "tapped Book a meeting",
    "click_offer": "opened the offer",
}
VIDEO_PERCENT = {"video_25": 25, "video_50": 50, "video_75": 75, "video_100": 100}


@dataclass(frozen=True)
class Weights:
    visit: int = 10
    repeat_visit: int = 5
    video_play: int = 15
    video_75: int = 20
    contact_click: int = 30
    forwarded: int = 15
    half_life_hours: int = 72

    @classmethod
    def of(cls, settings) -> Weights:
        """The weights from company settings (anything with weight_* attributes)."""
        return cls(
            visit=settings.weight_visit,
            repeat_visit=settings.weight_repeat_visit,
            video_play=settings.weight_video_play,
            video_75=settings.weight_video_75,
            contact_click=settings.weight_contact_click,
            forwarded=settings.weight_forwarded,
            half_life_hours=settings.half_life_hours,
        )

    def decayed(self, weight: int, at: datetime, now: datetime) -> float:
        age_hours = max((now - at).total_seconds(), 0) / 3600
        return weight * 2 ** (-age_hours / self.half_life_hours)


@dataclass(frozen=True)
class ScoreEvent:
    """One thing that counts, with its weight and what is left of it now."""

    kind: str  # visit, repeat_visit, video_play, video_75, contact_click, forwarded
    at: datetime
    weight: int
    points: float
    detail: str = ""

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "at": iso(self.at),
            "weight": self.weight,
            "points": round(self.points, 2),
            "detail": self.detail,
        }


@dataclass
class CallNext:
    prospect: Prospect
    score: float
    hot: bool
    reason: str
    events: list[ScoreEvent]
    visits: int
    people: int
    last_engaged_at: datetime

    def as_json(self) -> dict:
        return {
            "id": self.prospect.id,
            "slug": self.prospect.slug,
            "name": self.prospect.full_name,
            "company": self.prospect.company,
            "phone": self.prospect.phone,
            "score": round(self.score, 1),
            "hot": self.hot,
            "reason": self.reason,
            "visits": self.visits,
            "people": self.people,
            "last_engaged_at": iso(self.last_engaged_at),
            "next_call_on": self.prospect.next_call_on.isoformat(),
            "events": [e.as_json() for e in self.events],
        }


@dataclass(frozen=True)
class Hit:
    id: int
    at: datetime
    visitor: str


@dataclass
class _Visit:
    """Hits of one visitor with no 30-minute gap: one visit."""

    visitor: str
    start: datetime
    last: datetime
    hit_ids: list[int] = field(default_factory=list)


def call_next(
    session: Session,
    rep_id: int,
    weights: Weights,
    now: datetime | None = None,
    zone: tzinfo = UTC,
    limit: int = 200,
) -> list[CallNext]:
    """The rep's prospects with engagement that still counts: hot ones first, then by score."""
    now = now or utcnow()
    horizon = now - timedelta(hours=weights.half_life_hours * HORIZON_HALF_LIVES)
    counted = (
        select(Visit.id)
        .join(Prospect, Prospect.id == Visit.prospect_id)
        .where(
            Prospect.rep_id == rep_id,
            Prospect.do_not_contact == False,  # noqa: E712  (SQL, not Python)
            Prospect.archived_at.is_(None),
            Visit.classification == ENGAGED,
            Visit.at >= horizon,
            Visit.at <= now,
            or_(Prospect.score_since.is_(None), Visit.at >= Prospect.score_since),
        )
    )
    hits: dict[int, list[Hit]] = defaultdict(list)
    columns = (Visit.id, Visit.prospect_id, Visit.at, Visit.visitor_id, Visit.ip, Visit.user_agent)
    query = select(*columns).where(Visit.id.in_(counted)).order_by(Visit.at, Visit.id)
    for hit_id, prospect_id, at, visitor, ip, agent in session.exec(query):
        hits[prospect_id].append(Hit(hit_id, at, visitor or f"{ip} {agent}"))
    if not hits:
        return []
    actions: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    query = select(Engagement.visit_id, Engagement.kind, Engagement.at).where(
        Engagement.visit_id.in_(counted), Engagement.at <= now
    )
    for visit_id, kind, at in session.exec(query):
        actions[visit_id].append((kind, at))
    found = session.exec(select(Prospect).where(Prospect.id.in_(list(hits))))
    rows = [
        rank_prospect(prospect, hits[prospect.id], actions, weights, now, zone)
        for prospect in found
    ]
    rows.sort(key=lambda r: (not r.hot, -(r.last_engaged_at.timestamp() if r.hot else r.score)))
    return rows[:limit]


def rank_prospect(
    prospect: Prospect,
    hits: list[Hit],
    actions: dict[int, list[tuple[str, datetime]]],
    weights: Weights,
    now: datetime,
    zone: tzinfo = UTC,
) -> CallNext:
    """Score one prospect from their engaged hits (oldest first) and what was done on them."""
    visits = group_visits(hits)
    events: list[ScoreEvent] = []

    def add(kind: str, at: datetime, weight: int, detail: str = "") -> None:
        events.append(ScoreEvent(kind, at, weight, weights.decayed(weight, at, now), detail))

    people: list[str] = []
    for number, visit in enumerate(visits):
        if visit.visitor not in people:
            people.append(visit.visitor)
            if len(people) > 1:
                add("forwarded", visit.start, weights.forwarded, f"person {len(people)}")
        if number == 0:
            add("visit", visit.start, weights.visit)
        else:
            add("repeat_visit", visit.start, weights.repeat_visit, f"visit {number + 1}")
        done = sorted(a for hit_id in visit.hit_ids for a in actions.get(hit_id, []))
        kinds = {kind: at for kind, at in reversed(done)}  # the first time of each kind
        video = [k for k in ("video_play", *VIDEO_PERCENT) if k in kinds]
        if video:
            add("video_play", min(kinds[k] for k in video), weights.video_play)
        far = [k for k in ("video_75", "video_100") if k in kinds]
        if far:
            add("video_75", kinds[far[0]], weights.video_75, f"{VIDEO_PERCENT[far[-1]]}%")
        for click in CLICKS:
            if click in kinds:
                add("contact_click", kinds[click], weights.contact_click, click)
    last = max([v.last for v in visits] + [at for h in hits for _, at in actions.get(h.id, [])])
    return CallNext(
        prospect=prospect,
        score=sum(e.points for e in events),
        hot=now - last <= HOT_WINDOW,
        reason=reason(visits, hits, actions, len(people), now, zone),
        events=sorted(events, key=lambda e: e.at),
        visits=len(visits),
        people=len(people),
        last_engaged_at=last,
    )


def group_visits(hits: list[Hit]) -> list[_Visit]:
    """One visit per visitor per stretch of hits with no 30-minute gap, by start time."""
    open_visits: dict[str, _Visit] = {}
    visits: list[_Visit] = []
    for hit in sorted(hits, key=lambda h: (h.at, h.id)):
        current = open_visits.get(hit.visitor)
        if current is None or hit.at - current.last > VISIT_GAP:
            current = _Visit(hit.visitor, hit.at, hit.at)
            open_visits[hit.visitor] = current
            visits.append(current)
        current.last = hit.at
        current.hit_ids.append(hit.id)
    return visits


def reason(
    visits: list[_Visit],
    hits: list[Hit],
    actions: dict[int, list[tuple[str, datetime]]],
    people: int,
    now: datetime,
    zone: tzinfo = UTC,
) -> str:
    """ "watched 75% of the video 12 min ago, 3 visits today, opened by 2 people"."""
    done = sorted((at, kind) for h in hits for kind, at in actions.get(h.id, []))
    parts = [_highlight(done, visits, now)]
    today = now.astimezone(zone).date()
    visits_today = sum(v.start.astimezone(zone).date() == today for v in visits)
    if visits_today:
        parts.append(_count(visits_today, "visit") + " today")
    if len(visits) > visits_today:
        earlier = len(visits) - visits_today
        parts.append(_count(earlier, "visit") + (" before" if visits_today else ""))
    if people > 1:
        parts.append(f"opened by {people} people")
    return ", ".join(parts)


def _highlight(done: list[tuple[datetime, str]], visits: list[_Visit], now: datetime) -> str:
    """The strongest sign of interest, with when: a tap beats the video beats a visit."""
    clicks = [(at, kind) for at, kind in done if kind in CLICKS]
    if clicks:
        at, kind = clicks[-1]
        return f"{CLICKS[kind]} {short_ago(now - at)}"
    progress = [(VIDEO_PERCENT[kind], at) for at, kind in done if kind in VIDEO_PERCENT]
    if progress:
        percent, at = max(progress)
        return f"watched {percent}% of the video {short_ago(now - at)}"
    played = [at for at, kind in done if kind == "video_play"]
    if played:
        return f"played the video {short_ago(now - played[-1])}"
    return f"on the page {short_ago(now - visits[-1].last)}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def short_ago(elapsed: timedelta) -> str:
    minutes = int(elapsed.total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} days ago"
