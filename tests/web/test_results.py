"""The results page (/app/results) and the prospect's activity timeline, through the test
client: the numbers in the tables for voicemails, visits and outcomes seeded across weeks and
reps; a rep sees their own and the team's totals, never a teammate's by name; empty states
that are true."""

from __future__ import annotations

from datetime import UTC, timedelta
from html.parser import HTMLParser

import pytest

from landing.calls import outcomes, team_week, voicemails
from landing.core.clock import today, utcnow
from landing.data.db import get_session
from landing.data.models import Prospect, Rep, Visit

DIRECT, SHARE = "visit-direct-1", "visit-share-1"


class _Tables(HTMLParser):
    """Each table's rows (by the table's id) as lists of cell texts; SVG titles are skipped."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = dict(attrs).get("id", "")
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag in ("svg", "caption"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag in ("svg", "caption"):
            self._skip -= 1

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _visit(session, prospect: Prospect, at, classification="engaged") -> None:
    session.add(Visit(prospect_id=prospect.id, at=at, classification=classification))


@pytest.fixture
def seeded(app, make_rep, make_prospect):
    """Dana (admin) and Sam, over the last weeks: what each voicemail led to, and what must
    not count (a bot, a visit 8 days on, a voicemail 13 weeks ago, a visit before the next
    voicemail took over)."""
    dana = make_rep(admin=True)
    sam = make_rep(email="sam@acme.com", name="Sam Ortiz")
    rob = make_prospect(dana)
    ana = make_prospect(dana, first_name="Ana", last_name="Lima")
    lee = make_prospect(sam, first_name="Lee", last_name="Park")
    starts = team_week.week_starts(utcnow(), UTC)
    last_week, two_ago = starts[-2] + timedelta(days=1), starts[-3] + timedelta(days=1)
    with app.app_context():
        session = get_session()
        dana, sam = session.get(Rep, dana.id), session.get(Rep, sam.id)
        rob, ana, lee = (session.get(Prospect, p.id) for p in (rob, ana, lee))

        def left(rep, prospect, key, at):
            voicemails.log_voicemail(
                session, rep, prospect, template_key=key, today=today(), call_again_in=3, at=at
            )

        def logged(rep, prospect, kind, at):
            outcomes.log_outcome(session, rep, prospect, kind, today=today(), at=at)

        left(dana, rob, DIRECT, last_week)
        _visit(session, rob, last_week + timedelta(hours=2))
        _visit(session, rob, last_week + timedelta(hours=3))  # the same voicemail: once
        logged(dana, rob, "called_back", last_week + timedelta(days=1))
        left(dana, ana, SHARE, last_week)
        _visit(session, ana, last_week + timedelta(hours=1), classification="bot")
        _visit(session, ana, last_week + timedelta(days=8))  # past the 7 days
        left(sam, lee, DIRECT, two_ago)
        _visit(session, lee, two_ago + timedelta(hours=1))
        logged(sam, lee, "meeting_booked", two_ago + timedelta(days=2))
        left(sam, lee, SHARE, starts[0] - timedelta(days=1))  # before the 12 weeks
        # This week's voicemail to Rob: the visit after it is its, not last week's.
        left(dana, rob, DIRECT, starts[-1] + timedelta(minutes=1))
        session.commit()
    return {"dana": dana.id, "sam": sam.id, "rob": rob.id}


def _page(client, auth, email, query=""):
    if email:
        auth.login(email=email)
    response = client.get(f"/app/results{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_admin_sees_the_team_funnel_weeks_reps_and_templates(client, auth, seeded):
    html = _page(client, auth, "dana@acme.com", "?who=team")
    found = tables(html)
    assert found["funnel-table"][1:] == [
        ["Voicemails left", "4", "100%"],
        ["Led to a visit", "2", "50%"],
        ["Led to a callback", "1", "25%"],
        ["Led to a meeting", "1", "25%"],
    ]
    weeks = found["weeks-table"][1:]  # newest first
    assert len(weeks) == team_week.WEEKS
    assert [row[1:] for row in weeks[:3]] == [
        ["1", "0", "0", "0"],  # this week: Rob's second voicemail, nothing yet
        ["2", "1", "1", "0"],  # last week: Rob visited and called back; Ana only a bot
        ["1", "1", "0", "1"],  # two weeks ago: Lee visited and booked
    ]
    assert all(row[1:] == ["0", "0", "0", "0"] for row in weeks[3:])
    # Each row: visits (with the rate), voicemails, callbacks, meetings.
    reps = {row[0]: row[1:] for row in found["reps-table"][1:]}
    assert reps == {
        "Dana Reyes": ["1 · 33%", "3", "1", "0"],
        "Sam Ortiz": ["1 · 100%", "1", "0", "1"],
    }
    templates = {row[0]: row[1:] for row in found["templates-table"][1:]}
    assert templates == {
        "Direct, voicemail 1 of 4": ["2 · 67%", "3", "1", "1"],
        "Share, voicemail 1 of 4": ["0 · 0%", "1", "0", "0"],
    }
    # The charts are images with their numbers in words, drawn on the server.
    assert 'role="img"' in html and "<script" not in html.split("<main>", 1)[1]
    assert "Led to a visit: 2 (50%)" in html
    assert 'aria-label="Visit rate 67% of 3, likely between' in html


def test_a_rep_sees_their_own_results_and_only_the_team_totals(client, auth, seeded):
    html = _page(client, auth, "sam@acme.com")
    assert [row[1] for row in tables(html)["funnel-table"][1:]] == ["1", "1", "0", "1"]
    assert "reps-table" not in html and "Dana Reyes" not in html
    # The team's: the whole funnel, and Sam's row beside the team's, without names.
    team = _page(client, auth, None, "?who=team")
    found = tables(team)
    assert [row[1] for row in found["funnel-table"][1:]] == ["4", "2", "1", "1"]
    rows = {row[0]: row[1:] for row in found["reps-table"][1:]}
    assert rows == {"You": ["1 · 100%", "1", "0", "1"], "Whole team": ["2 · 50%", "4", "1", "1"]}
    assert "Dana Reyes" not in team and "Sam Ortiz" not in team.split("</header>", 1)[1]


def test_empty_states_are_true(client, auth, make_rep, seeded):
    make_rep(email="new@acme.com", name="New Rep")
    html = _page(client, auth, "new@acme.com")
    assert "You have logged no voicemail in the last 12 weeks" in html
    assert "funnel-table" not in html and "reps-table" not in html
    team = tables(_page(client, auth, None, "?who=team"))
    assert team["reps-table"][1] == ["You", "–", "0", "0", "0"]


def test_no_voicemail_at_all_reads_true_for_the_team(client, auth, make_rep):
    make_rep(admin=True)
    html = _page(client, auth, "dana@acme.com", "?who=team")
    assert "The team has logged no voicemail in the last 12 weeks" in html
    assert "reps-table" not in html
    assert 'href="/app/results"' in html  # in the navigation


def test_the_prospects_page_shows_their_activity_on_a_timeline(client, auth, seeded):
    auth.login()
    html = client.get(f"/app/prospects/{seeded['rob']}").get_data(as_text=True)
    section = html.split('id="h-activity"', 1)[1].split("</section>", 1)[0]
    assert 'role="img"' in section
    assert "2 voicemails, 2 visits, 1 call logged" in section
    listed = section.split('id="activity-list"', 1)[1]
    assert listed.count("Voicemail 1 left") == 1 and listed.count("Visited the page") == 2
    assert "They called back" in listed
    # Ana's bot is not activity; Lee is Sam's: Dana cannot open his page at all.
    ana = client.get(f"/app/prospects/{seeded['rob'] + 1}").get_data(as_text=True)
    assert "1 voicemail, 1 visit over" in ana.split('id="h-activity"', 1)[1]
    assert client.get(f"/app/prospects/{seeded['rob'] + 2}").status_code == 404


def test_a_prospect_with_nothing_yet_says_so(client, auth, make_rep, make_prospect):
    rep = make_rep()
    rob = make_prospect(rep)
    auth.login()
    html = client.get(f"/app/prospects/{rob.id}").get_data(as_text=True)
    assert "Nothing yet: no voicemail left, no visit by a person, no call logged." in html
