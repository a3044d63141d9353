"""Who to call next: a score from engaged visits that halves every half-life, "hot now" on
top, and the reasons in words. Only engaged hits count; bots and unconfirmed hits never do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from operator import attrgetter
from typing import NamedTuple

from sqlmodel import Session, select

from landing.calls import engaged_hits
from landing.calls.engaged_hits import Actions, EngagedHit
from landing.core.clock import iso, utcnow
from landing.data.models import SCORE_WEIGHTS, Prospect, Rep
from landing.pages.engagement import VISIT_GAP

HOT_WINDOW = timedelta(minutes=15)
HORIZON_HALF_LIVES = 10  # older events weigh under 0.1% of their weight: not worth reading
CLICKS = {
    "click_call": "tapped Call",
    "click_email": "tapped Email",
    "click_booking": "tapped Book a meeting",
    "click_offer": "opened the offer",
}
VIDEO_PERCENT = {"video_25": 25, "video_50": 50, "video_75": 75, "video_100": 100}
# The rep's personal video counts as the team's does (one play a visit, whichever video); the
# reason names it: "watched 75% of Dana's video for you", the words its page shows.
PERSONAL = {f"personal_{k.removeprefix('video_')}": k for k in ("video_play", *VIDEO_PERCENT)}
PERSONAL_PERCENT = {k: VIDEO_PERCENT[v] for k, v in PERSONAL.items() if v in VIDEO_PERCENT}
# What the score and the reason read; other beacons (visible, scroll) only say when.
SCORED_KINDS = ("video_play", *VIDEO_PERCENT, *PERSONAL, *CLICKS)
# Bounds on what one visit, and one network, can add: a person taps Call and then Email,
# not every button; an office forwards a page to a few colleagues. More visitors than this
# from one address count as one more person (a script that drops its cookie each time).
CLICKS_PER_VISIT = 2
PEOPLE_PER_ADDRESS = 3


@dataclass(frozen=True)
class Weights:
    visit: int = SCORE_WEIGHTS["weight_visit"]
    repeat_visit: int = SCORE_WEIGHTS["weight_repeat_visit"]
    video_play: int = SCORE_WEIGHTS["weight_video_play"]
    video_75: int = SCORE_WEIGHTS["weight_video_75"]
    contact_click: int = SCORE_WEIGHTS["weight_contact_click"]
    forwarded: int = SCORE_WEIGHTS["weight_forwarded"]
    half_life_hours: int = SCORE_WEIGHTS["half_life_hours"]

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


class ScoreEvent(NamedTuple):
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
    prospect_ids: list[int] | None = None,
) -> list[CallNext]:
    """The rep's prospects with engagement that still counts: hot ones first, each part by
    score (only those of prospect_ids, when given)."""
    now = now or utcnow()
    horizon = now - timedelta(hours=weights.half_life_hours * HORIZON_HALF_LIVES)
    connection = session.connection()
    hits, actions, last_done = engaged_hits.counted(
        connection, rep_id, horizon, now, SCORED_KINDS, prospect_ids
    )
    if not hits:
        return []
    scores = [
        _score(id_, hits[id_], actions, weights, now, last_done.get(id_)) for id_ in sorted(hits)
    ]
    # Strength of interest beats recency, in "hot now" too: a tap on Book a meeting ten
    # minutes ago outranks a glance a minute ago. Equal scores: the latest first.
    scores.sort(key=lambda s: (not s.hot, -s.score, -s.last.timestamp()))
    top = scores[:limit]
    query = select(Prospect).where(Prospect.id.in_([s.prospect_id for s in top]))
    prospects = {prospect.id: prospect for prospect in session.exec(query)}
    rep = session.get(Rep, rep_id)
    first_name = rep.first_name if rep is not None else ""
    return [
        _described(prospects[s.prospect_id], s, actions, now, zone, first_name)
        for s in top
        if s.prospect_id in prospects
    ]


@dataclass
class _Score:
    """A prospect's place on the list, before its events and reason are put in words."""

    prospect_id: int | None
    hits: list[EngagedHit]
    visits: list[_Visit]
    events: list[tuple[str, datetime, int, float, str]]
    people: int
    score: float
    hot: bool
    last: datetime


def rank_prospect(
    prospect: Prospect,
    hits: list[EngagedHit],
    actions: Actions,
    weights: Weights,
    now: datetime,
    zone: tzinfo = UTC,
    rep_first_name: str = "",
) -> CallNext:
    """Score one prospect from their engaged hits (oldest first) and what was done on them."""
    scored = _score(prospect.id, hits, actions, weights, now)
    return _described(prospect, scored, actions, now, zone, rep_first_name)


def _score(
    prospect_id: int | None,
    hits: list[EngagedHit],
    actions: Actions,
    weights: Weights,
    now: datetime,
    last_done: datetime | None = None,
) -> _Score:
    """The score, with its events as plain tuples: most prospects scored are not shown.

    last_done: when anything was last done on these hits, when actions holds only the
    SCORED_KINDS; without it, actions must hold everything."""
    visits = group_visits(hits)
    events: list[tuple[str, datetime, int, float, str]] = []

    def add(kind: str, at: datetime, weight: int, detail: str = "") -> None:
        events.append((kind, at, weight, weights.decayed(weight, at, now), detail))

    people: set[str] = set()
    for number, visit in enumerate(visits):
        if visit.visitor not in people:
            people.add(visit.visitor)
            if len(people) > 1:
                add("forwarded", visit.start, weights.forwarded, f"person {len(people)}")
        if number == 0:
            add("visit", visit.start, weights.visit)
        else:
            add("repeat_visit", visit.start, weights.repeat_visit, f"visit {number + 1}")
        done = [a for hit_id in visit.hit_ids for a in actions.get(hit_id, ())]
        if not done:  # the usual visit: nothing the score reads was done
            continue
        done.sort()
        # the first time of each kind; either video's play or milestone is the video's
        kinds = {PERSONAL.get(kind, kind): at for kind, at in reversed(done)}
        # Milestones count after a play, as page.js sends them: never on their own.
        video = [k for k in ("video_play", *VIDEO_PERCENT) if k in kinds]
        if "video_play" in kinds:
            add("video_play", min(kinds[k] for k in video), weights.video_play)
        far = [k for k in ("video_75", "video_100") if k in kinds and "video_play" in kinds]
        if far:
            add("video_75", kinds[far[0]], weights.video_75, f"{VIDEO_PERCENT[far[-1]]}%")
        taps = sorted((kinds[click], click) for click in CLICKS if click in kinds)
        for at, click in taps[:CLICKS_PER_VISIT]:
            add("contact_click", at, weights.contact_click, click)
    last = max(v.last for v in visits)
    if last_done is None:
        last = max([last, *(at for h in hits for _, at in actions.get(h.id, ()))])
    elif last_done > last:
        last = last_done
    score = sum(points for _, _, _, points, _ in events)
    return _Score(
        prospect_id, hits, visits, events, len(people), score, now - last <= HOT_WINDOW, last
    )


def _described(
    prospect: Prospect,
    scored: _Score,
    actions: Actions,
    now: datetime,
    zone: tzinfo,
    rep_first_name: str = "",
) -> CallNext:
    said = reason(scored.visits, scored.hits, actions, scored.people, now, zone, rep_first_name)
    return CallNext(
        prospect=prospect,
        score=scored.score,
        hot=scored.hot,
        reason=said,
        events=sorted((ScoreEvent(*e) for e in scored.events), key=lambda e: e.at),
        visits=len(scored.visits),
        people=scored.people,
        last_engaged_at=scored.last,
    )


_when = attrgetter("at", "id")


def group_visits(hits: list[EngagedHit]) -> list[_Visit]:
    """One visit per visitor per stretch of hits with no 30-minute gap, by start time;
    past PEOPLE_PER_ADDRESS visitors of one address, its further ones are one visitor."""
    open_visits: dict[str, _Visit] = {}
    visits: list[_Visit] = []
    by_address: dict[str, set[str]] = {}
    for hit in sorted(hits, key=_when):
        seen = by_address.setdefault(hit.address, set())
        visitor = hit.visitor
        if visitor not in seen:
            if len(seen) >= PEOPLE_PER_ADDRESS:
                visitor = f"more from {hit.address}"
            seen.add(visitor)
        current = open_visits.get(visitor)
        if current is None or hit.at - current.last > VISIT_GAP:
            current = _Visit(visitor, hit.at, hit.at)
            open_visits[visitor] = current
            visits.append(current)
        current.last = hit.at
        current.hit_ids.append(hit.id)
    return visits


def reason(
    visits: list[_Visit],
    hits: list[EngagedHit],
    actions: Actions,
    people: int,
    now: datetime,
    zone: tzinfo = UTC,
    rep_first_name: str = "",
) -> str:
    """ "watched 75% of the video 12 min ago, 2 people, 3 visits (2 today)": the counts
    say what they count, people first when more than one opened the page; the rep's
    personal video is "Dana's video for you", as its page names it."""
    done = sorted((at, kind) for h in hits for kind, at in actions.get(h.id, []))
    today = now.astimezone(zone).date()
    visits_today = sum(v.start.astimezone(zone).date() == today for v in visits)
    counted = _count(len(visits), "visit")
    if visits_today == len(visits):
        counted += " today"
    elif visits_today:
        counted += f" ({visits_today} today)"
    if people > 1:
        counted = f"{people} people, {counted}"
    return f"{_highlight(done, visits, now, rep_first_name)}, {counted}"


def _highlight(
    done: list[tuple[datetime, str]], visits: list[_Visit], now: datetime, rep_first_name: str
) -> str:
    """The strongest sign of interest, with when: a tap beats the video beats a visit."""
    clicks = [(at, kind) for at, kind in done if kind in CLICKS]
    if clicks:
        at, kind = clicks[-1]
        return f"{CLICKS[kind]} {short_ago(now - at)}"
    personal = [(PERSONAL_PERCENT[kind], at) for at, kind in done if kind in PERSONAL_PERCENT]
    if personal:
        percent, at = max(personal)
        return f"watched {percent}% of {_whose(rep_first_name)} video for you {short_ago(now - at)}"
    played = [at for at, kind in done if kind == "personal_play"]
    if played:
        return f"played {_whose(rep_first_name)} video for you {short_ago(now - played[-1])}"
    progress = [(VIDEO_PERCENT[kind], at) for at, kind in done if kind in VIDEO_PERCENT]
    if progress:
        percent, at = max(progress)
        return f"watched {percent}% of the video {short_ago(now - at)}"
    played = [at for at, kind in done if kind == "video_play"]
    if played:
        return f"played the video {short_ago(now - played[-1])}"
    return f"on the page {short_ago(now - visits[-1].last)}"


def _whose(first_name: str) -> str:
    return f"{first_name}'s" if first_name else "your"


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
