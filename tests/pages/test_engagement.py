"""Hits, beacons, the trap and links: who is a person, and one notice per engaged visit."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Engagement, Notice, OutboxMessage, Prospect, Rep, Visit
from landing.notify import notices
from landing.pages import beacon_keys
from tests.conftest import BROWSER_UA
from tests.conftest import beacon as send_beacon


def hits(app) -> list[Visit]:
    with app.app_context():
        return list(get_session().exec(select(Visit).order_by(Visit.id)))


def all_notices(app) -> list[Notice]:
    with app.app_context():
        return list(get_session().exec(select(Notice).order_by(Notice.id)))


def open_page(client, path="/Rob-Mason", **kwargs) -> str:
    response = client.get(path, **kwargs)
    assert response.status_code == 200
    return trap_token(response.get_data(as_text=True))


def trap_token(html: str) -> str:
    return re.search(r'href="/_/t/([^"]+)"', html).group(1)


def beacon(client, token, kind="visible", **kwargs):
    return send_beacon(client, token, kind, **kwargs)


@pytest.fixture
def rob(make_rep, make_prospect):
    rep = make_rep(phone="+1 415 555 0100", booking_url="https://cal.example/dana")
    return make_prospect(rep, phone="+1 415 555 0199")


def test_a_page_view_is_unconfirmed_until_a_beacon_arrives(app, rob, prospect_client):
    token = open_page(prospect_client)
    [hit] = hits(app)
    assert (hit.classification, hit.reason) == ("unconfirmed", "browser user agent")
    assert hit.token == token and len(hit.visitor_id) == 16
    assert beacon(prospect_client, token).status_code == 204  # no CSRF token: by design
    [hit] = hits(app)
    assert (hit.classification, hit.reason) == ("engaged", "beacon: visible")
    [notice] = all_notices(app)
    assert notice.text == "Rob Mason is on their page now — call +1 415-555-0199"


def test_one_engaged_visit_gives_one_notice(app, rob, prospect_client):
    token = open_page(prospect_client)
    for kind in ("visible", "scroll", "video_play", "visible"):
        assert beacon(prospect_client, token, kind).status_code == 204
    again = open_page(prospect_client)  # a reload a minute later: the same visit
    beacon(prospect_client, again, "visible")
    assert len(all_notices(app)) == 1
    with app.app_context():
        kinds = get_session().exec(select(Engagement.kind).order_by(Engagement.id)).all()
    assert kinds == ["visible", "scroll", "video_play", "visible"]  # each once per hit


def test_a_visit_after_30_quiet_minutes_is_a_new_visit(app, rob, prospect_client):
    first = open_page(prospect_client)
    beacon(prospect_client, first)
    with app.app_context():
        session = get_session()
        for row in [session.exec(select(Visit)).one(), session.exec(select(Notice)).one()]:
            row.at -= timedelta(minutes=31)
            session.add(row)
        session.commit()
    beacon(prospect_client, open_page(prospect_client))
    assert len(all_notices(app)) == 2


def test_the_same_person_keeps_their_visitor_cookie_and_a_forward_gets_a_new_one(
    app, rob, prospect_client, client
):
    open_page(prospect_client)
    open_page(prospect_client)
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    open_page(client)
    first, second, third = hits(app)
    assert first.visitor_id == second.visitor_id != third.visitor_id


@pytest.mark.parametrize(
    "data, status, code",
    [
        ({"k": "visible"}, 403, "bad_key"),
        ({"t": "TOKEN", "k": "visible", "s": "made-up"}, 403, "bad_key"),
        ({"t": "nope", "k": "visible"}, 404, "unknown_hit"),
        ({"t": "no\x00pe", "k": "visible"}, 404, "unknown_hit"),  # PostgreSQL refuses NUL
        ({"t": "TOKEN", "k": "dance"}, 400, "bad_kind"),
    ],
)
def test_bad_beacons_get_json_errors(app, rob, prospect_client, data, status, code):
    token = open_page(prospect_client)
    data = {k: (token if v == "TOKEN" else v) for k, v in data.items()}
    given = datetime.now(UTC) - timedelta(seconds=5)
    data.setdefault("s", beacon_keys.key_for("test-secret", data.get("t", ""), given))
    response = prospect_client.post("/_/b", data=data)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert hits(app)[0].classification == "unconfirmed"


def test_a_beacon_for_a_day_old_page_view_is_refused(app, rob, prospect_client):
    token = open_page(prospect_client)
    with app.app_context():
        session = get_session()
        hit = session.exec(select(Visit)).one()
        hit.at -= timedelta(days=1)
        session.add(hit)
        session.commit()
    response = beacon(prospect_client, token)
    assert response.status_code == 410 and response.get_json()["error"]["code"] == "expired"


def test_json_beacons_work_too(app, rob, prospect_client):
    token = open_page(prospect_client)
    assert prospect_client.post("/_/b/key", json={"t": token}).status_code == 200
    # The key as if given 5 s ago, the page on screen meanwhile.
    key = beacon_keys.key_for("test-secret", token, datetime.now(UTC) - timedelta(seconds=5))
    body = json.dumps({"t": token, "k": "visible", "s": key})
    response = prospect_client.post("/_/b", data=body, content_type="application/json")
    assert response.status_code == 204 and hits(app)[0].classification == "engaged"


def test_following_the_hidden_trap_link_marks_a_bot(app, rob, prospect_client):
    token = open_page(prospect_client)
    assert prospect_client.get(f"/_/t/{token}").status_code == 204
    beacon(prospect_client, token)  # a scanner running the page's script: still a bot
    [hit] = hits(app)
    assert (hit.classification, hit.reason) == ("bot", "followed the hidden trap link")
    assert all_notices(app) == []
    assert prospect_client.get("/_/t/unknown").status_code == 404


def test_every_link_opened_within_two_seconds_is_a_scanner(app, rob, prospect_client):
    token = open_page(prospect_client)
    response = prospect_client.get(f"/_/go/{token}/booking")
    assert response.status_code == 302
    assert response.headers["Location"] == "https://cal.example/dana"
    [hit] = hits(app)
    assert (hit.classification, hit.reason) == (
        "bot",
        "opened every link on the page within 2 seconds",
    )


def test_a_person_who_books_at_once_stays_engaged(app, rob, prospect_client):
    token = open_page(prospect_client)
    # page.js reports the click first, a second and a half after the page came
    assert beacon(prospect_client, token, "click_booking", after=1.5).status_code == 204
    response = prospect_client.get(f"/_/go/{token}/booking")
    assert response.headers["Location"] == "https://cal.example/dana"
    assert hits(app)[0].classification == "engaged"


@pytest.mark.parametrize("body", ["[1, 2]", '"visible"', "null", "{not json"])
def test_a_beacon_body_that_is_not_an_object_gets_a_json_error(app, rob, prospect_client, body):
    open_page(prospect_client)
    response = prospect_client.post("/_/b", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_body"
    assert hits(app)[0].classification == "unconfirmed"


def test_a_booking_link_followed_later_is_kept_and_still_works(app, rob, prospect_client):
    token = open_page(prospect_client)
    with app.app_context():
        session = get_session()
        hit = session.exec(select(Visit)).one()
        hit.at -= timedelta(seconds=30)
        session.add(hit)
        session.commit()
    beacon(prospect_client, token, "click_booking")
    response = prospect_client.get(f"/_/go/{token}/booking")
    assert response.headers["Location"] == "https://cal.example/dana"
    assert hits(app)[0].classification == "engaged"
    assert prospect_client.get(f"/_/go/{token}/elsewhere").status_code == 404
    assert prospect_client.get("/_/go/unknown/booking").status_code == 404


@pytest.mark.parametrize(
    "kwargs, reason",
    [
        ({"method": "HEAD"}, "HEAD request"),
        ({"headers": {"Sec-Purpose": "prefetch"}}, "prefetch (Sec-Purpose: prefetch)"),
        ({"headers": {"Purpose": "prefetch"}}, "prefetch (Purpose: prefetch)"),
        ({"environ_base": {"REMOTE_ADDR": "40.92.17.3"}}, "email security scanner range"),
        ({"headers": {"User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"}},
         "link preview: Slack"),
    ],
)  # fmt: skip
def test_bots_are_kept_with_their_reason(app, rob, prospect_client, kwargs, reason):
    method = kwargs.pop("method", "GET")
    response = prospect_client.open("/Rob-Mason", method=method, **kwargs)
    assert response.status_code == 200
    [hit] = hits(app)
    assert hit.classification == "bot" and reason in hit.reason


def test_the_reps_own_views_never_count(app, rob, client, auth):
    auth.login()
    html = client.get("/Rob-Mason").get_data(as_text=True)
    assert "/_/t/" not in html and "page.js" not in html  # no token, no beacons
    auth.logout()
    client.get("/Rob-Mason")  # signed out, but the browser is still the rep's
    assert [h.classification for h in hits(app)] == ["rep", "rep"]


def test_a_preview_shows_the_page_marked_and_never_counts(app, rob, client, auth):
    auth.login()
    response = client.get(f"/app/prospects/{rob.id}/preview")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)  # same browser
    assert "Preview: this is Rob's page as they see it." in page
    assert [h.classification for h in hits(app)] == ["rep"]
    forged = app.test_client().get("/Rob-Mason?preview=forged")
    assert forged.status_code == 200 and "Preview:" not in forged.get_data(as_text=True)


def test_do_not_contact_prospects_have_no_page(app, rob, prospect_client):
    with app.app_context():
        session = get_session()
        found = session.get(Prospect, rob.id)
        found.do_not_contact = True
        session.add(found)
        session.commit()
    assert prospect_client.get("/Rob-Mason").status_code == 404


def test_notices_go_to_the_outbox_for_each_chosen_channel(app, make_rep, make_prospect):
    rep = make_rep()
    make_prospect(rep)
    app.config["SMTP_HOST"] = "127.0.0.1"
    with app.app_context():
        session = get_session()
        rep = session.get(Rep, rep.id)
        rep.webhook_url = "https://hooks.example/T1"
        session.add(rep)
        session.commit()
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    beacon(client, open_page(client))
    with app.app_context():
        rows = get_session().exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.channel, m.status) for m in rows] == [("email", "pending"), ("webhook", "pending")]
    assert rows[0].notice_id == all_notices(app)[0].id


def test_quiet_hours_hold_delivery_until_they_end():
    rep = Rep(email="d@a.com", name="D", password_hash="x", timezone="Europe/Berlin",
              quiet_start="20:00", quiet_end="07:30")  # fmt: skip
    evening = datetime(2026, 11, 25, 21, 0, tzinfo=UTC)  # 22:00 in Berlin
    assert notices.quiet_until(rep, evening) == datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
    early = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)  # 06:00 in Berlin
    assert notices.quiet_until(rep, early) == datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
    noon = datetime(2026, 11, 26, 11, 0, tzinfo=UTC)
    assert notices.quiet_until(rep, noon) == noon
    rep.quiet_start, rep.quiet_end = "12:00", "13:00"  # a lunch break, same day
    assert notices.quiet_until(rep, noon) == datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
