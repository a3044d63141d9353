"""One prospect's activity on a time axis: voicemails left, visits by a person, the video
watched, taps on the page, and calls logged. Laid out from what the prospect's page already
loaded (its voicemails, visit stories and calls), so drawing it costs no query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from landing.calls.ranking import PERSONAL, VIDEO_PERCENT
from landing.pages.visit_story import ACTIONS, Story
from landing.pages.visits import ENGAGED

LANES = {"voicemail": "Voicemails", "visit": "Visits", "video": "Video", "click": "Taps",
         "call": "Calls"}  # fmt: skip
# How a screen reader's summary counts them: (one, more).
COUNTED = {"voicemail": ("voicemail", "voicemails"), "visit": ("visit", "visits"),
           "video": ("video watched", "videos watched"), "click": ("tap", "taps"),
           "call": ("call logged", "calls logged")}  # fmt: skip
VIDEO_WORDS = {"video_play": "played the video", **{
    kind: f"watched {percent}% of the video" for kind, percent in VIDEO_PERCENT.items()
}}  # fmt: skip
CLICK_KINDS = {"click_call", "click_email", "click_booking", "click_offer", "link_booking"}
MIN_SPAN = timedelta(days=1)  # a day at least, so a morning's events are not piled on a line


@dataclass(frozen=True)
class Mark:
    """One thing on the axis: its lane, when, what it was in words, and where (0.0–1.0)."""

    lane: str
    at: datetime
    what: str
    x: float
    when: str  # "Tue Dec 1, 09:40" in the rep's zone


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    marks: list[Mark]  # oldest first
    lanes: list[tuple[str, str, int]]  # (key, label, how many marks)
    ticks: list[Tick]
    start: datetime
    end: datetime

    @property
    def summary(self) -> str:
        """ "2 voicemails, 3 visits, 1 tap, 1 call logged over 9 days" for a screen reader."""
        counted = [f"{n} {COUNTED[key][n != 1]}" for key, _label, n in self.lanes if n]
        days = max(1, round((self.end - self.start) / timedelta(days=1)))
        return f"{', '.join(counted)} over {days} day{'s' if days != 1 else ''}"


def _video(kind: str) -> str | None:
    kind = PERSONAL.get(kind, kind)
    return VIDEO_WORDS.get(kind)


def _events(voicemails, stories: Iterable[Story], calls, call_labels: Mapping[str, str]):
    for v in voicemails:
        yield "voicemail", v.at, f"Voicemail {v.attempt} left"
    for story in stories:
        if story.visit.classification != ENGAGED:
            continue
        device = f" on {story.device}" if story.device else ""
        yield "visit", story.visit.at, f"Visited the page{device}"
        # The furthest the video got in this visit, once: not a mark per quarter.
        watched = [(step, _video(step.kind)) for step in story.steps if _video(step.kind)]
        if watched:
            step, words = watched[-1]
            yield "video", step.at, words[:1].upper() + words[1:]
        for step in story.steps:
            if step.kind in CLICK_KINDS:
                words = ACTIONS.get(step.kind, step.kind)
                yield "click", step.at, words[:1].upper() + words[1:]
    for call in calls:
        yield "call", call.at, call_labels.get(call.kind, call.kind.replace("_", " "))


def timeline(
    voicemails,
    stories: Iterable[Story],
    calls,
    call_labels: Mapping[str, str],
    *,
    now: datetime,
    zone: tzinfo = UTC,
) -> Timeline | None:
    """The prospect's activity laid out from its first event to now; None with nothing yet."""
    events = sorted(_events(voicemails, stories, calls, call_labels), key=lambda e: e[1])
    if not events:
        return None
    end = max(now, events[-1][1])
    start = min(events[0][1], end - MIN_SPAN)
    span = (end - start).total_seconds()
    # A little room at both ends, so the first and last marks are not cut in half.
    pad = span * 0.03
    start, end = start - timedelta(seconds=pad), end + timedelta(seconds=pad)
    span = (end - start).total_seconds()

    def place(at: datetime) -> float:
        return (at - start).total_seconds() / span

    marks = [Mark(lane, at, what, place(at), _when(at, zone)) for lane, at, what in events]
    lanes = [(key, label, sum(m.lane == key for m in marks)) for key, label in LANES.items()]
    return Timeline(marks, lanes, _ticks(start, end, zone, place), start, end)


def _when(at: datetime, zone: tzinfo) -> str:
    local = at.astimezone(zone)
    return f"{local.strftime('%a %b')} {local.day}, {local.strftime('%H:%M')}"


def _ticks(start: datetime, end: datetime, zone: tzinfo, place) -> list[Tick]:
    """Four to eight labelled moments: whole days, or hours within two days."""
    span = end - start
    if span <= timedelta(days=2):
        step = timedelta(hours=max(1, round(span / timedelta(hours=5))))
        first = start.astimezone(zone).replace(minute=0, second=0, microsecond=0) + timedelta(
            hours=1
        )
        label = "%H:%M"
    else:
        days = max(1, round(span / timedelta(days=5)))
        step = timedelta(days=days)
        local = start.astimezone(zone)
        first = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
        label = "%b %d"
    ticks, at = [], first
    while at < end and len(ticks) < 8:
        x = place(at.astimezone(UTC))
        if 0.04 <= x <= 0.9:  # room for "now" at the right-hand end
            ticks.append(Tick(x, at.strftime(label).replace(" 0", " ")))
        at += step
    return ticks
