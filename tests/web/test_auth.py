"""Signing in and out, CSRF, and who may see what."""

from tests.conftest import PASSWORD, csrf_token


def test_every_rep_page_needs_a_login(client):
    for path in (
        "/app/",
        "/app/prospects",
        "/app/prospects/1",
        "/app/notifications",
        "/app/profile",
        "/app/company",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next=")


def test_sign_in_and_out(client, auth, make_rep):
    make_rep()
    response = auth.login()
    assert response.status_code == 302
    assert response.headers["Location"] == "/app/"
    assert "Sign out" in client.get("/app/").get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert client.get("/app/").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, auth, make_rep):
    make_rep()
    wrong = auth.login(password="not the password")
    unknown = auth.login(email="nobody@acme.com")
    nul = auth.login(email="dana\x00@acme.com")  # a NUL, which PostgreSQL refuses in queries
    assert wrong.status_code == unknown.status_code == nul.status_code == 401
    assert "Wrong email or password." in wrong.get_data(as_text=True)
    assert "Wrong email or password." in unknown.get_data(as_text=True)
    assert client.get("/app/").status_code == 302


def test_deactivated_rep_cannot_sign_in(app, auth, make_rep):
    rep = make_rep()
    with app.app_context():
        from landing.data.db import get_session

        session = get_session()
        rep = session.merge(rep)
        rep.active = False
        session.commit()
    assert auth.login().status_code == 401


def test_login_without_csrf_token_is_refused(client, make_rep):
    make_rep()
    response = client.post("/login", data={"email": "dana@acme.com", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/app/").status_code == 302


def test_forms_refuse_posts_without_csrf_token(client, auth, make_rep):
    make_rep(admin=True)
    auth.login()
    for path, data in (
        ("/app/prospects", {"first_name": "Rob"}),
        ("/app/profile", {"name": "X", "email": "x@acme.com"}),
        ("/app/company", {"name": "Evil"}),
        ("/logout", {}),
    ):
        assert client.post(path, data=data).status_code == 400, path
    assert "Rob" not in client.get("/app/prospects").get_data(as_text=True)


def test_next_after_login_is_local_only(client, make_rep):
    make_rep()
    for target, expected in (
        ("/app/profile", "/app/profile"),
        ("https://evil.example/", "/app/"),
        ("//evil.example/", "/app/"),
        ("/\\evil.example", "/app/"),
    ):
        token = csrf_token(client, "/login")
        response = client.post(
            "/login?next=" + target,
            data={"email": "dana@acme.com", "password": PASSWORD, "csrf_token": token},
        )
        assert response.headers["Location"] == expected, target
        client.post("/logout", data={"csrf_token": csrf_token(client, "/app/")})


def test_another_reps_prospect_is_a_404(client, auth, make_rep, make_prospect):
    make_rep()
    other = make_rep(email="sam@acme.com", name="Sam Ortiz")
    theirs = make_prospect(other)
    auth.login()
    assert client.get(f"/app/prospects/{theirs.id}").status_code == 404
    dashboard = client.get("/app/").get_data(as_text=True)
    assert "Rob Mason" not in dashboard
    assert "Rob Mason" not in client.get("/app/prospects").get_data(as_text=True)


def test_company_settings_are_for_admins_only(client, auth, make_rep):
    make_rep()
    auth.login()
    assert client.get("/app/company").status_code == 403
    assert "/app/company" not in client.get("/app/").get_data(as_text=True)
