"""The JSON API as a CRM uses it: a rep's token, the rep's own prospects, JSON errors.

Every answer is also checked against the OpenAPI document (tests/web/test_openapi.py)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import CallOutcome, Prospect, Voicemail
from landing.team import api_tokens, membership
from tests.conftest import Auth, engage
from tests.web.test_openapi import assert_documented

API = "/api/v1"
ROB = {
    "first_name": "Rob",
    "last_name": "Mason",
    "company": "Acme Logistics",
    "email": "rob@acmelogistics.com",
    "phone": "+1 415 555 0199",
    "outcome": "fewer late shipments",
}


@pytest.fixture
def dana(make_rep):
    return make_rep(phone="+1 555 010 0199")


def token_for(app, rep, name="CRM") -> str:
    with app.app_context():
        return api_tokens.create(get_session(), rep, name)[1]


@pytest.fixture
def api(app, client, dana):
    """A client that sends Dana's token, and checks each answer against the document."""
    return Api(client, token_for(app, dana))


class Api:
    def __init__(self, client, token: str):
        self.client, self.token = client, token

    def call(self, method: str, path: str, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        response = self.client.open(API + path, method=method, headers=headers, **kwargs)
        assert_documented(response, API + path, method)
        return response

    def get(self, path: str, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.call("POST", path, **kwargs)


def test_creating_a_prospect_gives_url_spoken_url_script_and_email(api):
    response = api.post("/prospects", json=ROB)
    assert response.status_code == 201
    data = response.get_json()
    assert response.headers["Location"] == f"{API}/prospects/Rob-Mason"
    assert data["slug"] == "Rob-Mason"
    assert data["url"] == "https://acme.com/Rob-Mason"
    assert data["spoken_url"] == "acme dot com forward slash Rob hyphen Mason"
    assert data["spoken_url"] in data["script"] and "Rob" in data["script"]
    assert 5 < data["seconds"] < 60
    assert data["email_subject"] and "https://acme.com/Rob-Mason" in data["email_body"]
    assert data["phone"] == "+14155550199" and data["attempt"] == 1
    assert data["slug_warning"] is None
    # The same name again (confirmed: it is someone else) gets its own speakable slug,
    # company first.
    again = api.post("/prospects", json={**ROB, "allow_duplicate": True}).get_json()
    assert again["slug"] == "Rob-Mason-Acme"
    # A company of one very long word still leaves a slug that fits (PostgreSQL refused
    # the 61 characters it once made).
    long_company = api.post(
        "/prospects", json={**ROB, "company": "Z" * 120, "allow_duplicate": True}
    )
    assert long_company.status_code == 201
    slug = long_company.get_json()["slug"]
    assert slug.startswith("Rob-Mason-Z") and len(slug) <= 60


def test_list_get_calls_and_visits(api, prospect_client):
    for first in ("Ada", "Bo", "Cy"):
        person = {**ROB, "first_name": first, "email": f"{first.lower()}@acmelogistics.com"}
        assert api.post("/prospects", json=person).status_code == 201
    first_page = api.get("/prospects?limit=2").get_json()
    assert [p["slug"] for p in first_page["prospects"]] == ["Cy-Mason", "Bo-Mason"]
    after = first_page["next_after"]
    second_page = api.get(f"/prospects?limit=2&after={after}").get_json()
    assert [p["slug"] for p in second_page["prospects"]] == ["Ada-Mason"]
    assert second_page["next_after"] is None

    # Any spelling of the slug's letters finds the prospect, as the page does.
    one = api.get("/prospects/bo-mason").get_json()
    assert one["slug"] == "Bo-Mason" and one["script"] and one["attempt"] == 1

    assert api.get("/calls").get_json() == {"calls": []}
    engage(prospect_client, "/Bo-Mason")
    calls = api.get("/calls").get_json()["calls"]
    assert [c["slug"] for c in calls] == ["Bo-Mason"] and calls[0]["hot"] is True
    visits = api.get("/prospects/Bo-Mason/visits").get_json()["visits"]
    assert [v["classification"] for v in visits] == ["engaged"]
    assert visits[0]["device"] == "iPhone · Safari · iOS 17.4"
    assert [step["what"] for step in visits[0]["timeline"]] == ["on screen"]
    assert api.get("/prospects/Ada-Mason/visits").get_json() == {"visits": [], "next_after": None}


def test_visits_page_through_all_of_them(api, client):
    assert api.post("/prospects", json=ROB).status_code == 201
    for n in range(5):
        client.get("/Rob-Mason", headers={"User-Agent": f"Agent{n}/1.0 (iPhone; iOS 17.4)"})
    first = api.get("/prospects/Rob-Mason/visits?limit=3").get_json()
    assert [v["user_agent"][:6] for v in first["visits"]] == ["Agent4", "Agent3", "Agent2"]
    assert first["next_after"] == first["visits"][-1]["id"]
    rest = api.get(f"/prospects/Rob-Mason/visits?limit=3&after={first['next_after']}").get_json()
    assert [v["user_agent"][:6] for v in rest["visits"]] == ["Agent1", "Agent0"]
    assert rest["next_after"] is None
    bad = api.get("/prospects/Rob-Mason/visits?limit=5000")
    assert bad.status_code == 422 and "limit" in bad.get_json()["error"]["fields"]


def test_logging_a_voicemail_moves_the_series_and_returns_the_next_script(app, api):
    first_script = api.post("/prospects", json=ROB).get_json()["script"]
    response = api.post("/prospects/Rob-Mason/voicemails")
    assert response.status_code == 201
    data = response.get_json()
    assert data["voicemail"]["attempt"] == 1 and data["voicemail"]["template"]
    assert data["prospect"]["voicemails_left"] == 1 and data["prospect"]["attempt"] == 2
    assert data["prospect"]["script"] != first_script  # voicemail 2 says something new
    second = api.post("/prospects/Rob-Mason/voicemails", json={"goal": "callback"})
    assert second.get_json()["voicemail"] | {"at": None} == {
        "attempt": 2,
        "goal": "callback",
        "template": second.get_json()["voicemail"]["template"],
        "at": None,
    }
    with app.app_context():
        assert len(get_session().exec(Voicemail.__table__.select()).all()) == 2
    for key in ("no-such-template", "\u00b2", "9" * 20, "<script>"):
        bad = api.post("/prospects/Rob-Mason/voicemails", json={"template": key})
        assert bad.status_code == 422 and "template" in bad.get_json()["error"]["fields"], key
    # With a template named, the attempt is still checked (2**40 broke PostgreSQL's integer).
    for attempt in (0, -5, 100, 2**40):
        body = {"template": data["voicemail"]["template"], "attempt": attempt}
        bad = api.post("/prospects/Rob-Mason/voicemails", json=body)
        assert bad.status_code == 422 and "attempt" in bad.get_json()["error"]["fields"], attempt
    with app.app_context():
        assert len(get_session().exec(Voicemail.__table__.select()).all()) == 2


def test_logging_call_outcomes(app, api):
    api.post("/prospects", json=ROB)
    response = api.post("/prospects/Rob-Mason/outcomes", json={"kind": "no_answer"})
    assert response.status_code == 201
    assert response.get_json()["kind"] == "no_answer"
    vm = api.post("/prospects/Rob-Mason/outcomes", json={"kind": "voicemail_left"}).get_json()
    assert vm["prospect"]["voicemails_left"] == 1
    dnc = api.post("/prospects/Rob-Mason/outcomes", json={"kind": "do_not_contact"}).get_json()
    assert dnc["prospect"]["do_not_contact"] is True
    bad = api.post("/prospects/Rob-Mason/outcomes", json={"kind": "sold"})
    assert bad.status_code == 422
    assert bad.get_json()["error"]["code"] == "invalid"
    assert "kind" in bad.get_json()["error"]["fields"]
    with app.app_context():
        kinds = [o.kind for o in get_session().exec(CallOutcome.__table__.select()).all()]
    assert kinds == ["no_answer", "do_not_contact"]


def test_no_token_a_wrong_one_or_a_revoked_one_is_401(app, client, api, dana):
    for headers in ({}, {"Authorization": "Bearer lnd_not-a-token"}, {"Authorization": "x"}):
        response = client.get(f"{API}/calls", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert response.get_json()["error"]["code"] == "unauthorized"
        assert_documented(response, f"{API}/calls")
    assert api.get("/calls").status_code == 200
    with app.app_context():
        session = get_session()
        row = api_tokens.list_for(session, dana)[0]
        api_tokens.revoke(session, dana, row.id)
    assert api.get("/calls").status_code == 401


def test_a_deactivated_reps_token_stops_working(app, api, dana, make_rep):
    admin = make_rep("ann@acme.com", "Ann Ames", admin=True)
    assert api.get("/calls").status_code == 200
    with app.app_context():
        membership.deactivate(get_session(), admin, dana, admin)
    assert api.get("/calls").status_code == 401


def test_the_session_cookie_is_not_accepted(client, dana):
    assert Auth(client).login().status_code == 302
    assert client.get("/app/").status_code == 200
    response = client.get(f"{API}/calls")
    assert response.status_code == 401
    # Nor is a CSRF token asked of a token-authenticated POST (nor does one help without).
    assert client.post(f"{API}/prospects", json=ROB).status_code == 401


def test_another_reps_slug_is_404_and_changes_nothing(app, client, api, make_rep, make_prospect):
    ann = make_rep("ann@acme.com", "Ann Ames")
    theirs = make_prospect(ann, first_name="Zeb", last_name="Quixote")
    for method, path, body in (
        ("GET", "/prospects/Zeb-Quixote", None),
        ("GET", "/prospects/Zeb-Quixote/visits", None),
        ("POST", "/prospects/Zeb-Quixote/voicemails", {}),
        ("POST", "/prospects/Zeb-Quixote/outcomes", {"kind": "do_not_contact"}),
    ):
        response = api.call(method, path, json=body)
        assert response.status_code == 404, f"{method} {path}"
        assert response.get_json()["error"]["code"] == "not_found"
    assert api.get("/prospects").get_json()["prospects"] == []
    with app.app_context():
        kept = get_session().get(Prospect, theirs.id)
        assert kept.voicemails_left == 0 and not kept.do_not_contact


def test_invalid_fields_are_422_with_each_fields_message(app, api):
    response = api.post(
        "/prospects", json={"first_name": " ", "email": "not an email", "phone": "12"}
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and error["message"]
    assert set(error["fields"]) == {"first_name", "email", "phone"}
    unknown = api.post("/prospects", json={**ROB, "first": "Rob", "company": 7})
    assert unknown.get_json()["error"]["fields"] == {
        "first": "Unknown field.",
        "company": "Must be a string.",
    }
    assert api.get("/prospects?limit=0").status_code == 422
    assert api.get("/prospects?after=x").status_code == 422
    with app.app_context():
        assert get_session().exec(Prospect.__table__.select()).all() == []


def test_a_body_that_is_not_json_is_415_and_broken_json_400(api):
    form = api.post("/prospects", data={"first_name": "Rob"})
    assert form.status_code == 415
    assert form.get_json()["error"]["code"] == "unsupported_media_type"
    broken = api.post(
        "/prospects", data='{"first_name": "Rob"', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400 and broken.get_json()["error"]["code"] == "bad_request"
    array = api.post("/prospects", json=["Rob"])
    assert array.status_code == 400
    huge = api.post("/prospects", json={**ROB, "outcome": "x" * 100_000})
    assert huge.status_code == 413 and huge.get_json()["error"]["code"] == "too_large"


def test_unknown_paths_and_methods_answer_json(api, client):
    headers = {"Authorization": f"Bearer {api.token}"}
    missing = client.get(f"{API}/nothing-here", headers=headers)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong = client.delete(f"{API}/prospects", headers=headers)
    assert wrong.status_code == 405
    assert wrong.get_json()["error"]["code"] == "method_not_allowed"
    assert set(wrong.headers["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert client.put(f"{API}/calls", headers=headers).headers["Allow"] == "GET, HEAD"


def test_each_token_is_limited_per_minute(app, api, dana):
    app.config["API_RATE_PER_MINUTE"] = 3
    for _ in range(3):
        assert api.get("/calls").status_code == 200
    limited = api.get("/calls")
    assert limited.status_code == 429
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) > 0
    # Another token of the same rep has its own allowance.
    assert Api(api.client, token_for(app, dana, "Other")).get("/calls").status_code == 200


def test_a_crash_inside_the_api_is_json(app, api, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("landing.calls.ranking.call_next", broken)
    response = api.client.get(f"{API}/calls", headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "server_error"
    assert "boom" not in response.get_data(as_text=True)


def test_a_phone_without_country_code_is_read_in_the_reps_country(app, client, make_rep):
    # The same as a CSV import: a Berlin rep's "030 ..." is a Berlin number, not a US one.
    lena = make_rep(email="lena@acme.com", name="Lena Vogt", phone="+49 30 901820")
    api = Api(client, token_for(app, lena))
    created = api.post("/prospects", json={"first_name": "Jonas", "phone": "030 1234567"})
    assert created.status_code == 201
    with app.app_context():
        (stored,) = get_session().exec(select(Prospect)).all()
    assert stored.phone == "+49301234567"
