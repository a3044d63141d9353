"""The call-next list in the app and the CLI: engaged only, outcomes, live updates, settings."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Prospect, Rep, Visit
from tests.conftest import BROWSER_UA, beacon


def call_list(html: str) -> str:
    """The call-next list of the dashboard, without the recently-added list below it."""
    start = html.index('id="call-next-list"')
    return html[start : html.index("Recently added", start)]


def visit_and_engage(app, slug="Rob-Mason", kind="visible", visitor=None):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    if visitor:
        client.set_cookie("lv", visitor)
    html = client.get(f"/{slug}").get_data(as_text=True)
    token = re.search(r'href="/_/t/([^"]+)"', html).group(1)
    for each in dict.fromkeys(["visible", kind]):
        assert beacon(client, token, each).status_code == 204
    return token


@pytest.fixture
def team(make_rep, make_prospect):
    dana = make_rep(admin=True)
    rob = make_prospect(dana, phone="+1 415 555 0199")
    sam = make_prospect(dana, first_name="Sam", last_name="Lee")
    return dana, rob, sam


def test_only_engaged_prospects_are_listed_with_their_reason(app, client, auth, team):
    _, rob, sam = team
    seen = app.test_client()
    seen.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    seen.get("/Sam-Lee")  # unconfirmed: loaded but nothing happened
    visit_and_engage(app, kind="click_call")
    auth.login()
    html = client.get("/app/").get_data(as_text=True)
    listed = call_list(html)
    assert "Rob Mason" in listed and "Sam Lee" not in listed
    assert "tapped Call just now, 1 visit today" in listed
    assert "Hot now" in listed


def test_calls_json_has_score_hot_reason_and_events(app, runner, team):
    visit_and_engage(app, kind="video_play")
    result = runner.invoke(["calls", "--json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert row["slug"] == "Rob-Mason" and row["hot"] is True
    assert row["score"] == pytest.approx(25, abs=0.1)
    assert row["reason"] == "played the video just now, 1 visit today"
    assert [e["kind"] for e in row["events"]] == ["visit", "video_play"]
    text = runner.invoke(["calls"]).output
    assert text.startswith("HOT ") and "Rob Mason" in text


def test_hot_prospects_come_before_higher_scores(app, runner, team):
    _, rob, sam = team
    for kind in ("click_call", "click_email", "click_booking"):
        visit_and_engage(app, "Rob-Mason", kind)
    visit_and_engage(app, "Sam-Lee")
    with app.app_context():
        session = get_session()
        for hit in session.exec(select(Visit).where(Visit.prospect_id == rob.id)):
            hit.at -= timedelta(hours=1)
            hit.engaged_at -= timedelta(hours=1)
            session.add(hit)
        session.commit()
    # Rob's clicks were stored "now"; move them back too, so only Sam is hot.
    with app.app_context():
        from landing.data.models import Engagement

        session = get_session()
        for event in session.exec(select(Engagement).where(Engagement.prospect_id == rob.id)):
            event.at -= timedelta(hours=1)
            session.add(event)
        session.commit()
    rows = json.loads(runner.invoke(["calls", "--json"]).output)
    assert [(r["name"], r["hot"]) for r in rows] == [("Sam Lee", True), ("Rob Mason", False)]
    assert rows[1]["score"] > rows[0]["score"]


@pytest.mark.parametrize(
    "kind, listed, next_in_days",
    [
        ("no_answer", True, 1),
        ("connected", False, 5),
        ("meeting_booked", False, 10),
        ("not_interested", False, 60),
        ("do_not_contact", False, None),
    ],
)
def test_logging_a_call_resets_what_it_should(app, client, auth, team, kind, listed, next_in_days):
    _, rob, _ = team
    visit_and_engage(app)
    auth.login()
    response = auth.post(
        f"/app/prospects/{rob.id}/outcomes", {"kind": kind, "next": "/app/"}, "/app/"
    )
    assert response.status_code == 302 and response.headers["Location"] == "/app/"
    html = client.get("/app/").get_data(as_text=True)
    assert ("<strong>Rob Mason</strong>" in call_list(html)) is listed
    if not listed:  # the empty list says why it is empty
        assert "Nobody new since your last call" in call_list(html)
    with app.app_context():
        found = get_session().get(Prospect, rob.id)
        assert found.do_not_contact is (kind == "do_not_contact")
        if next_in_days:
            from landing.core.clock import next_business_day, today

            assert found.next_call_on == next_business_day(today(), next_in_days)
    if kind == "connected":
        with app.app_context():  # the call ended a minute ago: the next page is after it
            session = get_session()
            found = session.get(Prospect, rob.id)
            found.score_since -= timedelta(minutes=1)
            session.add(found)
            session.commit()
        visit_and_engage(app)  # engaging again after the call puts them back
        html = client.get("/app/").get_data(as_text=True)
        assert "Rob Mason" in call_list(html)
    if kind == "do_not_contact":
        assert app.test_client().get("/Rob-Mason").status_code == 404


def test_voicemail_left_from_the_list_moves_the_series(app, client, auth, team):
    _, rob, _ = team
    auth.login()
    auth.post(f"/app/prospects/{rob.id}/outcomes", {"kind": "voicemail_left", "next": "/app/"})
    with app.app_context():
        assert get_session().get(Prospect, rob.id).voicemails_left == 1


def test_bad_outcome_and_someone_elses_prospect(app, client, auth, team, make_rep, make_prospect):
    _, rob, _ = team
    other = make_prospect(make_rep(email="eve@acme.com"), first_name="Zed")
    auth.login()
    response = auth.post(f"/app/prospects/{rob.id}/outcomes", {"kind": "dance"})
    assert response.status_code == 302
    page = client.get(f"/app/prospects/{rob.id}").get_data(as_text=True)
    assert "Outcome must be one of" in page
    assert (
        auth.post(f"/app/prospects/{other.id}/outcomes", {"kind": "connected"}).status_code == 404
    )
    assert auth.post(f"/app/prospects/{rob.id}/outcomes", {"kind": "connected",
                                                            "next": "https://evil.example/"}
                     ).headers["Location"] == "/app/"  # fmt: skip


def test_cli_outcome(app, runner, team):
    result = runner.invoke(["outcome", "Rob-Mason", "do_not_contact"])
    assert result.exit_code == 0 and "never again" in result.output
    bad = runner.invoke(["outcome", "Rob-Mason", "dance"])
    assert bad.exit_code != 0 and "Invalid value" in bad.output


def test_the_live_feed_brings_new_notices_and_the_list(app, client, auth, team):
    auth.login()
    empty = client.get("/app/live?after=0").get_json()
    assert empty == {"latest": 0, "unread": 0, "notices": []}
    visit_and_engage(app)
    fresh = client.get("/app/live?after=0").get_json()
    assert [n["text"] for n in fresh["notices"]] == [
        "Rob Mason is on their page now — call +1 415-555-0199"
    ]
    assert fresh["unread"] == 1 and "Rob Mason" in fresh["list_html"]
    again = client.get(f"/app/live?after={fresh['latest']}").get_json()
    assert again["notices"] == [] and "list_html" not in again


def test_the_live_feed_is_only_the_reps_own(app, client, auth, team, make_rep, make_prospect):
    make_prospect(make_rep(email="eve@acme.com"), first_name="Zed", last_name="Ray")
    visit_and_engage(app, "Zed-Ray")
    auth.login()
    assert client.get("/app/live?after=0").get_json()["notices"] == []
    assert app.test_client().get("/app/live").status_code == 302  # signed out: to sign in


def test_notification_settings_are_validated_and_saved(app, client, auth, team):
    auth.login()
    bad = auth.post(
        "/app/notifications/settings",
        {"notify_email": "1", "webhook_url": "http://hooks.example/x", "webhook_secret": "",
         "timezone": "Mars/Olympus", "quiet_start": "25:00", "quiet_end": ""},
        "/app/notifications/settings",
    )  # fmt: skip
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "Must be an https:// link." in text and "A time zone like" in text
    assert "A time like 20:00" in text
    good = auth.post(
        "/app/notifications/settings",
        {"notify_email": "0", "webhook_url": "https://hooks.slack.com/services/T/B/X",
         "webhook_secret": "s3cret", "timezone": "Europe/Berlin", "quiet_start": "20:00",
         "quiet_end": "07:30"},
        "/app/notifications/settings",
    )  # fmt: skip
    assert good.status_code == 302
    with app.app_context():
        rep = get_session().exec(select(Rep)).first()
        assert (rep.notify_email, rep.timezone, rep.quiet_start) == (
            False,
            "Europe/Berlin",
            "20:00",
        )
    half = auth.post("/app/notifications/settings", {"quiet_start": "", "quiet_end": "07:00"},
                     "/app/notifications/settings")  # fmt: skip
    assert half.status_code == 400 and "Give both" in half.get_data(as_text=True)


def test_admin_sets_weights_and_scanner_ranges(app, client, auth, team, runner):
    auth.login()
    bad = auth.post(
        "/app/company", {"weight_visit": "-3", "scanner_ranges": "10.0.0.300/24"}, "/app/company"
    )
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "A whole number from 0 to 1000." in text
    assert "Line 1" in text
    ok = auth.post(
        "/app/company",
        {"weight_visit": "100", "half_life_hours": "24", "scanner_ranges": "203.0.113.0/24"},
        "/app/company",
    )
    assert ok.status_code == 302
    scanner = app.test_client()
    scanner.environ_base.update(HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR="203.0.113.9")
    scanner.get("/Rob-Mason")
    visit_and_engage(app)
    with app.app_context():
        classes = get_session().exec(select(Visit.classification).order_by(Visit.id)).all()
    assert classes == ["bot", "engaged"]
    [row] = json.loads(runner.invoke(["calls", "--json"]).output)
    assert row["score"] == pytest.approx(100, abs=0.1)
