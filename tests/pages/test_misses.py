"""Misses: every request for a page that does not exist is kept, and the rep hears of the
ones that were probably their prospect typing the URL wrong."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import MissedVisit
from tests.conftest import BROWSER_UA

BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def misses(app) -> list[MissedVisit]:
    with app.app_context():
        return list(get_session().exec(select(MissedVisit).order_by(MissedVisit.id)))


@pytest.fixture
def dana(make_rep):
    return make_rep()


def test_every_miss_is_kept_with_its_class(app, dana, make_prospect, client):
    make_prospect(dana)
    person = app.test_client()
    person.environ_base.update(HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR="203.0.113.77")
    assert person.get("/Nobody-Here").status_code == 404
    crawler = app.test_client()
    crawler.environ_base["HTTP_USER_AGENT"] = BOT_UA
    assert crawler.get("/wp-login.php").status_code == 404
    assert person.head("/Someone-Else").status_code == 404
    assert person.get("/favicon.ico").status_code == 204  # asked on every page: not a miss

    rows = misses(app)
    assert [(r.path, r.classification) for r in rows] == [
        ("Nobody-Here", "unconfirmed"),
        ("wp-login.php", "bot"),
        ("Someone-Else", "bot"),
    ]
    assert rows[0].ip == "203.0.113.0" and rows[0].user_agent == BROWSER_UA
    assert "crawler" in rows[1].reason.lower() or "bot" in rows[1].reason.lower()
    assert rows[2].reason == "HEAD request"
    assert all(r.prospect_id is None for r in rows)


def test_a_long_path_is_cut_not_refused(app, dana, prospect_client):
    assert prospect_client.get("/" + "x" * 500).status_code == 404
    assert len(misses(app)[0].path) == 200


def test_a_nul_in_the_path_is_kept_too(app, dana, prospect_client):
    # PostgreSQL stores no NUL in text: the miss is kept with U+FFFD in its place.
    assert prospect_client.get("/Rob%00Mason-x").status_code == 404
    assert misses(app)[0].path == "Rob\ufffdMason-x"


def test_a_miss_near_a_recent_voicemail_is_shown_to_its_rep(
    app, dana, make_prospect, make_rep, runner, client, auth, prospect_client
):
    rob = make_prospect(dana)
    make_prospect(dana, first_name="Kim", last_name="Nguyen")
    assert runner.invoke(["voicemail", "log", "Rob-Mason"]).exit_code == 0
    # Two edits on an 8-letter key: too far to send them on, near enough to tell the rep.
    assert prospect_client.get("/Rob-Maxn").status_code == 404
    [miss] = misses(app)
    assert (miss.prospect_id, miss.why) == (rob.id, "near")

    auth.login()
    html = client.get("/app/").get_data(as_text=True)
    assert "Tried to reach their page" in html
    assert "someone tried <code>/Rob-Maxn</code> at" in html
    assert "probably" in html and "Rob Mason</a>" in html
    page = client.get(f"/app/prospects/{rob.id}").get_data(as_text=True)
    assert "/Rob-Maxn" in page

    # Another rep sees nothing of it.
    make_rep(email="lee@acme.com", name="Lee")
    auth.logout()
    auth.login("lee@acme.com")
    assert "Rob-Maxn" not in client.get("/app/").get_data(as_text=True)


def test_without_a_recent_voicemail_a_miss_is_nobodys(app, dana, make_prospect, prospect_client):
    make_prospect(dana)
    assert prospect_client.get("/Rob-Maxn").status_code == 404
    assert misses(app)[0].prospect_id is None


def test_a_bots_miss_is_never_taken_for_a_prospect(app, dana, make_prospect, runner):
    make_prospect(dana)
    runner.invoke(["voicemail", "log", "Rob-Mason"])
    crawler = app.test_client()
    crawler.environ_base["HTTP_USER_AGENT"] = BOT_UA
    crawler.get("/Rob-Maxn")
    assert misses(app)[0].prospect_id is None


def test_a_miss_that_resolves_later_is_given_to_the_new_prospect(
    app, dana, make_prospect, client, auth, prospect_client
):
    assert prospect_client.get("/Dana-Whitfeld").status_code == 404  # before she was added
    assert misses(app)[0].prospect_id is None
    whitfield = make_prospect(dana, first_name="Dana", last_name="Whitfield")
    [miss] = misses(app)
    assert (miss.prospect_id, miss.why) == (whitfield.id, "resolved")
    auth.login()
    html = client.get("/app/").get_data(as_text=True)
    assert "someone tried <code>/Dana-Whitfeld</code>" in html
    assert "the URL reaches their page now" in html


def test_cli_misses(app, dana, make_prospect, runner, prospect_client):
    make_prospect(dana)
    runner.invoke(["voicemail", "log", "Rob-Mason"])
    prospect_client.get("/Rob-Maxn")
    result = runner.invoke(["misses", "--rep", "dana@acme.com", "--json"])
    assert result.exit_code == 0
    [row] = json.loads(result.output)
    assert (row["path"], row["prospect"], row["why"]) == ("Rob-Maxn", "Rob-Mason", "near")
    assert "probably /Rob-Mason" in runner.invoke(["misses", "--rep", "dana@acme.com"]).output
