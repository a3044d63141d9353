"""The add form and the API keep new URLs distinct by ear: they pick the speakable
alternative and say so, and keep a typed rival URL only once the rep confirms it."""

from __future__ import annotations

import pytest

from tests.web.test_api import Api, token_for


@pytest.fixture
def dana(make_rep):
    return make_rep()


@pytest.fixture
def lee(make_rep):
    return make_rep(email="lee@acme.com", name="Lee Park")


def add(auth, **fields):
    data = {"first_name": "", "last_name": "", "company": "", **fields}
    return auth.post("/app/prospects", data)


def test_the_form_picks_the_alternative_and_says_so(app, dana, make_prospect, client, auth):
    make_prospect(dana, first_name="Steven", last_name="Singh")
    auth.login()
    response = add(auth, first_name="Stephen", last_name="Singh", company="Acme")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "/Stephen-Singh sounds like /Steven-Singh, so listeners could reach the wrong person: "
        "the URL is /Stephen-Singh-Acme instead."
    ) in page
    assert app.test_client().get("/Stephen-Singh-Acme").status_code == 200


def test_the_form_names_another_reps_prospect_neutrally(
    app, dana, lee, make_prospect, client, auth
):
    make_prospect(lee, first_name="Steven", last_name="Singh")
    auth.login()
    response = add(auth, first_name="Stephen", last_name="Singh", company="Acme")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/Stephen-Singh sounds like another prospect&#39;s page" in page
    assert "Steven" not in page


def test_a_typed_rival_url_needs_the_confirm_box(app, dana, lee, make_prospect, client, auth):
    make_prospect(lee, first_name="Steven", last_name="Singh")
    auth.login()
    refused = add(auth, first_name="Stephen", last_name="Singh", slug="Stephen-Singh")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "listeners who hear it may type the other URL and reach the other person" in html
    assert 'name="allow_rival"' in html and "Steven" not in html
    assert app.test_client().get("/Stephen-Singh").status_code != 200
    kept = add(auth, first_name="Stephen", last_name="Singh", slug="Stephen-Singh", allow_rival="1")
    assert kept.status_code == 302
    assert app.test_client().get("/Stephen-Singh").status_code == 200


def test_an_empty_url_field_and_a_plain_name_change_nothing(app, dana, client, auth):
    auth.login()
    page = client.get("/app/").get_data(as_text=True)
    assert 'name="slug"' in page and 'name="allow_rival"' not in page
    response = add(auth, first_name="Rob", last_name="Mason", slug="")
    assert response.status_code == 302
    assert "sounds like" not in client.get(response.headers["Location"]).get_data(as_text=True)


def test_renaming_to_a_rival_url_needs_the_confirm_box(app, dana, make_prospect, client, auth):
    make_prospect(dana, first_name="Steven", last_name="Singh")
    rob = make_prospect(dana)
    auth.login()
    url = f"/app/prospects/{rob.id}"
    refused = auth.post(f"{url}/slug", {"slug": "Stephen-Singh"}, form_page=url)
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "/Stephen-Singh sounds like /Steven-Singh" in page
    assert 'name="allow_rival"' in page and 'value="Stephen-Singh"' in page
    assert app.test_client().get("/Rob-Mason").status_code == 200
    auth.post(f"{url}/slug", {"slug": "Stephen-Singh", "allow_rival": "1"}, form_page=url)
    assert "The URL is now /Stephen-Singh" in client.get(url).get_data(as_text=True)


def test_the_api_says_which_url_it_chose(app, dana, lee, make_prospect, client):
    make_prospect(lee, first_name="Steven", last_name="Singh")
    api = Api(client, token_for(app, dana))
    created = api.post("/prospects", json={"first_name": "Stephen", "last_name": "Singh",
                                           "company": "Acme"})  # fmt: skip
    assert created.status_code == 201
    data = created.get_json()
    assert data["slug"] == "Stephen-Singh-Acme"
    assert data["slug_choice"] == {
        "slug": "Stephen-Singh-Acme",
        "natural": "Stephen-Singh",
        "moved": True,
        "rivals": ["another prospect's page"],
        "message": "/Stephen-Singh sounds like another prospect's page, so listeners could "
        "reach the wrong person: the URL is /Stephen-Singh-Acme instead.",
    }
    assert "Steven" not in created.get_data(as_text=True)


def test_the_api_refuses_a_typed_rival_url_with_409_until_allowed(app, dana, make_prospect, client):
    make_prospect(dana, first_name="Steven", last_name="Singh")
    api = Api(client, token_for(app, dana))
    body = {"first_name": "Stephen", "last_name": "Singh", "slug": "Stephen-Singh"}
    refused = api.post("/prospects", json=body)
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "rival_slug"
    assert error["message"].startswith("/Stephen-Singh sounds like /Steven-Singh")
    assert "reach the other person" in error["message"]
    bad = api.post("/prospects", json={**body, "allow_rival": "yes"})
    assert bad.status_code == 422
    assert bad.get_json()["error"]["fields"] == {"allow_rival": "Must be true or false."}
    kept = api.post("/prospects", json={**body, "allow_rival": True})
    assert kept.status_code == 201 and kept.get_json()["slug"] == "Stephen-Singh"
    assert kept.get_json()["slug_choice"]["moved"] is False
