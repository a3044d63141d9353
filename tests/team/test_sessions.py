"""Server-side sessions: a new session at sign-in, signing out ends it wherever its cookie
was copied, idle and absolute timeouts, deactivation, and the cookie's flags."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from landing.core import stored_secrets
from landing.core.clock import utcnow
from landing.data.db import get_session
from landing.data.models import Rep, RepSession, Visit
from landing.team import sessions
from tests.conftest import BROWSER_UA, PASSWORD, csrf_token

COOKIE = "session"


def session_cookie(client) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie else None


def with_cookie(app, value: str):
    """A fresh browser holding a copy of someone's session cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def rows(app) -> list[RepSession]:
    with app.app_context():
        return list(get_session().exec(select(RepSession)))


def move_back(app, **fields: timedelta) -> None:
    """Age every session row: created_at and/or last_seen_at moved into the past."""
    with app.app_context():
        session = get_session()
        for row in session.exec(select(RepSession)):
            for field, by in fields.items():
                setattr(row, field, getattr(row, field) - by)
            session.add(row)
        session.commit()


def test_sign_in_starts_a_new_session(app, client, auth, make_rep):
    make_rep()
    client.get("/login")
    before = session_cookie(client)
    assert before  # the CSRF token lives in the session before anyone signs in
    auth.login()
    after = session_cookie(client)
    assert after and after != before
    (row,) = rows(app)
    assert with_cookie(app, after).get("/app/").status_code == 200
    # The cookie from before sign-in (one an attacker could have planted) is still nobody.
    assert with_cookie(app, before).get("/app/").status_code == 302
    # The cookie carries a token; the database only its hash, useless as a cookie.
    token = app.session_interface.get_signing_serializer(app).loads(after)["sid"]
    assert row.id == stored_secrets.digest(token) != token


def test_sign_out_ends_the_session_for_every_copy_of_the_cookie(app, client, auth, make_rep):
    make_rep()
    auth.login()
    copied = session_cookie(client)
    assert with_cookie(app, copied).get("/app/").status_code == 200
    assert auth.logout().status_code == 302
    assert rows(app) == []
    assert client.get("/app/").status_code == 302
    replayed = with_cookie(app, copied).get("/app/")
    assert replayed.status_code == 302
    assert replayed.headers["Location"].startswith("/login")


def test_sign_out_is_a_post(client, auth, make_rep):
    make_rep()
    auth.login()
    # A link or an image on another site cannot sign anyone out.
    assert client.get("/logout").status_code in (404, 405)
    assert client.get("/app/").status_code == 200


def test_idle_session_ends_after_twelve_hours(app, client, auth, make_rep):
    make_rep()
    auth.login()
    move_back(app, last_seen_at=timedelta(hours=11, minutes=50))
    assert client.get("/app/").status_code == 200
    # That request counted as activity: another 11h50 later the session still lives.
    move_back(app, last_seen_at=timedelta(hours=11, minutes=50))
    assert client.get("/app/").status_code == 200
    move_back(app, last_seen_at=timedelta(hours=12, minutes=1))
    response = client.get("/app/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert rows(app) == []


def test_session_ends_after_seven_days_however_active(app, client, auth, make_rep):
    make_rep()
    auth.login()
    move_back(app, created_at=timedelta(days=6, hours=23))
    assert client.get("/app/").status_code == 200
    move_back(app, created_at=timedelta(hours=2))
    assert client.get("/app/").status_code == 302
    assert rows(app) == []


def test_timeouts_are_settings(app, client, auth, make_rep):
    app.config["SESSION_IDLE_HOURS"] = 1
    make_rep()
    auth.login()
    move_back(app, last_seen_at=timedelta(minutes=61))
    assert client.get("/app/").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(app, client, auth, make_rep):
    make_rep()
    auth.login()
    move_back(app, last_seen_at=timedelta(seconds=30))
    (row,) = rows(app)
    client.get("/app/")
    assert rows(app)[0].last_seen_at == row.last_seen_at
    move_back(app, last_seen_at=timedelta(minutes=2))
    client.get("/app/")
    assert utcnow() - rows(app)[0].last_seen_at < timedelta(seconds=10)


def test_a_deactivated_reps_session_stops_working(app, client, auth, make_rep):
    rep = make_rep()
    auth.login()
    assert client.get("/app/").status_code == 200
    with app.app_context():
        session = get_session()
        stored = session.get(Rep, rep.id)
        stored.active = False
        session.commit()
    assert client.get("/app/").status_code == 302
    assert rows(app) == []


def test_end_all_signs_a_rep_out_everywhere(app, client, auth, make_rep):
    rep = make_rep()
    make_rep(email="sam@acme.com", name="Sam Ortiz")
    auth.login()
    phone = app.test_client()
    token = csrf_token(phone, "/login")
    phone.post("/login", data={"email": "dana@acme.com", "password": PASSWORD, "csrf_token": token})
    sam = app.test_client()
    token = csrf_token(sam, "/login")
    sam.post("/login", data={"email": "sam@acme.com", "password": PASSWORD, "csrf_token": token})
    with app.app_context():
        assert sessions.end_all(get_session(), rep.id) == 2
    assert client.get("/app/").status_code == 302
    assert phone.get("/app/").status_code == 302
    assert sam.get("/app/").status_code == 200


def test_expired_sessions_are_deleted_at_sign_in(app, client, auth, make_rep):
    make_rep()
    auth.login()
    move_back(app, last_seen_at=timedelta(days=1))
    other = app.test_client()
    token = csrf_token(other, "/login")
    other.post("/login", data={"email": "dana@acme.com", "password": PASSWORD, "csrf_token": token})
    (row,) = rows(app)
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)


def set_cookie_headers(response, name: str) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")]


def test_cookie_is_httponly_and_lax_and_secure_only_over_https(app, make_rep):
    make_rep()
    plain = app.test_client()
    (cookie,) = set_cookie_headers(plain.get("/login"), COOKIE)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie

    tls = app.test_client()
    https = {"base_url": "https://localhost"}
    page = tls.get("/login", **https)
    (cookie,) = set_cookie_headers(page, COOKIE)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token = csrf_token(tls, "https://localhost/login")
    signed_in = tls.post(
        "/login",
        data={"email": "dana@acme.com", "password": PASSWORD, "csrf_token": token},
        headers={"Referer": "https://localhost/login"},  # Flask-WTF checks it over https
        **https,
    )
    assert signed_in.status_code == 302
    for name in (COOKIE, "lrep"):
        (cookie,) = set_cookie_headers(signed_in, name)
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie, name
    assert tls.get("/app/", **https).status_code == 200


def test_a_signed_out_cookie_no_longer_makes_a_visit_the_reps(
    app, client, auth, make_rep, make_prospect
):
    make_prospect(make_rep())
    auth.login()
    copied = session_cookie(client)
    auth.logout()
    stranger = with_cookie(app, copied)  # the session cookie only, no rep-browser cookie
    stranger.get("/Rob-Mason", headers={"User-Agent": BROWSER_UA})
    with app.app_context():
        (visit,) = get_session().exec(select(Visit))
    assert visit.classification != "rep"


def test_secure_cookie_can_be_forced_for_a_proxy_that_hides_https(app):
    app.config["SESSION_COOKIE_SECURE"] = True
    (cookie,) = set_cookie_headers(app.test_client().get("/login"), COOKIE)
    assert "Secure" in cookie


def test_the_apps_own_json_calls_get_401_when_signed_out(client):
    live = client.get("/app/live", headers={"Accept": "application/json"})
    assert live.status_code == 401
    assert live.get_json()["error"]["code"] == "signed_out"
    page = client.get("/app/prospects/1")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login?next=")
