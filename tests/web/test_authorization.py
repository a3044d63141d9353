"""Every rep-side route, found by walking the URL map: without signing in it sends you to
the login page (or answers 401 JSON), and rep B reaching for rep A's things by id gets 404
(403 on an admin's page) and changes nothing.

A new route with an id this test cannot fill fails it: add a filler to FILLERS below."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from landing.calls import background_export
from landing.data.db import get_session
from landing.data.models import Notice, Video
from landing.scripts import templates
from landing.team import api_tokens
from landing.videos import uploads
from tests.conftest import Auth, csrf_token, engage

REP_BLUEPRINTS = {"app", "studio"}
REP_PREFIXES = ("/app/", "/studio/")
# Admins' pages (views marked by admin_required): another rep is refused them, 403.
# What a request for another rep's things sends: enough to change them if it were let through.
TAMPERING = {
    "slug": "Taken-Over",
    "kind": "no_answer",
    "goal": "visit",
    "name_spelling": "spelled",
    "active": "0",
    "name": "Taken over",
    "voicemail": "Hi {{ first_name }}, taken over.",
    "email_subject": "Taken over",
    "email_body": "Taken over.",
    "text": "Taken over",
    "to": "0",
    "reassign_to": "0",
}
A_NAME = "Zebulon Quixote"  # rep A's prospect: never on any page of rep B's


def rep_side_rules(app) -> list:
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith(REP_PREFIXES) or rule.endpoint.split(".")[0] in REP_BLUEPRINTS
        ),
        key=lambda rule: rule.rule,
    )


def is_admin_only(app, rule) -> bool:
    return getattr(app.view_functions[rule.endpoint], "admin_only", False)


def methods(rule) -> list[str]:
    return sorted(rule.methods & {"GET", "POST", "PUT", "PATCH", "DELETE"})


@pytest.fixture
def rep_a_things(app, make_rep, make_prospect, prospect_client):
    """Rep A with one of everything a URL can name; the ids each route argument takes."""
    rep_a = make_rep("ann@acme.com", "Ann Ames")
    prospect = make_prospect(rep_a, first_name="Zebulon", last_name="Quixote")
    engage(prospect_client, f"/{prospect.slug}")
    with app.app_context():
        session = get_session()
        template = templates.save_template(
            session,
            rep_a,
            team=False,
            name="Ann's own",
            goal="visit",
            attempt="",
            voicemail="Hi {{ first_name }}, this is {{ rep_name }}: {{ spoken_url }}.",
            email_subject="Your page",
            email_body="Hi {{ first_name }}, {{ url }}",
        )
        notice = Notice(rep_id=rep_a.id, prospect_id=prospect.id, kind="engaged_visit", text="x")
        session.add(notice)
        session.commit()
        visit_id = session.execute(
            select(SQLModel.metadata.tables["visit"].c.id).limit(1)
        ).scalar_one()
        token_row, _token = api_tokens.create(session, rep_a, "Ann's CRM")
        video = Video(rep_id=rep_a.id, original_name="for-zebulon.webm", status="ready")
        session.add(video)
        session.commit()
        upload = uploads.create(app.instance_path, rep_a.id, "take.webm", 10, 1000)
        export_job = background_export.request(session, rep_a)
        return {
            "rep": rep_a,
            "fillers": {
                "prospect_id": prospect.id,
                "template_id": template.id,
                "key": templates.key_of(template),
                "notice_id": notice.id,
                "visit_id": visit_id,
                "rep_id": rep_a.id,
                "token_id": token_row.id,
                "video_id": video.id,
                "upload_id": upload.id,
                "job_id": export_job.id,
            },
        }


def owned_rows(app, rep_id: int, prospect_id: int) -> dict[str, list]:
    """Every row that is rep A's or A's prospect's, as it is now."""
    rows = {}
    with app.app_context():
        session = get_session()
        for table in SQLModel.metadata.sorted_tables:
            columns = table.c
            if table.name == "rep":
                where = columns.id == rep_id
            elif "rep_id" in columns:
                where = columns.rep_id == rep_id
            elif "owner_rep_id" in columns:
                where = columns.owner_rep_id == rep_id
            elif "prospect_id" in columns:
                where = columns.prospect_id == prospect_id
            else:
                continue
            found = session.execute(select(table).where(where).order_by(*table.primary_key))
            rows[table.name] = [tuple(row) for row in found]
    return rows


def fill(rule, fillers: dict) -> str:
    """The rule's path with rep A's ids in it."""
    missing = set(rule.arguments) - set(fillers)
    assert not missing, (
        f"{rule.rule} ({rule.endpoint}): no filler for {sorted(missing)}; add one to the "
        "rep_a_things fixture in tests/web/test_authorization.py so the route is covered"
    )
    _domain, path = rule.build({name: fillers[name] for name in rule.arguments})
    return path


def test_every_rep_side_route_sends_a_stranger_to_sign_in(app, client, rep_a_things):
    fillers = rep_a_things["fillers"]
    token = csrf_token(client, "/login")
    exercised = set()
    for rule in rep_side_rules(app):
        path = fill(rule, fillers)
        for method in methods(rule):
            response = client.open(path, method=method, data={"csrf_token": token})
            where = f"{method} {path}"
            if response.status_code == 401:
                assert response.is_json and response.get_json(), where
            else:
                assert response.status_code == 302, f"{where}: {response.status_code}"
                assert urlsplit(response.location).path == "/login", where
            exercised.add((rule.endpoint, method))
    expected = {(rule.endpoint, m) for rule in rep_side_rules(app) for m in methods(rule)}
    assert exercised == expected and len(expected) > 20


def test_another_reps_ids_answer_404_and_change_nothing(app, client, make_rep, rep_a_things):
    rep_a, fillers = rep_a_things["rep"], rep_a_things["fillers"]
    make_rep("ben@acme.com", "Ben Bell")
    Auth(client).login("ben@acme.com")
    token = csrf_token(client, "/app/profile")
    before = owned_rows(app, rep_a.id, fillers["prospect_id"])
    assert before["prospect"] and before["scripttemplate"] and before["notice"]
    exercised = set()
    for rule in rep_side_rules(app):
        path = fill(rule, fillers)
        for method in methods(rule):
            where = f"{method} {path}"
            # Pages without an id act on B's own things: an empty form changes nothing.
            data = {**(TAMPERING if rule.arguments else {}), "csrf_token": token}
            response = client.open(path, method=method, data=data)
            if is_admin_only(app, rule):
                assert response.status_code == 403, f"{where}: {response.status_code}"
            elif rule.arguments:
                assert response.status_code == 404, f"{where}: {response.status_code}"
            else:
                assert response.status_code < 500, where
                assert A_NAME not in response.get_data(as_text=True), where
            exercised.add((rule.endpoint, method))
    expected = {(rule.endpoint, m) for rule in rep_side_rules(app) for m in methods(rule)}
    assert exercised == expected
    assert owned_rows(app, rep_a.id, fillers["prospect_id"]) == before


def test_the_same_ids_reach_rep_as_own_things(client, rep_a_things):
    """The same requests by rep A do reach A's things: the 404s above are about the owner."""
    Auth(client).login("ann@acme.com")
    fillers = rep_a_things["fillers"]
    for endpoint, path in (
        ("app.prospect", f"/app/prospects/{fillers['prospect_id']}"),
        ("studio.edit_template", f"/app/templates/{fillers['template_id']}"),
    ):
        page = client.get(path)
        assert page.status_code == 200, endpoint
    assert A_NAME in client.get("/app/prospects").get_data(as_text=True)
