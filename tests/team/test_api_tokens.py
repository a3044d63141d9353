"""API tokens: made in the rep's settings or by `landing token create`, shown once, kept only
as a hash, revoked from the same places."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from landing.core.clock import utcnow
from landing.data.db import get_session
from landing.data.models import ApiToken
from landing.team import api_tokens
from tests.conftest import csrf_token

TOKEN = re.compile(r"lnd_[A-Za-z0-9_-]{43}")


def works(client, token: str) -> bool:
    status = client.get("/api/v1/calls", headers={"Authorization": f"Bearer {token}"}).status_code
    assert status in (200, 401)
    return status == 200


def test_a_token_is_stored_only_as_its_hash(app, make_rep):
    dana = make_rep()
    with app.app_context():
        session = get_session()
        row, token = api_tokens.create(session, dana, "HubSpot sync")
        stored = session.get(ApiToken, row.id)
        assert TOKEN.fullmatch(token)
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert stored.prefix == token[:8] and stored.name == "HubSpot sync"
        assert token not in repr(stored.model_dump())
        assert api_tokens.rep_for(session, token).id == dana.id
        assert api_tokens.rep_for(session, token[:-1]) is None
        other = api_tokens.create(session, dana, "Other")[1]
        assert other != token


def test_last_used_is_written_at_most_once_a_minute(app, make_rep):
    dana = make_rep()
    with app.app_context():
        session = get_session()
        row, token = api_tokens.create(session, dana, "CRM")
        now = utcnow()
        api_tokens.rep_for(session, token, now=now)
        assert session.get(ApiToken, row.id).last_used_at == now
        api_tokens.rep_for(session, token, now=now + timedelta(seconds=30))
        assert session.get(ApiToken, row.id).last_used_at == now
        later = now + timedelta(minutes=2)
        api_tokens.rep_for(session, token, now=later)
        assert session.get(ApiToken, row.id).last_used_at == later


def test_the_settings_page_shows_a_new_token_once_then_only_its_prefix(client, auth, make_rep):
    make_rep()
    auth.login()
    page = client.get("/app/tokens")
    assert page.status_code == 200 and "No tokens yet" in page.get_data(as_text=True)
    made = auth.post("/app/tokens", {"name": "HubSpot sync"}, form_page="/app/tokens")
    html = made.get_data(as_text=True)
    token = TOKEN.search(html).group(0)
    assert "shown only this once" in html
    assert works(client, token)
    later = client.get("/app/tokens").get_data(as_text=True)
    assert token not in later and token[:8] in later and "HubSpot sync" in later
    assert TOKEN.search(later) is None


def test_a_token_needs_a_name_and_a_csrf_token(client, auth, make_rep):
    make_rep()
    auth.login()
    empty = auth.post("/app/tokens", {"name": "  "}, form_page="/app/tokens")
    assert empty.status_code == 400 and "Required." in empty.get_data(as_text=True)
    forged = client.post("/app/tokens", data={"name": "Forged"})
    assert forged.status_code == 400
    assert "Forged" not in client.get("/app/tokens").get_data(as_text=True)


def test_revoking_in_settings_stops_the_token_at_once(app, client, auth, make_rep):
    dana = make_rep()
    with app.app_context():
        row, token = api_tokens.create(get_session(), dana, "CRM")
    auth.login()
    assert works(client, token)
    page = client.get("/app/tokens").get_data(as_text=True)
    assert f"/app/tokens/{row.id}/revoke" in page
    revoked = auth.post(f"/app/tokens/{row.id}/revoke", {}, form_page="/app/tokens")
    assert revoked.status_code == 302
    assert "revoked" in client.get("/app/tokens").get_data(as_text=True)
    assert not works(client, token)


def test_another_reps_token_cannot_be_revoked(app, client, auth, make_rep):
    ann = make_rep("ann@acme.com", "Ann Ames")
    make_rep()
    with app.app_context():
        row, token = api_tokens.create(get_session(), ann, "Ann's CRM")
    auth.login()
    token_field = csrf_token(client, "/app/tokens")
    response = client.post(f"/app/tokens/{row.id}/revoke", data={"csrf_token": token_field})
    assert response.status_code == 404
    assert works(client, token)
    assert "Ann&#39;s CRM" not in client.get("/app/tokens").get_data(as_text=True)


def test_cli_creates_lists_and_revokes_tokens(client, runner, make_rep):
    make_rep()
    made = runner.invoke(["token", "create", "dana@acme.com", "--name", "Zapier"])
    assert made.exit_code == 0, made.output
    token = made.output.strip().splitlines()[-1]
    assert TOKEN.fullmatch(token)
    assert works(client, token)
    listed = runner.invoke(["token", "list", "dana@acme.com"])
    assert token[:8] in listed.output and "Zapier" in listed.output
    assert token not in listed.output
    revoked = runner.invoke(["token", "revoke", "dana@acme.com", token[:8]])
    assert revoked.exit_code == 0, revoked.output
    assert not works(client, token)
    again = runner.invoke(["token", "revoke", "dana@acme.com", token[:8]])
    assert again.exit_code == 1 and "no live tokens" in again.output
    nobody = runner.invoke(["token", "create", "nobody@acme.com"])
    assert nobody.exit_code == 1 and "no rep" in nobody.output
