"""The call session through the test client, as plain forms (no JavaScript): one prospect
at a time, outcomes move on, Undo within 10 seconds really reverts, too late says so, and
every post needs its CSRF token."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import CallOutcome, Prospect, Voicemail
from tests.conftest import BROWSER_UA, engage

SESSION = "/app/call"


@pytest.fixture
def five(make_rep, make_prospect):
    dana = make_rep(admin=True)
    people = [
        make_prospect(dana, "Rob", "Mason", company="Acme Logistics", phone="+1 212 555 0134"),
        make_prospect(dana, "Sam", "Lee", phone="+1 415 555 0177"),
        make_prospect(dana, "Ana", "Costa"),
        make_prospect(dana, "Kim", "Park"),
        make_prospect(dana, "Lee", "Chen"),
    ]
    return dana, people


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def now_calling(client) -> str:
    html = client.get(SESSION).get_data(as_text=True)
    match = re.search(r'<h1 id="call-name">([^<]+)</h1>', html)
    return match[1] if match else ""


def post(auth, path, data=None):
    return auth.post(path, data or {}, form_page=SESSION)


def prospect_id(client) -> int:
    html = client.get(SESSION).get_data(as_text=True)
    return int(re.search(r'data-prospect="(\d+)"', html)[1])


def log(auth, client, kind: str):
    pid = prospect_id(client)
    response = post(auth, f"/app/call/{pid}/outcome", {"kind": kind})
    assert response.status_code == 302 and response.headers["Location"] == SESSION
    return pid


def undo_record(client) -> str:
    html = client.get(SESSION).get_data(as_text=True)
    return re.search(r'name="record" value="([^"]+)"', html)[1]


def test_start_calling_shows_one_prospect_with_script_number_and_why(app, client, auth, five):
    reader = app.test_client()
    reader.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    engage(reader, "/Sam-Lee", "click_booking")
    auth.login()
    dashboard = client.get("/app/").get_data(as_text=True)
    assert "Start calling" in dashboard
    assert "Score 40 — tapped Book a meeting just now, 1 visit today" in text(dashboard)
    response = post(auth, "/app/call/start")
    assert response.headers["Location"] == SESSION
    page = text(client.get(SESSION).get_data(as_text=True))
    html = client.get(SESSION).get_data(as_text=True)
    # The engaged one first, with the labelled score and its reason; then the rest.
    assert now_calling(client) == "Sam Lee"
    assert "Score 40 — tapped Book a meeting just now" in page
    assert 'href="tel:+14155550177"' in html and "in Los Angeles" in page
    script = re.search(r'<p class="script-read" id="call-script">([^<]+)</p>', html)[1]
    assert "Sam" in script and "Dana Reyes" in script
    assert "0 logged this session · 4 more after Sam" in page
    for label, key in (("Voicemail 1 left", "V"), ("No answer", "N"), ("Do not contact", "D")):
        assert f"{label} {key}" in page
    # The history below reads as a person would say it, never the stored reason codes.
    history = page[page.index("History") :]
    assert "A person · " in history and "tapped Book a meeting" in history
    assert re.search(r"(Read it|Tapped Book a meeting on the page)", history), history
    assert "beacon:" not in history and "click_booking" not in history


def test_outcomes_move_on_and_the_session_ends_plainly(client, auth, five):
    auth.login()
    post(auth, "/app/call/start")
    first = now_calling(client)
    log(auth, client, "no_answer")
    second = now_calling(client)
    assert second != first
    log(auth, client, "voicemail_left")
    log(auth, client, "connected")
    post(auth, f"/app/call/{prospect_id(client)}/skip")
    log(auth, client, "meeting_booked")
    page = text(client.get(SESSION).get_data(as_text=True))
    assert "Nobody left to call" in page and "You logged 4 calls this session" in page
    # A new session brings back whom this one skipped, and nobody it logged.
    post(auth, "/app/call/start")
    assert now_calling(client) not in ("", first, second)


def test_undo_within_ten_seconds_reverts_the_voicemail(app, client, auth, five):
    auth.login()
    post(auth, "/app/call/start")
    with app.app_context():
        rob = get_session().exec(select(Prospect).where(Prospect.slug == "Rob-Mason")).one()
        before = (rob.next_call_on, rob.voicemails_left)
    log(auth, client, "voicemail_left")
    assert now_calling(client) != "Rob Mason"
    page = client.get(SESSION).get_data(as_text=True)
    assert "Undo voicemail 1" in page
    response = post(auth, "/app/undo", {"record": undo_record(client), "next": SESSION})
    assert response.status_code == 303 and response.headers["Location"] == SESSION
    page = text(client.get(SESSION).get_data(as_text=True))
    assert "Undone: voicemail 1 for Rob Mason is off the record" in page
    assert now_calling(client) == "Rob Mason"  # back to whom it was for
    with app.app_context():
        session = get_session()
        rob = session.get(Prospect, rob.id)
        assert (rob.next_call_on, rob.voicemails_left) == before
        assert session.exec(select(Voicemail)).all() == []


def test_undo_of_a_connected_call_puts_the_score_back(app, client, auth, five):
    reader = app.test_client()
    reader.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    engage(reader, "/Rob-Mason", "click_call")
    auth.login()
    post(auth, "/app/call/start")
    log(auth, client, "do_not_contact")
    listed = client.get("/app/").get_data(as_text=True)
    assert "<strong>Rob Mason</strong>" not in listed
    post(auth, "/app/undo", {"record": undo_record(client), "next": "/app/"})
    with app.app_context():
        rob = get_session().exec(select(Prospect).where(Prospect.slug == "Rob-Mason")).one()
        assert rob.do_not_contact is False and rob.score_since is None
        assert get_session().exec(select(CallOutcome)).all() == []
    assert "<strong>Rob Mason</strong>" in client.get("/app/").get_data(as_text=True)


def test_undo_after_ten_seconds_is_refused_and_keeps_the_call(app, client, auth, five):
    auth.login()
    post(auth, "/app/call/start")
    log(auth, client, "no_answer")
    record = undo_record(client)
    with app.app_context():
        session = get_session()
        call = session.exec(select(CallOutcome)).one()
        call.at -= timedelta(seconds=11)
        session.add(call)
        session.commit()
    response = post(auth, "/app/undo", {"record": record, "next": SESSION})
    assert response.status_code == 303
    page = text(client.get(SESSION).get_data(as_text=True))
    assert "Too late to undo no answer for Rob Mason: it was logged 11 seconds ago" in page
    assert "undo lasts 10 seconds" in page
    with app.app_context():
        assert len(get_session().exec(select(CallOutcome)).all()) == 1
    assert "Undo no answer" not in page  # no button left that cannot work


def test_undo_works_for_outcomes_logged_on_the_prospect_page(app, client, auth, five):
    _, people = five
    auth.login()
    rob = people[0]
    auth.post(f"/app/prospects/{rob.id}/outcomes", {"kind": "connected"})
    page = client.get(f"/app/prospects/{rob.id}").get_data(as_text=True)
    assert "Logged for Rob Mason: connected." in page and "Undo connected" in page
    record = re.search(r'name="record" value="([^"]+)"', page)[1]
    auth.post("/app/undo", {"record": record, "next": f"/app/prospects/{rob.id}"})
    with app.app_context():
        assert get_session().exec(select(CallOutcome)).all() == []
    # Only the last one: the same record again is nothing to undo.
    auth.post("/app/undo", {"record": record})
    assert "Nothing to undo" in client.get("/app/").get_data(as_text=True)


def test_posts_without_csrf_are_refused(app, client, auth, five):
    _, people = five
    auth.login()
    post(auth, "/app/call/start")
    rob = people[0]
    assert client.post(f"/app/call/{rob.id}/outcome", data={"kind": "no_answer"}).status_code == 400
    assert client.post(f"/app/call/{rob.id}/skip").status_code == 400
    assert client.post("/app/call/start").status_code == 400
    log(auth, client, "no_answer")
    assert client.post("/app/undo", data={"record": undo_record(client)}).status_code == 400
    with app.app_context():
        assert len(get_session().exec(select(CallOutcome)).all()) == 1


def test_another_reps_prospect_cannot_be_logged(app, client, auth, five, make_rep, make_prospect):
    other = make_rep(email="eve@acme.com", name="Eve Stone")
    theirs = make_prospect(other, "Max", "Roe")
    auth.login()
    post(auth, "/app/call/start")
    assert post(auth, f"/app/call/{theirs.id}/outcome", {"kind": "connected"}).status_code == 404
    assert post(auth, f"/app/call/{theirs.id}/skip").status_code == 404
    with app.app_context():
        assert get_session().exec(select(CallOutcome)).all() == []


def test_signed_out_the_session_asks_to_sign_in(client, five):
    response = client.get(SESSION)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_how_many_are_left_is_the_true_count(client, auth, five, make_prospect):
    dana, _ = five
    for number in range(6):  # eleven in all: more than the session reads ahead
        make_prospect(dana, "Pat", f"Number{number}")
    auth.login()
    post(auth, "/app/call/start")
    assert "0 logged this session · 10 more after Rob" in text(
        client.get(SESSION).get_data(as_text=True)
    )
    log(auth, client, "no_answer")
    assert "1 logged this session · 9 more after Sam" in text(
        client.get(SESSION).get_data(as_text=True)
    )
