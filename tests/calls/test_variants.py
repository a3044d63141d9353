"""Visits and outcomes are credited to the latest voicemail within 7 days; templates are
compared by visit rate with a Wilson interval, and lead only when the intervals separate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from landing.calls.variants import (
    ATTRIBUTION_WINDOW,
    Event,
    VariantStats,
    VoicemailLeft,
    credited_voicemail,
    variant_stats,
    wilson_interval,
)

T0 = datetime(2025, 3, 3, 15, 0, tzinfo=UTC)
MINUTE, DAY = timedelta(minutes=1), timedelta(days=1)


def vm(
    id: int, prospect_id: int, at: datetime = T0, template_key: str = "a", goal: str = "visit"
) -> VoicemailLeft:
    return VoicemailLeft(id, prospect_id, template_key, goal, attempt=1, at=at)


def visit(prospect_id: int, at: datetime) -> Event:
    return Event(prospect_id, at, "visit")


def series(template_key: str, left: int, visited: int, first_id: int, goal: str = "visit"):
    """`left` voicemails to as many prospects, the first `visited` of them visited an hour later."""
    voicemails = [vm(first_id + n, first_id + n, T0, template_key, goal) for n in range(left)]
    events = [visit(v.prospect_id, T0 + 60 * MINUTE) for v in voicemails[:visited]]
    return voicemails, events


def only(stats: list[VariantStats], template_key: str) -> VariantStats:
    (found,) = [s for s in stats if s.template_key == template_key]
    return found


# Wilson score interval, z = 1.96 (z² = 3.8416), computed by hand:
#   center = (p + z²/2n) / (1 + z²/n)
#   half   = z · sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)
#
# 6/10: p = 0.6, z²/n = 0.38416, z²/2n = 0.19208, z²/4n² = 0.009604
#   center = 0.79208 / 1.38416 = 0.572246
#   half   = 1.96 · sqrt(0.024 + 0.009604) / 1.38416 = 1.96 · 0.183314 / 1.38416 = 0.259576
#   → (0.3127, 0.8318)
# 4/10: the mirror image of 6/10 → (1 - 0.8318, 1 - 0.3127) = (0.1682, 0.6873)
# 5/10: center = 0.5, half = 1.96 · sqrt(0.025 + 0.009604) / 1.38416 = 0.263410
#   → (0.2366, 0.7634)
# 0/10: center = 0.19208 / 1.38416 = 0.138770 = half → (0.0, 0.2775)
# 10/10: the mirror image of 0/10 → (0.7225, 1.0)
# 40/50: p = 0.8, z²/n = 0.076832, z²/2n = 0.038416, z²/4n² = 0.00038416
#   center = 0.838416 / 1.076832 = 0.778595
#   half   = 1.96 · sqrt(0.0032 + 0.00038416) / 1.076832 = 1.96 · 0.059868 / 1.076832 = 0.108969
#   → (0.6696, 0.8876)
# 5/50: p = 0.1: center = 0.138416 / 1.076832 = 0.128540
#   half = 1.96 · sqrt(0.0018 + 0.00038416) / 1.076832 = 1.96 · 0.046735 / 1.076832 = 0.085065
#   → (0.0435, 0.2136)
@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        (6, 10, 0.3127, 0.8318),
        (4, 10, 0.1682, 0.6873),
        (5, 10, 0.2366, 0.7634),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (40, 50, 0.6696, 0.8876),
        (5, 50, 0.0435, 0.2136),
    ],
)
def test_wilson_interval_matches_hand_computation(successes, trials, low, high):
    assert wilson_interval(successes, trials) == pytest.approx((low, high), abs=1e-4)


def test_wilson_interval_edges():
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == 1.0
    # No voicemails yet: nothing is known, the rate could be anything.
    assert wilson_interval(0, 0) == (0.0, 1.0)
    for bad in [(-1, 10), (11, 10), (0, -1)]:
        with pytest.raises(ValueError):
            wilson_interval(*bad)


def test_a_visit_14_minutes_after_the_voicemail_is_credited_to_it():
    first = vm(1, 7)
    assert credited_voicemail([first], T0 + 14 * MINUTE) == first
    assert credited_voicemail([first], T0) == first  # at the same instant counts too


def test_the_window_is_seven_days_inclusive():
    first = vm(1, 7)
    assert credited_voicemail([first], T0 + ATTRIBUTION_WINDOW) == first
    assert credited_voicemail([first], T0 + ATTRIBUTION_WINDOW + MINUTE) is None
    assert credited_voicemail([first], T0 + 8 * DAY) is None


def test_a_visit_after_a_second_voicemail_is_credited_to_the_second():
    first, second = vm(1, 7, T0), vm(2, 7, T0 + 2 * DAY)
    assert credited_voicemail([second, first], T0 + 2 * DAY + 5 * MINUTE) == second
    assert credited_voicemail([first, second], T0 + DAY) == first


def test_a_visit_before_any_voicemail_is_not_credited():
    assert credited_voicemail([vm(1, 7)], T0 - MINUTE) is None
    assert credited_voicemail([], T0) is None


def test_hand_computed_example():
    # Goal "visit":
    #   template a: 10 voicemails, 6 visited → rate 0.6, interval (0.3127, 0.8318)
    #   template b: 10 voicemails, 4 visited → rate 0.4, interval (0.1682, 0.6873)
    #   The intervals overlap (0.3127 < 0.6873), so neither leads.
    a_left, a_visits = series("a", 10, 6, first_id=100)
    b_left, b_visits = series("b", 10, 4, first_id=200)
    # Of template a's 6 visited prospects, two also called back and one booked a meeting.
    outcomes = [
        Event(100, T0 + DAY, "called_back"),
        Event(101, T0 + 2 * DAY, "called_back"),
        Event(101, T0 + 3 * DAY, "meeting_booked"),
    ]
    stats = variant_stats(a_left + b_left, a_visits + b_visits + outcomes)
    assert [s.template_key for s in stats] == ["a", "b"]
    a, b = stats
    assert (a.voicemails, a.visited, a.callbacks, a.meetings) == (10, 6, 2, 1)
    assert (b.voicemails, b.visited, b.callbacks, b.meetings) == (10, 4, 0, 0)
    assert a.rate == 0.6 and b.rate == 0.4
    assert (a.low, a.high) == pytest.approx((0.3127, 0.8318), abs=1e-4)
    assert (b.low, b.high) == pytest.approx((0.1682, 0.6873), abs=1e-4)
    assert not a.leading and not b.leading
    assert a.as_dict() == {
        "template_key": "a",
        "goal": "visit",
        "voicemails": 10,
        "visited": 6,
        "callbacks": 2,
        "meetings": 1,
        "rate": 0.6,
        "low": a.low,
        "high": a.high,
        "leading": False,
    }


def test_several_visits_count_once_and_late_or_early_ones_not_at_all():
    voicemails = [vm(1, 7), vm(2, 8), vm(3, 9)]
    events = [
        visit(7, T0 + 14 * MINUTE),
        visit(7, T0 + 20 * MINUTE),
        visit(7, T0 + 3 * DAY),
        visit(8, T0 + 8 * DAY),  # too late
        visit(9, T0 - DAY),  # before the voicemail
        visit(99, T0 + MINUTE),  # another prospect, who got no voicemail
        Event(8, T0 + DAY, "called_back"),
        Event(8, T0 + DAY + MINUTE, "called_back"),
        Event(9, T0 + DAY, "lunch"),  # not a kind that is counted
    ]
    (stats,) = variant_stats(voicemails, events)
    assert (stats.voicemails, stats.visited, stats.callbacks, stats.meetings) == (3, 1, 1, 0)
    assert stats.rate == pytest.approx(1 / 3)


def test_a_visit_by_another_prospect_is_not_credited():
    voicemails = [vm(1, 7, template_key="a"), vm(2, 8, template_key="b")]
    stats = variant_stats(voicemails, [visit(8, T0 + MINUTE)])
    assert (only(stats, "a").visited, only(stats, "b").visited) == (0, 1)


def test_credit_goes_to_the_latest_voicemail_only():
    first = vm(1, 7, T0, template_key="first")
    second = vm(2, 7, T0 + 2 * DAY, template_key="second")
    stats = variant_stats([first, second], [visit(7, T0 + 2 * DAY + 14 * MINUTE)])
    assert (only(stats, "first").visited, only(stats, "second").visited) == (0, 1)
    assert [s.template_key for s in stats] == ["second", "first"]


def test_a_template_leads_when_its_interval_is_above_every_other():
    # 40/50 → (0.6696, 0.8876) against 5/50 → (0.0435, 0.2136): separated.
    a_left, a_visits = series("a", 50, 40, first_id=1000)
    b_left, b_visits = series("b", 50, 5, first_id=2000)
    stats = variant_stats(b_left + a_left, b_visits + a_visits)
    assert only(stats, "a").leading
    assert not only(stats, "b").leading


def test_a_template_does_not_lead_while_intervals_overlap():
    # 6/10 → (0.3127, 0.8318) against 4/10 → (0.1682, 0.6873): overlapping.
    a_left, a_visits = series("a", 10, 6, first_id=1000)
    b_left, b_visits = series("b", 10, 4, first_id=2000)
    stats = variant_stats(a_left + b_left, a_visits + b_visits)
    assert not any(s.leading for s in stats)


def test_a_template_alone_in_its_goal_never_leads():
    left, visits = series("a", 50, 50, first_id=1)
    (stats,) = variant_stats(left, visits)
    assert (stats.rate, stats.high, stats.leading) == (1.0, 1.0, False)


def test_templates_are_compared_within_their_goal_only():
    # "strong" would lead "weak", but they serve different goals, each alone in it.
    strong_left, strong_visits = series("strong", 50, 40, first_id=1000, goal="visit")
    weak_left, weak_visits = series("weak", 50, 5, first_id=2000, goal="callback")
    both_left, both_visits = series("strong", 10, 0, first_id=3000, goal="callback")
    stats = variant_stats(
        strong_left + weak_left + both_left, strong_visits + weak_visits + both_visits
    )
    assert [(s.goal, s.template_key) for s in stats] == [
        ("callback", "weak"),
        ("callback", "strong"),
        ("visit", "strong"),
    ]
    assert not any(s.leading for s in stats)


def test_ties_sort_by_template_key_and_no_data_gives_nothing():
    left = [vm(1, 1, template_key="b"), vm(2, 2, template_key="a")]
    assert [s.template_key for s in variant_stats(left, [])] == ["a", "b"]
    assert variant_stats([], [visit(1, T0)]) == []


def test_many_voicemails_and_events_agree_with_one_prospect_at_a_time():
    # 10k voicemails to 5k prospects, 30k events over 18 days from 7k prospects: grouped by
    # prospect rather than scanned pairwise, and the same counts as crediting each event with
    # credited_voicemail on its prospect's voicemails.
    voicemails = [
        vm(n, n // 2, T0 + (n % 2) * 3 * DAY, template_key=f"t{n % 3}") for n in range(10_000)
    ]
    events = [visit(n % 7_000, T0 - DAY + (n * 37 % 433) * 60 * MINUTE) for n in range(30_000)]
    mine: dict[int, list[VoicemailLeft]] = {}
    for v in voicemails:
        mine.setdefault(v.prospect_id, []).append(v)
    earned = {credited_voicemail(mine.get(e.prospect_id, []), e.at) for e in events} - {None}
    expected: dict[str, int] = {}
    for v in earned:
        expected[v.template_key] = expected.get(v.template_key, 0) + 1
    stats = variant_stats(voicemails, events)
    assert sum(s.voicemails for s in stats) == 10_000
    assert {s.template_key: s.visited for s in stats} == expected
    assert 0 < len(earned) < 10_000
