"""The team: invite links, deactivating and reassigning, password resets and changes."""

import html
import re
from datetime import timedelta

from sqlmodel import select

from landing.core.clock import utcnow
from landing.data.db import get_session
from landing.data.models import Invite, Rep
from tests.conftest import PASSWORD, Auth, csrf_token

NEW_PASSWORD = "a brand new passphrase"
GONE = "This link has expired or was already used."


def _admin(make_rep, auth):
    admin = make_rep(email="ann@acme.com", name="Ann Admin", admin=True)
    assert auth.login(email="ann@acme.com").status_code == 302
    return admin


def _link_in(response, kind: str) -> str:
    text = html.unescape(response.get_data(as_text=True))
    match = re.search(rf'value="(https://acme\.com/{kind}/[^"]+)"', text)
    assert match, f"no {kind} link shown"
    return match.group(1)


def _path(link: str) -> str:
    return link.removeprefix("https://acme.com")


def _invite(auth, email="sam@acme.com", **extra) -> str:
    response = auth.post("/app/team/invite", {"email": email, **extra}, form_page="/app/team")
    assert response.status_code == 200
    return _link_in(response, "join")


def _fill(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def _join(client, link, name="Sam Ortiz", password=NEW_PASSWORD, again=None):
    data = {"name": name, "password": password, "again": password if again is None else again}
    return _fill(client, _path(link), data)


def _set_expiry(app, when):
    with app.app_context():
        session = get_session()
        for row in session.exec(select(Invite)).all():
            row.expires_at = when
            session.add(row)
        session.commit()


def _rep(app, email) -> Rep:
    with app.app_context():
        return get_session().exec(select(Rep).where(Rep.email == email)).one()


def test_invite_join_then_sign_in(app, client, auth, make_rep):
    _admin(make_rep, auth)
    link = _invite(auth, "Sam@Acme.com")
    team_page = client.get("/app/team").get_data(as_text=True)
    assert "sam@acme.com" in team_page  # listed as waiting
    assert link.split("/")[-1] not in team_page  # the link itself is shown once only

    newcomer = app.test_client()
    form = newcomer.get(_path(link))
    assert form.status_code == 200
    assert "sam@acme.com" in form.get_data(as_text=True)
    joined = _join(newcomer, link)
    assert joined.status_code == 302 and joined.headers["Location"] == "/login"
    assert "Your account is ready" in newcomer.get("/login").get_data(as_text=True)

    assert Auth(newcomer).login(email="sam@acme.com", password=NEW_PASSWORD).status_code == 302
    dashboard = newcomer.get("/app/").get_data(as_text=True)
    assert "Sign out" in dashboard and ">Team<" not in dashboard
    assert not _rep(app, "sam@acme.com").is_admin


def test_an_admin_invite_makes_an_admin(app, auth, make_rep):
    _admin(make_rep, auth)
    link = _invite(auth, is_admin="1")
    _join(app.test_client(), link)
    assert _rep(app, "sam@acme.com").is_admin


def test_a_join_link_works_once(app, auth, make_rep):
    _admin(make_rep, auth)
    link = _invite(auth)
    assert _join(app.test_client(), link).status_code == 302
    assert app.test_client().get(_path(link)).status_code == 404
    client = app.test_client()
    token = csrf_token(client, "/login")  # the link's page no longer has a form
    reused = client.post(
        _path(link),
        data={"name": "Eve", "password": NEW_PASSWORD, "again": NEW_PASSWORD, "csrf_token": token},
    )
    assert reused.status_code == 404 and GONE in reused.get_data(as_text=True)
    with app.app_context():
        assert get_session().exec(select(Rep).where(Rep.name == "Eve")).first() is None


def test_expired_and_unknown_links_get_the_same_answer(app, auth, make_rep):
    _admin(make_rep, auth)
    link = _invite(auth)
    _set_expiry(app, utcnow() - timedelta(seconds=1))
    expired = app.test_client().get(_path(link))
    unknown = app.test_client().get("/join/not-a-token")
    unknown_reset = app.test_client().get("/reset/not-a-token")
    for response in (expired, unknown, unknown_reset):
        assert response.status_code == 404
        assert GONE in response.get_data(as_text=True)


def test_join_form_errors_keep_the_link_usable(app, auth, make_rep):
    _admin(make_rep, auth)
    link = _invite(auth)
    newcomer = app.test_client()
    for data, message in (
        ({"password": "short"}, "At least 12 characters."),
        ({"password": "qwertyuiop123"}, "most common passwords"),
        ({"again": "something else entirely"}, "The two passwords are not the same."),
        ({"name": ""}, "Required."),
    ):
        response = _join(newcomer, link, **data)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert _join(newcomer, link).status_code == 302


def test_invite_refuses_a_taken_email_and_a_newer_one_replaces_the_old(app, client, auth, make_rep):
    _admin(make_rep, auth)
    taken = auth.post("/app/team/invite", {"email": "ann@acme.com"}, form_page="/app/team")
    assert taken.status_code == 400
    assert "already exists" in taken.get_data(as_text=True)
    bad = auth.post("/app/team/invite", {"email": "not an email"}, form_page="/app/team")
    assert bad.status_code == 400 and "Not a valid email" in bad.get_data(as_text=True)
    first, second = _invite(auth), _invite(auth)
    assert app.test_client().get(_path(first)).status_code == 404
    assert _join(app.test_client(), second).status_code == 302


def test_deactivated_rep_cannot_sign_in_and_their_pages_show_the_new_owner(
    app, client, auth, make_rep, make_prospect, prospect_client
):
    bob = make_rep(email="bob@acme.com", name="Bob Brown")
    make_prospect(bob)
    bob_browser = app.test_client()
    Auth(bob_browser).login(email="bob@acme.com")
    assert "Bob made this page" in prospect_client.get("/Rob-Mason").get_data(as_text=True)

    admin = _admin(make_rep, auth)
    response = auth.post(
        f"/app/team/{bob.id}/deactivate", {"reassign_to": admin.id}, form_page="/app/team"
    )
    assert response.status_code == 302
    page = client.get("/app/team").get_data(as_text=True)
    assert "Bob Brown is deactivated; 1 prospects moved to Ann Admin." in page
    assert "Deactivated" in page

    assert bob_browser.get("/app/").status_code == 302  # signed out at once
    assert Auth(app.test_client()).login(email="bob@acme.com").status_code == 401
    text = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert "Ann made this page" in text and "Bob" not in text
    assert "Rob Mason" in client.get("/app/prospects").get_data(as_text=True)


def test_deactivate_needs_another_active_rep_to_take_the_prospects(app, client, auth, make_rep):
    bob = make_rep(email="bob@acme.com", name="Bob Brown")
    _admin(make_rep, auth)
    auth.post(f"/app/team/{bob.id}/deactivate", {"reassign_to": bob.id}, form_page="/app/team")
    assert "Choose an active rep other than Bob Brown." in client.get("/app/team").get_data(
        as_text=True
    )
    assert _rep(app, "bob@acme.com").active


def test_cannot_deactivate_yourself_or_the_last_admin(app, client, auth, make_rep, runner):
    bob = make_rep(email="bob@acme.com", name="Bob Brown")
    admin = _admin(make_rep, auth)
    auth.post(f"/app/team/{admin.id}/deactivate", {"reassign_to": bob.id}, form_page="/app/team")
    assert "You cannot deactivate yourself." in client.get("/app/team").get_data(as_text=True)
    assert _rep(app, "ann@acme.com").active

    last = runner.invoke(["rep", "deactivate", "ann@acme.com", "--reassign-to", "bob@acme.com"])
    assert last.exit_code == 1
    assert "Ann Admin is the last active admin." in last.output
    assert _rep(app, "ann@acme.com").active


def test_reassign_moves_every_prospect_and_pages_follow(
    app, client, auth, make_rep, make_prospect, prospect_client
):
    bob = make_rep(email="bob@acme.com", name="Bob Brown")
    carol = make_rep(email="carol@acme.com", name="Carol Chen")
    make_prospect(bob)
    make_prospect(bob, first_name="Ada", last_name="Lovelace")
    assert "Bob made this page" in prospect_client.get("/Rob-Mason").get_data(as_text=True)
    _admin(make_rep, auth)
    auth.post(f"/app/team/{bob.id}/reassign", {"to": carol.id}, form_page="/app/team")
    assert "2 prospects moved from Bob Brown to Carol Chen." in client.get("/app/team").get_data(
        as_text=True
    )
    assert "Carol made this page" in prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert _rep(app, "bob@acme.com").active


def test_a_rep_who_is_not_an_admin_gets_403_on_every_admin_route(client, auth, make_rep):
    admin = make_rep(email="ann@acme.com", name="Ann Admin", admin=True)
    make_rep()
    auth.login()
    assert ">Team<" not in client.get("/app/").get_data(as_text=True)
    assert client.get("/app/team").status_code == 403
    for path, data in (
        ("/app/team/invite", {"email": "eve@acme.com"}),
        (f"/app/team/{admin.id}/reset", {}),
        (f"/app/team/{admin.id}/deactivate", {"reassign_to": "2"}),
        (f"/app/team/{admin.id}/reassign", {"to": "2"}),
    ):
        assert auth.post(path, data).status_code == 403, path


def test_team_pages_need_a_sign_in_and_posts_need_csrf(client, auth, make_rep):
    for path in ("/app/team", "/app/password"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    _admin(make_rep, auth)
    assert client.post("/app/team/invite", data={"email": "eve@acme.com"}).status_code == 400
    assert "eve@acme.com" not in client.get("/app/team").get_data(as_text=True)


def test_force_reset_signs_the_rep_out_and_the_link_sets_a_new_password(
    app, client, auth, make_rep
):
    bob = make_rep(email="bob@acme.com", name="Bob Brown")
    bob_browser = app.test_client()
    Auth(bob_browser).login(email="bob@acme.com")
    assert bob_browser.get("/app/").status_code == 200

    _admin(make_rep, auth)
    response = auth.post(f"/app/team/{bob.id}/reset", {}, form_page="/app/team")
    assert response.status_code == 200
    link = _link_in(response, "reset")
    assert response.headers["Referrer-Policy"] == "no-referrer"

    signed_out = bob_browser.get("/app/")
    assert signed_out.status_code == 302 and signed_out.headers["Location"].startswith("/login")
    assert Auth(app.test_client()).login(email="bob@acme.com").status_code == 401

    short = _fill(bob_browser, _path(link), {"password": "short", "again": "short"})
    assert short.status_code == 400 and "At least 12 characters." in short.get_data(as_text=True)
    done = _fill(bob_browser, _path(link), {"password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert Auth(bob_browser).login(email="bob@acme.com", password=NEW_PASSWORD).status_code == 302
    assert bob_browser.get("/app/").status_code == 200
    assert app.test_client().get(_path(link)).status_code == 404  # used


def test_an_expired_reset_link_is_refused(app, auth, make_rep):
    bob = make_rep(email="bob@acme.com", name="Bob Brown")
    _admin(make_rep, auth)
    link = _link_in(auth.post(f"/app/team/{bob.id}/reset", {}, form_page="/app/team"), "reset")
    _set_expiry(app, utcnow() - timedelta(seconds=1))
    response = app.test_client().get(_path(link))
    assert response.status_code == 404 and GONE in response.get_data(as_text=True)


def test_change_password_needs_the_current_one_and_signs_out(app, client, auth, make_rep):
    make_rep()
    auth.login()
    for data, message in (
        ({"current": "not my password", "new": NEW_PASSWORD}, "This is not your current password."),
        ({"current": PASSWORD, "new": "short"}, "At least 12 characters."),
        ({"current": PASSWORD, "new": "password123456"}, "most common passwords"),
        ({"current": PASSWORD, "new": NEW_PASSWORD, "again": "typo"}, "not the same"),
    ):
        data.setdefault("again", data["new"])
        response = auth.post("/app/password", data, form_page="/app/password")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)

    other_browser = app.test_client()
    Auth(other_browser).login()
    changed = auth.post(
        "/app/password",
        {"current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD},
        form_page="/app/password",
    )
    assert changed.status_code == 302 and changed.headers["Location"] == "/login"
    assert "Sign in with the new one" in client.get("/login").get_data(as_text=True)
    assert client.get("/app/").status_code == 302
    assert other_browser.get("/app/").status_code == 302  # every session ended
    assert auth.login().status_code == 401
    assert auth.login(password=NEW_PASSWORD).status_code == 302


def test_cli_invite_prints_a_link_that_works(app, runner, make_rep):
    make_rep(email="ann@acme.com", name="Ann Admin", admin=True)
    result = runner.invoke(["rep", "invite", "sam@acme.com", "--admin"])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("https://acme.com/join/")
    assert _join(app.test_client(), link).status_code == 302
    assert _rep(app, "sam@acme.com").is_admin

    taken = runner.invoke(["rep", "invite", "sam@acme.com"])
    assert taken.exit_code == 1 and "already exists" in taken.output
    bad = runner.invoke(["rep", "invite", "not-an-email"])
    assert bad.exit_code == 1 and "email" in bad.output


def test_cli_reset_and_deactivate(app, runner, make_rep, make_prospect):
    make_rep(email="ann@acme.com", name="Ann Admin", admin=True)
    bob = make_rep(email="bob@acme.com", name="Bob Brown")
    make_prospect(bob)

    reset = runner.invoke(["rep", "reset", "bob@acme.com"])
    assert reset.exit_code == 0, reset.output
    link = reset.output.strip().splitlines()[-1]
    assert link.startswith("https://acme.com/reset/")
    assert Auth(app.test_client()).login(email="bob@acme.com").status_code == 401
    unknown = runner.invoke(["rep", "reset", "nobody@acme.com"])
    assert unknown.exit_code == 1 and "no rep with email nobody@acme.com" in unknown.output

    same = runner.invoke(["rep", "deactivate", "bob@acme.com", "--reassign-to", "bob@acme.com"])
    assert same.exit_code == 1 and "Choose an active rep other than Bob Brown" in same.output
    done = runner.invoke(["rep", "deactivate", "bob@acme.com", "--reassign-to", "ann@acme.com"])
    assert done.exit_code == 0, done.output
    assert "Deactivated Bob Brown; 1 prospects moved to Ann Admin." in done.output
    assert not _rep(app, "bob@acme.com").active
    # A deactivated rep's reset link no longer works.
    assert app.test_client().get(_path(link)).status_code == 404
    twice = runner.invoke(["rep", "deactivate", "bob@acme.com", "--reassign-to", "ann@acme.com"])
    assert twice.exit_code == 1 and "already deactivated" in twice.output
