"""landing.calls.team_week counts in SQL what landing.calls.variants counts in Python: the
same credits for the same voicemails, visits and outcomes, on SQLite and PostgreSQL, with
the awkward cases in (a visit exactly 7 days on, two voicemails at one instant, a visit at
the moment of the next voicemail, bots, someone else's voicemail in between)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from landing.calls import team_week
from landing.calls.variants import Event, VoicemailLeft, variant_stats
from landing.data.db import get_session
from landing.data.models import CallOutcome, Visit, Voicemail

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)  # a Thursday
KEYS = ("visit-direct-1", "visit-share-1", "visit-direct-2")


def test_weeks_start_on_monday_in_the_reps_zone():
    starts = team_week.week_starts(NOW, ZoneInfo("America/Chicago"), weeks=2)
    assert starts == [datetime(2026, 11, 23, 6, tzinfo=UTC), datetime(2026, 11, 30, 6, tzinfo=UTC)]


def test_the_sql_credits_what_the_python_rule_credits(app, make_rep, make_prospect):
    dana, sam = make_rep(), make_rep(email="sam@acme.com", name="Sam Ortiz")
    people = [make_prospect(dana, first_name=f"P{n}", last_name="Test") for n in range(12)]
    rng = random.Random(18)
    since = team_week.week_starts(NOW, UTC)[0]
    left, events, rows = [], [], []
    for prospect in people:
        at = since + timedelta(hours=rng.uniform(0, 24))
        while at < NOW:
            rep = rng.choice((dana, sam))
            key = rng.choice(KEYS)
            rows.append(
                Voicemail(
                    prospect_id=prospect.id,
                    rep_id=rep.id,
                    attempt=1,
                    goal="visit",
                    template_key=key,
                    at=at,
                )
            )
            for _ in range(rng.randint(0, 3)):
                when = at + timedelta(hours=rng.uniform(0, 24 * 10))
                kind = rng.choice(("engaged", "engaged", "bot"))
                rows.append(Visit(prospect_id=prospect.id, at=when, classification=kind))
                if kind == "engaged":
                    events.append(Event(prospect.id, when, "visit"))
            if rng.random() < 0.4:
                when = at + timedelta(days=rng.uniform(0, 9))
                kind = rng.choice(("called_back", "meeting_booked", "connected"))
                rows.append(CallOutcome(prospect_id=prospect.id, rep_id=rep.id, kind=kind, at=when))
                events.append(Event(prospect.id, when, kind))
            at += timedelta(days=rng.uniform(0, 12))
    # The edges: exactly 7 days on counts; two voicemails at one instant (the later id
    # earns); a visit at the very moment of the next voicemail is the next one's.
    edge, twin = people[0].id, people[1].id
    base = since + timedelta(days=3)
    for prospect_id, at, key in (
        (edge, base, KEYS[0]),
        (twin, base, KEYS[1]),
        (twin, base, KEYS[2]),
        (twin, base + timedelta(days=2), KEYS[0]),
    ):
        rows.append(
            Voicemail(
                prospect_id=prospect_id,
                rep_id=dana.id,
                attempt=1,
                goal="visit",
                template_key=key,
                at=at,
            )
        )
    for prospect_id, at in (
        (edge, base + timedelta(days=7)),
        (twin, base),
        (twin, base + timedelta(days=2)),
    ):
        rows.append(Visit(prospect_id=prospect_id, at=at, classification="engaged"))
        events.append(Event(prospect_id, at, "visit"))

    with app.app_context():
        session = get_session()
        session.add_all(rows)
        session.commit()
        left = [
            VoicemailLeft(v.id, v.prospect_id, v.template_key, v.goal, v.attempt, v.at)
            for v in rows
            if isinstance(v, Voicemail) and v.at >= since
        ]
        found = team_week.team_week(session, rep_id=None, now=NOW)
        mine = team_week.team_week(session, rep_id=sam.id, now=NOW)

    expected = {s.template_key: s for s in variant_stats(left, events)}
    assert len(left) > 60 and found.total.voicemails == len(left)
    for row in found.templates:
        want = expected[row.key]
        got = row.counts
        assert (got.voicemails, got.visited, got.callbacks, got.meetings) == (
            want.voicemails,
            want.visited,
            want.callbacks,
            want.meetings,
        ), row.key
    assert found.total.visited == sum(s.visited for s in expected.values())
    assert sum(r.counts.voicemails for r in found.weeks) == len(left)
    # One rep's: their voicemails only, credited as in the team's count.
    sams = {r.key: r.counts for r in found.reps}[str(sam.id)]
    assert (mine.total.voicemails, mine.total.visited) == (sams.voicemails, sams.visited)
    assert [r.key for r in mine.reps] == [str(sam.id)]
