"""Issue 14, item 6: an API token made by whoever had the account must not outlive its
recovery. `landing rep reset`, an admin's reset and the use of a reset link revoke every
token of the rep; a voluntary password change revokes them unless the rep unticks the box."""

from __future__ import annotations

from landing.data.db import get_session
from landing.team import api_tokens
from tests.conftest import PASSWORD, Auth, csrf_token
from tests.team.test_api_tokens import works
from tests.team.test_team import _admin, _link_in, _path

NEW_PASSWORD = "a brand new passphrase"


def _token_of(app, rep) -> str:
    with app.app_context():
        return api_tokens.create(get_session(), rep, "Made by an intruder")[1]


def test_landing_rep_reset_revokes_the_reps_tokens(app, client, runner, make_rep):
    make_rep(email="ann@acme.com", name="Ann Admin", admin=True)
    bob = make_rep(email="bob@acme.com", name="Bob Brown")
    token = _token_of(app, bob)
    assert works(client, token)
    reset = runner.invoke(["rep", "reset", "bob@acme.com"])
    assert reset.exit_code == 0, reset.output
    assert "API tokens are revoked" in reset.output
    assert not works(client, token)


def test_an_admins_reset_revokes_the_reps_tokens(app, client, auth, make_rep):
    _admin(make_rep, auth)
    bob = make_rep(email="bob@acme.com", name="Bob Brown")
    token = _token_of(app, bob)
    assert works(app.test_client(), token)
    response = auth.post(f"/app/team/{bob.id}/reset", {}, form_page="/app/team")
    assert "API tokens no longer work" in response.get_data(as_text=True)
    assert not works(app.test_client(), token)


def test_using_a_reset_link_revokes_tokens_made_after_the_reset(app, auth, make_rep):
    _admin(make_rep, auth)
    bob = make_rep(email="bob@acme.com", name="Bob Brown")
    link = _link_in(auth.post(f"/app/team/{bob.id}/reset", {}, form_page="/app/team"), "reset")
    # A token made between the reset and the link's use (by the operator's `landing token
    # create`, or before an upgrade that revokes on reset) must end when the link is used.
    token = _token_of(app, bob)
    stranger = app.test_client()
    assert works(stranger, token)
    path = _path(link)
    used = stranger.post(
        path,
        data={"password": NEW_PASSWORD, "again": NEW_PASSWORD,
              "csrf_token": csrf_token(stranger, path)},
    )  # fmt: skip
    assert used.status_code == 302
    assert not works(stranger, token)


def _change_password(client, **extra):
    auth = Auth(client)
    auth.login()
    data = {"current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD, **extra}
    return auth.post("/app/password", data, form_page="/app/password")


def test_a_password_change_revokes_tokens_by_default(app, client, make_rep):
    dana = make_rep()
    token = _token_of(app, dana)
    assert works(client, token)
    Auth(client).login()
    form = client.get("/app/password").get_data(as_text=True)
    assert "Also revoke my API tokens" in form
    assert 'name="revoke_tokens" value="1" checked' in form  # ticked unless the rep unticks it
    changed = _change_password(app.test_client(), revoke_tokens=["0", "1"])  # as a browser sends
    assert changed.status_code == 302
    assert not works(client, token)


def test_a_password_change_without_the_box_field_still_revokes(app, client, make_rep):
    dana = make_rep()
    token = _token_of(app, dana)
    assert _change_password(client).status_code == 302
    assert not works(app.test_client(), token)


def test_a_password_change_with_the_box_unticked_keeps_tokens(app, client, make_rep):
    dana = make_rep()
    token = _token_of(app, dana)
    assert _change_password(client, revoke_tokens="0").status_code == 302
    assert works(app.test_client(), token)
