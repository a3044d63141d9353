"""Browsers that ask not to be tracked (GPC, DNT), and the privacy notice on every page."""

from __future__ import annotations

import pytest
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import MissedVisit, Visit
from tests.conftest import BROWSER_UA, engage

SIGNALS = [{"Sec-GPC": "1"}, {"DNT": "1"}]
ADDRESS = {"REMOTE_ADDR": "203.0.113.77"}


def stored(app, model=Visit) -> list:
    with app.app_context():
        return list(get_session().exec(select(model).order_by(model.id)))


@pytest.mark.parametrize("signal", SIGNALS, ids=["gpc", "dnt"])
def test_first_and_repeat_hits_are_kept_without_address_agent_or_cookie(
    app, make_rep, make_prospect, prospect_client, signal
):
    make_prospect(make_rep())
    views = []
    view = app.view_functions["public.prospect_page"]
    app.view_functions["public.prospect_page"] = lambda **kw: views.append(1) or view(**kw)
    first = prospect_client.get("/Rob-Mason", headers=signal, environ_base=ADDRESS)
    repeat = prospect_client.get("/Rob-Mason", headers=signal, environ_base=ADDRESS)
    assert views == [1], "the first hit is the view's, the repeat the fast path's"
    for response in (first, repeat):
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
    rows = stored(app)
    assert len(rows) == 2
    for visit in rows:
        assert (visit.ip, visit.user_agent, visit.visitor_id) == ("", "", "")
        assert visit.classification == "unconfirmed"  # still told from a bot by its agent
        assert visit.token


def test_without_a_signal_the_visit_keeps_address_agent_and_cookie(
    app, make_rep, make_prospect, prospect_client
):
    make_prospect(make_rep())
    response = prospect_client.get("/Rob-Mason", headers={"Sec-GPC": "0"}, environ_base=ADDRESS)
    assert "lv=" in response.headers["Set-Cookie"]
    (visit,) = stored(app)
    assert (visit.ip, visit.user_agent) == ("203.0.113.0", BROWSER_UA)
    assert visit.visitor_id


@pytest.mark.parametrize("signal", SIGNALS, ids=["gpc", "dnt"])
def test_a_bot_asking_for_privacy_is_still_a_bot(app, make_rep, make_prospect, client, signal):
    make_prospect(make_rep())
    bot = {"User-Agent": "facebookexternalhit/1.1", **signal}
    client.get("/Rob-Mason", headers=bot)
    client.get("/Rob-Mason", headers=bot)  # the fast path's replay
    rows = stored(app)
    assert [v.classification for v in rows] == ["bot", "bot"]
    assert all(v.user_agent == "" for v in rows)


def test_a_private_visitors_beacon_still_engages_the_hit(
    app, make_rep, make_prospect, prospect_client
):
    make_prospect(make_rep())
    prospect_client.environ_base["HTTP_SEC_GPC"] = "1"
    engage(prospect_client)
    engage(prospect_client)  # replayed; the beacon finds the hit by its token
    rows = stored(app)
    assert [v.classification for v in rows] == ["engaged", "engaged"]
    assert all(v.visitor_id == "" and v.ip == "" for v in rows)


def test_a_private_visitor_with_an_old_cookie_is_not_given_a_new_one(
    app, make_rep, make_prospect, prospect_client
):
    make_prospect(make_rep())
    prospect_client.get("/Rob-Mason")  # before they turned GPC on
    (first,) = stored(app)
    prospect_client.environ_base["HTTP_SEC_GPC"] = "1"
    for _ in range(2):
        assert "Set-Cookie" not in prospect_client.get("/Rob-Mason").headers
    assert [v.visitor_id for v in stored(app)] == [first.visitor_id, "", ""]


def test_a_private_miss_is_kept_without_address_or_agent(app, make_rep, make_prospect, client):
    make_prospect(make_rep())
    client.get("/Nobody-Here", headers={"Sec-GPC": "1", "User-Agent": BROWSER_UA})
    client.get("/Nobody-Else", headers={"DNT": "1", "User-Agent": "Googlebot/2.1"})
    misses = stored(app, MissedVisit)
    assert [(m.ip, m.user_agent) for m in misses] == [("", ""), ("", "")]
    assert [m.classification for m in misses] == ["unconfirmed", "bot"]


def test_the_notice_names_company_retention_and_contact(app, make_rep, client, auth):
    make_rep(email="dana@acme.com", admin=True)
    app.config["VISIT_RETENTION_DAYS"] = 90
    page = client.get("/privacy")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Acme" in html
    assert "90 days" in html
    assert "Global Privacy Control" in html and "Do Not Track" in html
    assert 'href="mailto:dana@acme.com"' in html  # no contact set: the first admin

    auth.login()
    form = client.get("/app/company").get_data(as_text=True)
    assert 'name="privacy_contact"' in form
    saved = auth.post("/app/company", {"name": "Acme", "privacy_contact": "privacy@acme.com"})
    assert saved.status_code == 302
    app.extensions["landing.web.page_cache"].clear()
    html = client.get("/privacy").get_data(as_text=True)
    assert 'href="mailto:privacy@acme.com"' in html and "dana@acme.com" not in html


def test_privacy_contact_must_be_an_email(app, make_rep, client, auth):
    make_rep(admin=True)
    auth.login()
    response = auth.post("/app/company", {"name": "Acme", "privacy_contact": "not an email"})
    assert response.status_code == 400
    assert "Not a valid email address" in response.get_data(as_text=True)


def test_the_notice_is_linked_from_the_prospect_page_and_the_site_root(
    make_rep, make_prospect, prospect_client
):
    make_prospect(make_rep())
    # The prospect's page names its language (the notice opens in it), the root does not.
    for path in ("/Rob-Mason", "/Rob-Mason"):  # the view, the fast path
        assert 'href="/privacy?lang=en"' in prospect_client.get(path).get_data(as_text=True)
    assert 'href="/privacy"' in prospect_client.get("/").get_data(as_text=True)


def test_nobody_gets_privacy_as_a_slug(app, make_rep, make_prospect, client):
    make_prospect(make_rep(), first_name="Privacy", last_name="")
    assert client.get("/privacy").get_data(as_text=True).count("Global Privacy Control") == 1
