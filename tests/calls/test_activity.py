"""A prospect's activity laid out on a time axis (landing.calls.activity): lanes, marks in
order within the axis, labelled ticks, words a screen reader can say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from landing.calls import activity
from landing.pages.visit_story import Step, Story

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
LABELS = {"called_back": "They called back"}


def _story(at, classification="engaged", *kinds):
    visit = SimpleNamespace(at=at, classification=classification)
    steps = [Step(5 * n, kind, at + timedelta(seconds=5 * n)) for n, kind in enumerate(kinds, 1)]
    return Story(visit=visit, device="iPhone · Safari", why="", steps=steps)


def test_nothing_yet_is_no_timeline():
    bot = _story(NOW - timedelta(hours=1), "bot")
    assert activity.timeline([], [bot], [], LABELS, now=NOW) is None


def test_a_week_of_activity_in_lanes_and_words():
    left = SimpleNamespace(at=NOW - timedelta(days=6), attempt=1)
    visit = _story(
        NOW - timedelta(days=5), "engaged", "visible", "video_play", "video_75", "click_booking"
    )
    call = SimpleNamespace(at=NOW - timedelta(days=2), kind="called_back")
    found = activity.timeline([left], [visit, _story(NOW, "bot")], [call], LABELS, now=NOW)
    words = [(m.lane, m.what) for m in found.marks]
    assert words == [
        ("voicemail", "Voicemail 1 left"),
        ("visit", "Visited the page on iPhone · Safari"),
        ("video", "Watched 75% of the video"),  # the furthest it got, once
        ("click", "Tapped Book a meeting"),
        ("call", "They called back"),
    ]
    assert all(0 < m.x < 1 for m in found.marks)
    assert [m.x for m in found.marks] == sorted(m.x for m in found.marks)
    assert found.summary == (
        "1 voicemail, 1 visit, 1 video watched, 1 tap, 1 call logged over 6 days"
    )
    assert [t.label for t in found.ticks][:2] == ["Nov 28", "Nov 29"]


def test_a_mornings_activity_spans_a_day_with_hours_in_the_reps_zone():
    left = SimpleNamespace(at=NOW - timedelta(hours=2), attempt=2)
    found = activity.timeline([left], [], [], LABELS, now=NOW, zone=ZoneInfo("Europe/Berlin"))
    assert found.end - found.start >= timedelta(days=1)
    assert found.ticks and all(t.label.endswith(":00") for t in found.ticks)
    assert found.marks[0].when == "Thu Dec 3, 14:00"
