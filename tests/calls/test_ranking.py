"""The call-next score and its reasons, on hand-computed examples with a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from landing.calls.ranking import (
    EngagedHit,
    Weights,
    call_next,
    group_visits,
    rank_prospect,
    short_ago,
)
from landing.data.db import get_session
from landing.data.models import Engagement, Prospect, Visit
from landing.pages.visits import BOT, ENGAGED, REP

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ROB = Prospect(id=1, rep_id=1, first_name="Rob", last_name="Mason", slug="Rob-Mason",
               slug_key="robmason", next_call_on=NOW.date())  # fmt: skip


def ago(**delta) -> datetime:
    return NOW - timedelta(**delta)


def test_hand_computed_score_with_reasons():
    # Rob opened the page three days ago; today he came back, played the video and watched
    # 75% of it; five minutes ago someone else (a forward) opened it and tapped Book.
    hits = [
        EngagedHit(1, ago(hours=72), "rob"),
        EngagedHit(2, ago(minutes=10), "rob"),
        EngagedHit(3, ago(minutes=5), "colleague"),
    ]
    actions = {
        2: [("visible", ago(minutes=10)), ("video_play", ago(minutes=9)),
            ("video_25", ago(minutes=8)), ("video_75", ago(minutes=7))],
        3: [("click_booking", ago(minutes=4))],
    }  # fmt: skip
    row = rank_prospect(ROB, hits, actions, Weights(), NOW)
    # weight × 2^(-age/72 h), by hand:
    #   visit 10, 72 h ago              → 5.0
    #   repeat visit 5, 10 min ago      → 5 × 2^(-10/60/72) = 4.9920
    #   video play 15, 9 min ago        → 14.9784
    #   video 75% 20, 7 min ago         → 19.9775
    #   forwarded 15, 5 min ago         → 14.9880
    #   repeat visit 5, 5 min ago       → 4.9960
    #   booking click 30, 4 min ago     → 29.9808
    assert row.score == pytest.approx(94.9126, abs=1e-3)
    assert [(e.kind, e.weight) for e in row.events] == [
        ("visit", 10),
        ("repeat_visit", 5),
        ("video_play", 15),
        ("video_75", 20),
        ("forwarded", 15),
        ("repeat_visit", 5),
        ("contact_click", 30),
    ]
    assert row.hot
    assert (row.visits, row.people) == (3, 2)
    assert row.reason == "tapped Book a meeting 4 min ago, 2 people, 3 visits (2 today)"


def test_half_life_halves_and_weights_are_settings():
    hits = [EngagedHit(1, ago(hours=24), "rob")]
    assert rank_prospect(ROB, hits, {}, Weights(), NOW).score == pytest.approx(10 * 2 ** (-24 / 72))
    custom = Weights(visit=40, half_life_hours=24)
    assert rank_prospect(ROB, hits, {}, custom, NOW).score == pytest.approx(20)


def test_hot_only_within_15_minutes():
    assert rank_prospect(ROB, [EngagedHit(1, ago(minutes=14), "r")], {}, Weights(), NOW).hot
    assert not rank_prospect(ROB, [EngagedHit(1, ago(minutes=16), "r")], {}, Weights(), NOW).hot
    # an old hit with a fresh beacon (a page left open) is hot: the person is there now
    late = {1: [("scroll", ago(minutes=1))]}
    assert rank_prospect(ROB, [EngagedHit(1, ago(hours=2), "r")], late, Weights(), NOW).hot


def test_hits_of_one_visitor_within_30_minutes_are_one_visit():
    hits = [
        EngagedHit(1, ago(minutes=50), "r"),
        EngagedHit(2, ago(minutes=25), "r"),
        EngagedHit(3, ago(minutes=1), "r"),
    ]
    assert [v.hit_ids for v in group_visits(hits)] == [[1, 2, 3]]
    hits.append(EngagedHit(4, ago(minutes=0), "someone else"))
    gap = [EngagedHit(1, ago(minutes=70), "r"), EngagedHit(2, ago(minutes=39), "r")]
    assert len(group_visits(hits)) == 2
    assert len(group_visits(gap)) == 2


def test_video_counts_once_per_visit_and_the_furthest_point_is_said():
    actions = {1: [("video_play", ago(minutes=30)), ("video_50", ago(minutes=29)),
                   ("video_75", ago(minutes=28)), ("video_100", ago(minutes=27))]}  # fmt: skip
    row = rank_prospect(ROB, [EngagedHit(1, ago(minutes=31), "r")], actions, Weights(), NOW)
    assert [e.kind for e in row.events] == ["visit", "video_play", "video_75"]
    assert row.events[-1].detail == "100%"
    assert row.reason.startswith("watched 100% of the video 27 min ago")


def test_reason_for_a_plain_visit():
    row = rank_prospect(ROB, [EngagedHit(1, ago(days=3), "r")], {}, Weights(), NOW)
    assert row.reason == "on the page 3 days ago, 1 visit"
    assert row.people == 1 and "people" not in row.reason


def test_short_ago():
    assert short_ago(timedelta(seconds=20)) == "just now"
    assert short_ago(timedelta(minutes=12)) == "12 min ago"
    assert short_ago(timedelta(hours=5)) == "5 h ago"
    assert short_ago(timedelta(days=4)) == "4 days ago"


def test_within_hot_now_a_booking_outranks_a_later_glance(app, make_rep, make_prospect):
    # Both on their page in the last 15 minutes: Ann tapped Book a meeting ten minutes ago,
    # Ben only looked, a minute ago. Interest beats recency: Ann first, her score said.
    dana = make_rep()
    ann, ben = (make_prospect(dana, first_name=n, last_name="Hot") for n in ("Ann", "Ben"))
    with app.app_context():
        session = get_session()
        for prospect, minutes, kind in ((ann, 10, "click_booking"), (ben, 1, "visible")):
            row = Visit(prospect_id=prospect.id, at=ago(minutes=minutes), ip="198.51.100.0",
                        classification=ENGAGED, visitor_id=prospect.first_name)  # fmt: skip
            session.add(row)
            session.flush()
            session.add(Engagement(visit_id=row.id, prospect_id=prospect.id, kind=kind,
                                   at=ago(minutes=minutes)))  # fmt: skip
        session.commit()
        rows = call_next(session, dana.id, Weights(), NOW)
    assert [(r.prospect.first_name, r.hot) for r in rows] == [("Ann", True), ("Ben", True)]
    assert rows[0].score > rows[1].score
    assert rows[0].reason == "tapped Book a meeting 10 min ago, 1 visit today"
    assert rows[1].reason == "on the page 1 min ago, 1 visit today"


def test_the_list_read_from_the_database(app, make_rep, make_prospect):
    # Hits and beacons of every sort, written as the app stores them; the list must count
    # only engaged hits since the last call, within 10 half-lives, and say when anything
    # at all was last done on them.
    dana = make_rep()
    rob, sam, lee, kim, old = (
        make_prospect(dana, first_name=name, last_name="Test")
        for name in ("Rob", "Sam", "Lee", "Kim", "Old")
    )
    with app.app_context():
        session = get_session()
        session.get(Prospect, kim.id).score_since = ago(hours=1)  # a call connected

        def hit(prospect, at, kind=ENGAGED, visitor="", agent="Safari", beacons=()):
            row = Visit(prospect_id=prospect.id, at=at, classification=kind, ip="198.51.100.0",
                        user_agent=agent, visitor_id=visitor)  # fmt: skip
            session.add(row)
            session.flush()
            for what, when in beacons:
                session.add(Engagement(visit_id=row.id, prospect_id=prospect.id, kind=what,
                                       at=when))  # fmt: skip

        # Rob watched two hours ago and left the page open: it scrolled a minute ago.
        hit(rob, ago(hours=2), visitor="rob", beacons=[
            ("visible", ago(hours=2)), ("video_play", ago(minutes=119)),
            ("scroll", ago(minutes=1))])  # fmt: skip
        # Sam visited three hours ago; the rep's own look and a scanner since do not count.
        hit(sam, ago(hours=3), visitor="sam", beacons=[("visible", ago(minutes=179))])
        hit(sam, ago(minutes=1), REP, visitor="dana", beacons=[("visible", ago(minutes=1))])
        hit(sam, ago(seconds=30), BOT, beacons=[("trap", ago(seconds=30))])
        # No cookie: the same network and browser is one person, another browser a second.
        hit(lee, ago(hours=5), beacons=[("visible", ago(hours=5))])
        hit(lee, ago(hours=4, minutes=50), beacons=[("click_call", ago(hours=4, minutes=49))])
        hit(lee, ago(hours=4), agent="Firefox", beacons=[("visible", ago(hours=4))])
        # Kim's visit before the call no longer counts; the one after does.
        hit(kim, ago(hours=2), visitor="kim", beacons=[("click_booking", ago(hours=2))])
        hit(kim, ago(minutes=30), visitor="kim", beacons=[("visible", ago(minutes=30))])
        hit(old, ago(days=31), visitor="old", beacons=[("click_call", ago(days=31))])
        session.commit()
        rows = {r.prospect.first_name: r for r in call_next(session, dana.id, Weights(), NOW)}
    assert list(rows) == ["Rob", "Lee", "Kim", "Sam"]
    assert rows["Rob"].hot and rows["Rob"].last_engaged_at == ago(minutes=1)
    assert [e.kind for e in rows["Rob"].events] == ["visit", "video_play"]
    assert rows["Rob"].reason == "played the video 1 h ago, 1 visit today"
    assert not rows["Sam"].hot and rows["Sam"].last_engaged_at == ago(minutes=179)
    assert (rows["Lee"].visits, rows["Lee"].people) == (2, 2)
    assert rows["Lee"].reason == "tapped Call 4 h ago, 2 people, 2 visits today"
    assert [e.kind for e in rows["Kim"].events] == ["visit"]
    assert rows["Kim"].score == pytest.approx(10 * 2 ** (-0.5 / 72))
