"""A prospect's page is cached per worker, and its repeat hits are replayed from that cache;
a change to what the page shows must reach the prospect at once, whichever way it was made
(web form, JSON API, CLI, a service's bulk UPDATE, a Core statement), with no view clearing
the cache by hand."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from landing.core import clock
from landing.core.clock import next_business_day
from landing.data.db import get_engine, get_session
from landing.data.models import Prospect, Rep
from landing.prospects.service import CALL_AGAIN_AFTER_VOICEMAIL
from landing.scripts.render import callback_day
from landing.team import api_tokens
from tests.conftest import engage

CALL_DAY = re.compile(r"will call you again on ([^<]+)\.</p>")


@pytest.fixture
def dana(make_rep):
    return make_rep(admin=True, phone="+1 415 555 0100")


@pytest.fixture
def rob(app, dana, make_prospect):
    """Rob, whose call day is four weeks off: a voicemail logged today moves it."""
    rob = make_prospect(dana)
    with app.app_context():
        session = get_session()
        row = session.get(Prospect, rob.id)
        row.next_call_on = next_business_day(clock.today(), 20)
        session.commit()
    return rob


def seen(prospect_client, path: str = "/Rob-Mason") -> str:
    """The page as the prospect sees it now."""
    response = prospect_client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def cached(prospect_client, view_calls) -> str:
    """The page seen twice, the second time replayed from this worker's cache."""
    seen(prospect_client)
    html = seen(prospect_client)
    assert len(view_calls) == 1
    return html


def call_day(html: str) -> str:
    return CALL_DAY.search(html).group(1)


def after_a_voicemail_today() -> str:
    today = clock.today()
    return callback_day(next_business_day(today, CALL_AGAIN_AFTER_VOICEMAIL), today)


def test_a_voicemail_logged_in_the_app_moves_the_call_day_on_the_page_at_once(
    rob, client, auth, prospect_client, view_calls
):
    before = call_day(cached(prospect_client, view_calls))
    assert before != after_a_voicemail_today()
    auth.login()
    url = f"/app/prospects/{rob.id}"
    key = re.search(r'name="template" value="([^"]+)"', client.get(url).get_data(as_text=True))
    auth.post(f"{url}/voicemails", {"template": key.group(1)}, form_page=url)
    assert call_day(seen(prospect_client)) == after_a_voicemail_today()


def test_a_voicemail_logged_from_the_call_next_list_moves_the_call_day_at_once(
    rob, client, auth, prospect_client, view_calls
):
    cached(prospect_client, view_calls)
    auth.login()
    auth.post(f"/app/prospects/{rob.id}/outcomes", {"kind": "voicemail_left"})
    assert call_day(seen(prospect_client)) == after_a_voicemail_today()


def test_an_undone_voicemail_puts_the_call_day_back_on_the_page_at_once(
    rob, client, auth, prospect_client, view_calls
):
    before = call_day(cached(prospect_client, view_calls))
    auth.login()
    auth.post(f"/app/prospects/{rob.id}/outcomes", {"kind": "voicemail_left"})
    assert call_day(seen(prospect_client)) == after_a_voicemail_today() != before
    page = client.get(f"/app/prospects/{rob.id}").get_data(as_text=True)
    record = re.search(r'name="record" value="([^"]+)"', page)[1]
    auth.post("/app/undo", {"record": record})
    assert call_day(seen(prospect_client)) == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/prospects/Rob-Mason/voicemails", {}),
        ("/api/v1/prospects/Rob-Mason/outcomes", {"kind": "voicemail_left"}),
    ],
)
def test_a_voicemail_logged_through_the_api_moves_the_call_day_at_once(
    app, dana, rob, client, prospect_client, view_calls, path, body
):
    with app.app_context():
        token = api_tokens.create(get_session(), dana, "CRM")[1]
    cached(prospect_client, view_calls)
    response = client.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.get_json()
    assert call_day(seen(prospect_client)) == after_a_voicemail_today()


def test_a_voicemail_logged_with_the_cli_moves_the_call_day_at_once(
    rob, runner, prospect_client, view_calls
):
    cached(prospect_client, view_calls)
    result = runner.invoke(["voicemail", "log", "Rob-Mason"])
    assert result.exit_code == 0, result.output
    assert call_day(seen(prospect_client)) == after_a_voicemail_today()


def test_a_rename_moves_the_page_at_once(rob, client, auth, prospect_client, view_calls):
    cached(prospect_client, view_calls)
    auth.login()
    url = f"/app/prospects/{rob.id}"
    auth.post(f"{url}/slug", {"slug": "Robert-Mason"}, form_page=url)
    old = prospect_client.get("/Rob-Mason")
    assert (old.status_code, old.headers["Location"]) == (302, "/Robert-Mason")
    assert "For Rob" in seen(prospect_client, "/Robert-Mason")


def test_company_settings_and_a_tailored_page_show_at_once(
    rob, client, auth, prospect_client, view_calls
):
    assert "For Rob · Acme" in cached(prospect_client, view_calls)
    auth.login()
    auth.post("/app/company", {"name": "Globex"})
    assert "For Rob · Globex" in seen(prospect_client)
    url = f"/app/prospects/{rob.id}"
    auth.post(f"{url}/page", {"personal_note": "Rob, we met at LogiMAT"}, form_page=url)
    assert "Rob, we met at LogiMAT" in seen(prospect_client)


def test_an_archived_page_answers_404_at_once(rob, client, auth, prospect_client, view_calls):
    cached(prospect_client, view_calls)
    auth.login()
    url = f"/app/prospects/{rob.id}"
    auth.post(f"{url}/archive", {}, form_page=url)
    assert prospect_client.get("/Rob-Mason").status_code == 404


def test_a_bulk_update_and_a_core_statement_are_seen_at_once(
    app, dana, rob, prospect_client, view_calls
):
    """Services that write with session.execute(update(...)) or on a bare Connection
    (engine.begin(), as the outbox does) clear the cache as a flush does."""
    cached(prospect_client, view_calls)
    with app.app_context():
        session = get_session()
        session.execute(update(Prospect).values(personal_note="Bulk note"))
        session.commit()
    assert "Bulk note" in seen(prospect_client)
    with app.app_context(), get_engine().begin() as conn:
        conn.execute(update(Rep.__table__).where(Rep.id == dana.id).values(name="Dee Reyes"))
    assert "Dee made this page" in seen(prospect_client)


def test_a_change_rolled_back_leaves_the_cached_page(app, rob, prospect_client, view_calls):
    cached(prospect_client, view_calls)
    with app.app_context():
        session = get_session()
        session.execute(update(Prospect).values(personal_note="Never saved"))
        session.rollback()
    assert "Never saved" not in seen(prospect_client)
    assert len(view_calls) == 1  # still replayed: nothing a page shows changed


def test_the_prospects_own_visits_and_beacons_leave_the_cache_alone(
    rob, prospect_client, view_calls
):
    """The page cache exists for these hits: their writes (visits, engagement, notices)
    are not rows a page shows, so they must not empty it."""
    cached(prospect_client, view_calls)
    engage(prospect_client, kind="click_call")
    seen(prospect_client)
    assert len(view_calls) == 1
