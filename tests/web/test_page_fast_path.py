"""A prospect's repeat GET of their page is answered from the page cache outside Flask: it
must give what the view gives, record the visit the same way, and step aside whenever the
answer could differ."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy.exc import OperationalError
from sqlmodel import select

from landing.core import clock
from landing.data.db import get_session
from landing.data.models import Visit
from landing.web import fast_path
from tests.conftest import BROWSER_UA, engage

TOKEN = re.compile(r'data-hit="([^"]+)"')


def stored(app) -> list[Visit]:
    with app.app_context():
        return list(get_session().exec(select(Visit).order_by(Visit.id)))


def comparable(response) -> tuple:
    """Status, headers and body without what belongs to one hit (its token, its cookie)."""
    headers = sorted((n, v) for n, v in response.headers.items() if n != "Set-Cookie")
    body = response.get_data(as_text=True)
    body = body.replace(TOKEN.search(body).group(1), "<token>")
    return response.status_code, headers, body


def test_a_repeat_hit_gets_what_the_view_gives_and_is_recorded_alike(
    app, make_rep, make_prospect, prospect_client, view_calls
):
    make_prospect(make_rep(booking_url="https://cal.example/dana"))
    first = prospect_client.get("/Rob-Mason", headers={"Referer": "https://mail.example/x"})
    second = prospect_client.get("/Rob-Mason", headers={"Referer": "https://mail.example/x"})
    assert len(view_calls) == 1  # the second never reached Flask
    assert comparable(second) == comparable(first)
    assert "Thanks for stopping by, Rob." in second.get_data(as_text=True)
    a, b = stored(app)
    assert a.token != b.token and b.token in second.get_data(as_text=True)
    same = ("prospect_id", "ip", "user_agent", "referrer", "method", "classification", "reason")
    assert [getattr(b, f) for f in same] == [getattr(a, f) for f in same]
    assert b.classification == "unconfirmed" and b.referrer == "mail.example"
    # The cookie from the first answer came back: the same person, no new cookie.
    assert a.visitor_id == b.visitor_id and "Set-Cookie" not in second.headers


def test_a_replayed_page_works_like_any_other(app, make_rep, make_prospect, prospect_client):
    make_prospect(make_rep(booking_url="https://cal.example/dana"))
    prospect_client.get("/Rob-Mason")
    page = engage(prospect_client)  # replayed; its beacon confirms its own hit
    html = page.get_data(as_text=True)
    booking = re.search(r'href="(/_/go/[^"]+/booking)"', html).group(1)
    assert prospect_client.get(booking).headers["Location"] == "https://cal.example/dana"
    first, second = stored(app)
    assert (first.classification, second.classification) == ("unconfirmed", "engaged")


def test_every_new_person_gets_a_cookie_of_their_own(app, make_rep, make_prospect):
    make_prospect(make_rep())
    cookies = set()
    for _ in range(3):
        fresh = app.test_client()  # no cookie yet: someone the page was forwarded to
        response = fresh.get("/Rob-Mason", headers={"User-Agent": BROWSER_UA})
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie
        cookies.add(cookie.split(";")[0])
    assert len(cookies) == 3
    assert len({v.visitor_id for v in stored(app)}) == 3


def test_a_bot_on_a_cached_page_is_still_a_bot(app, make_rep, make_prospect, prospect_client):
    make_prospect(make_rep())
    prospect_client.get("/Rob-Mason")
    bot = app.test_client()
    bot.get("/Rob-Mason", headers={"User-Agent": "Slackbot-LinkExpanding 1.0"})
    bot.get("/Rob-Mason", headers={"User-Agent": BROWSER_UA, "Sec-Purpose": "prefetch"})
    _, slack, prefetch = stored(app)
    assert (slack.classification, slack.reason) == ("bot", "link preview: Slack")
    assert prefetch.classification == "bot" and "prefetch" in prefetch.reason


def test_a_rep_and_a_preview_always_go_to_the_view(
    app, auth, client, make_rep, make_prospect, prospect_client, view_calls
):
    make_prospect(make_rep())
    prospect_client.get("/Rob-Mason")
    prospect_client.get("/Rob-Mason")
    assert len(view_calls) == 1
    auth.login()
    client.get("/Rob-Mason", headers={"User-Agent": BROWSER_UA})  # signed in
    client.get("/Rob-Mason?preview=x", headers={"User-Agent": BROWSER_UA})
    prospect_client.head("/Rob-Mason")
    assert len(view_calls) == 4
    assert [v.classification for v in stored(app)] == [
        "unconfirmed", "unconfirmed", "rep", "rep", "bot"
    ]  # fmt: skip


def test_archiving_ends_replays_at_once(
    app, auth, client, make_rep, make_prospect, prospect_client
):
    prospect = make_prospect(make_rep())
    prospect_client.get("/Rob-Mason")
    auth.login()
    auth.post(
        f"/app/prospects/{prospect.id}/archive", {}, form_page=f"/app/prospects/{prospect.id}"
    )
    assert prospect_client.get("/Rob-Mason").status_code == 404


def test_a_new_day_goes_to_the_view(app, make_rep, make_prospect, prospect_client, view_calls,
                                    monkeypatch):  # fmt: skip
    make_prospect(make_rep())
    prospect_client.get("/Rob-Mason")
    tomorrow = clock.today() + timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: tomorrow)
    prospect_client.get("/Rob-Mason")
    assert len(view_calls) == 2


def test_a_visit_that_cannot_be_stored_still_gets_the_replayed_page(
    app, make_rep, make_prospect, prospect_client, monkeypatch, caplog, view_calls
):
    make_prospect(make_rep())
    prospect_client.get("/Rob-Mason")

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(fast_path, "record_visit", broken)
    response = prospect_client.get("/Rob-Mason")
    assert len(view_calls) == 1
    assert response.status_code == 200
    assert "Thanks for stopping by, Rob." in response.get_data(as_text=True)
    assert "visit NOT recorded" in caplog.text


def test_nothing_is_replayed_without_a_page_cache(app, make_rep, make_prospect, prospect_client,
                                                  view_calls):  # fmt: skip
    app.config["PAGE_CACHE_SECONDS"] = 0
    make_prospect(make_rep())
    for _ in range(3):
        assert prospect_client.get("/Rob-Mason").status_code == 200
    assert len(view_calls) == 3
