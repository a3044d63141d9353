"""The rep's side is one area: every page under /app, whichever blueprint serves it, shows
the navigation's unread badge (once /app/templates and /app/import did not), and whatever only
an admin may change answers any other rep the same way: 403 with a plain sentence (once the
team pages said 404 while the company page said 403).

The walks read the URL map, so a new page joins them by itself."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from landing.data.db import get_session
from landing.data.models import Notice, RetiredBuiltin
from landing.scripts import templates
from landing.scripts.library import BUILTINS
from landing.team import membership
from tests.conftest import Auth, csrf_token

BADGE = 'class="badge" aria-label="1 unread">1</span>'
REFUSED = "If it needs changing, ask one of your team's admins."
# The admin-only pages as the issue found them; the walk adds any view marked admin_required.
ADMIN_PAGES = {
    "app.company_settings",
    "team.members",
    "team.invite",
    "team.reset_password",
    "team.deactivate",
    "team.reassign",
}
TEMPLATE = {
    "name": "Team call",
    "goal": "visit",
    "attempt": "",
    "voicemail": "Hi {{ first_name }}, this is {{ rep_name }}: {{ spoken_url }}.",
    "email_subject": "Your page",
    "email_body": "Hi {{ first_name }}, {{ url }}",
}


def _unread_notice(app, rep, prospect=None) -> None:
    with app.app_context():
        session = get_session()
        session.add(Notice(rep_id=rep.id, prospect_id=prospect and prospect.id, kind="x", text="x"))
        session.commit()


def _pages_without_ids(app) -> list[str]:
    """Every GET page under /app that needs no id, as the URL map lists them."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/app/") and "GET" in rule.methods and not rule.arguments
    )


def _html(response) -> str | None:
    return response.get_data(as_text=True) if response.mimetype == "text/html" else None


def test_every_app_page_shows_the_unread_badge(app, client, auth, make_rep, make_prospect):
    admin = make_rep(admin=True)
    rob = make_prospect(admin)
    _unread_notice(app, admin, rob)
    with app.app_context():
        mine = templates.save_template(get_session(), admin, team=False, **TEMPLATE)
        _row, invite_token = membership.invite(get_session(), None, "eve@acme.com")
    auth.login()
    pages = _pages_without_ids(app)
    assert {"/app/templates", "/app/import", "/app/", "/app/team"} <= set(pages)
    # Opening the notifications marks them read: that page goes last.
    pages.sort(key=lambda path: path == "/app/notifications")
    with_ids = [
        f"/app/prospects/{rob.id}",
        f"/app/templates/{mine.id}",
        f"/join/{invite_token}",  # a signed-in rep's nav on a page outside /app, too
    ]
    shown, missing = [], []
    for path in with_ids + pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = _html(response)
        if html is None:  # /app/live's JSON, /app/export.csv
            continue
        (shown if BADGE in html else missing).append(path)
    assert not missing, f"no unread badge on {missing}"
    assert len(shown) >= 12
    # Pages a form answers with are the same pages: an upload's preview, a form's errors.
    _unread_notice(app, admin)
    preview = client.post(
        "/app/import",
        data={
            "csrf_token": csrf_token(client, "/app/import"),
            "file": (io.BytesIO(b"first_name,last_name\nAda,Lovelace\n"), "list.csv"),
        },
    )
    assert preview.status_code == 200 and BADGE in _html(preview)
    wrong = auth.post("/app/profile", {"email": "not an email"}, "/app/profile")
    assert wrong.status_code == 400 and BADGE in _html(wrong)


def test_a_non_admin_is_refused_every_admin_page_the_same_way(app, client, auth, make_rep):
    admin = make_rep("ann@acme.com", "Ann Admin", admin=True)
    make_rep()
    admin_only = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "admin_only", False)
    }
    with app.app_context():
        shared = templates.save_template(get_session(), admin, team=True, **TEMPLATE)
    auth.login()
    token = csrf_token(client, "/app/")
    requests = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ADMIN_PAGES | admin_only:
            path = rule.build({name: admin.id for name in rule.arguments})[1]
            requests += [(m, path) for m in sorted(rule.methods & {"GET", "POST"})]
    assert len(requests) >= 7
    # What only admins change inside pages every rep uses: the team's templates, the
    # built-ins' rotation, publishing a template to the team.
    requests += [
        ("GET", f"/app/templates/{shared.id}"),
        ("POST", f"/app/templates/{shared.id}"),
        ("POST", f"/app/templates/{shared.id}/active"),
        ("POST", f"/app/templates/{BUILTINS[0].key}/active"),
        ("POST", "/app/templates/new"),
    ]
    form = {
        **TEMPLATE,
        "name": "Taken over",
        "scope": "team",
        "active": "0",
        "email": "eve@acme.com",
        "is_admin": "1",
        "to": "2",
        "reassign_to": "2",
        "csrf_token": token,
    }
    answers = {}
    for method, path in requests:
        response = client.open(path, method=method, data=form)
        answers[f"{method} {path}"] = response.status_code, response.get_data(as_text=True)
    statuses = {where: status for where, (status, _) in answers.items()}
    assert set(statuses.values()) == {403}, statuses
    for where, (_, html) in answers.items():
        assert REFUSED in html, where
    assert ADMIN_PAGES <= admin_only, "every admin page goes through admin_required"
    # A script asking for JSON gets the same answer in JSON.
    refused = client.get("/app/team", headers={"Accept": "application/json"})
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "admin_only"
    # Nothing changed.
    with app.app_context():
        session = get_session()
        assert session.get(type(shared), shared.id).name == TEMPLATE["name"]
        assert session.get(RetiredBuiltin, BUILTINS[0].key) is None
        names = [item.template.name for item in templates.library(session, admin)]
        assert "Taken over" not in names
        assert not membership.pending_invites(session)
        assert session.get(type(admin), admin.id).active


def test_another_reps_template_stays_hidden_not_refused(app, client, auth, make_rep):
    """404 is for what a rep may not know about; 403 only for what every rep sees."""
    sam = make_rep("sam@acme.com", "Sam Ortiz")
    make_rep()
    with app.app_context():
        theirs = templates.save_template(get_session(), sam, team=False, **TEMPLATE)
    auth.login()
    assert client.get(f"/app/templates/{theirs.id}").status_code == 404
    assert auth.post(f"/app/templates/{theirs.id}/active", {"active": "0"}).status_code == 404


def test_only_admins_see_links_to_admin_pages(app, client, make_rep):
    make_rep(admin=True)
    make_rep("sam@acme.com", "Sam Ortiz")
    admin_links = ('href="/app/company"', 'href="/app/team"')
    builtin_rotation = f'action="/app/templates/{BUILTINS[0].key}/active"'

    Auth(client).login("sam@acme.com")
    for path in ("/app/", "/app/templates", "/app/profile"):
        html = client.get(path).get_data(as_text=True)
        assert not any(link in html for link in admin_links), path
    assert builtin_rotation not in client.get("/app/templates").get_data(as_text=True)
    Auth(client).logout()

    Auth(client).login()
    html = client.get("/app/").get_data(as_text=True)
    assert all(link in html for link in admin_links)
    assert builtin_rotation in client.get("/app/templates").get_data(as_text=True)


def test_the_area_still_asks_strangers_to_sign_in(client):
    for path in ("/app/templates", "/app/import", "/app/team", "/app/password"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert urlsplit(response.location).path == "/login", path
    live = client.get("/app/live", headers={"Accept": "application/json"})
    assert live.status_code == 401 and live.get_json()["error"]["code"] == "signed_out"
    # Paths no /app rule claims are the public pages' to answer, as before.
    assert client.get("/app/no-such-page").status_code == 404
