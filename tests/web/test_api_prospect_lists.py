"""The API's prospect list with a search, filters, a sort and pages, its 4xx for bad
parameters, and the 409 for someone already listed. Answers are checked against the
OpenAPI document."""

from __future__ import annotations

from tests.conftest import engage
from tests.web.test_api import Api, token_for


def _slugs(response) -> list[str]:
    return [p["slug"] for p in response.get_json()["prospects"]]


def _team(app, client, make_rep, make_prospect) -> Api:
    dana = make_rep()
    lee = make_rep(email="lee@acme.com", name="Lee Park")
    make_prospect(dana, "Rob", "Mason", company="Acme Freight", email="rob@acme.com")
    make_prospect(dana, "Siobhan", "Kelly", company="Kelly Logistics")
    make_prospect(dana, "Ana", "Lopez", company="Norte", goal="callback")
    make_prospect(lee, "Robert", "Masonic", company="Acme Freight")
    return Api(client, token_for(app, dana))


def test_search_filter_sort_and_pages(app, client, prospect_client, make_rep, make_prospect):
    api = _team(app, client, make_rep, make_prospect)
    engage(prospect_client, "/Siobhan-Kelly", "click_call")
    assert _slugs(api.get("/prospects")) == ["Ana-Lopez", "Siobhan-Kelly", "Rob-Mason"]
    assert _slugs(api.get("/prospects?q=acme")) == ["Rob-Mason"]  # not Lee's
    assert _slugs(api.get("/prospects?q=Rob+Masen")) == ["Rob-Mason"]
    hot = api.get("/prospects?filter=hot").get_json()
    assert [p["slug"] for p in hot["prospects"]] == ["Siobhan-Kelly"]
    assert hot["prospects"][0]["hot"] and hot["prospects"][0]["score"] > 0
    assert "tapped Call" in hot["prospects"][0]["reason"]
    assert _slugs(api.get("/prospects?filter=hot,engaged&goal=callback")) == []
    assert _slugs(api.get("/prospects?sort=score"))[0] == "Siobhan-Kelly"
    first = api.get("/prospects?limit=2").get_json()
    assert first["total"] == 3 and first["next_page"] == 2
    assert [p["slug"] for p in first["prospects"]] == ["Ana-Lopez", "Siobhan-Kelly"]
    assert _slugs(api.get("/prospects?limit=2&page=2")) == ["Rob-Mason"]
    keyset = api.get(f"/prospects?limit=2&after={first['next_after']}")
    assert _slugs(keyset) == ["Rob-Mason"] and keyset.get_json()["next_after"] is None


def test_bad_parameters_are_4xx_json_naming_them(app, client, make_rep, make_prospect):
    api = _team(app, client, make_rep, make_prospect)
    unknown = api.get("/prospects?serach=rob")
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["fields"]["serach"].startswith("Unknown parameter")
    bad = api.get("/prospects?filter=warm&sort=age&page=0")
    assert bad.status_code == 422
    fields = bad.get_json()["error"]["fields"]
    assert set(fields) == {"filter", "sort", "page"}
    assert "hot" in fields["filter"] and "score" in fields["sort"]
    nul = api.get("/prospects?q=rob%00")
    assert nul.status_code == 422 and "q" in nul.get_json()["error"]["fields"]
    mixed = api.get("/prospects?sort=score&after=3")
    assert mixed.status_code == 422 and "after" in mixed.get_json()["error"]["fields"]


def test_adding_someone_already_listed_is_409_unless_allowed(app, client, make_rep, make_prospect):
    api = _team(app, client, make_rep, make_prospect)
    again = api.post("/prospects", json={"first_name": "rob", "last_name": "MASON",
                                         "company": "Acme Freight"})  # fmt: skip
    assert again.status_code == 409
    error = again.get_json()["error"]
    assert error["code"] == "duplicate" and error["slug"] == "Rob-Mason"
    assert "Rob Mason" in error["message"]
    # Lee's Robert Masonic shares the email domain, not the email: no match.
    same_email = api.post("/prospects", json={"first_name": "R", "email": "Rob@acme.com"})
    assert same_email.status_code == 409 and same_email.get_json()["error"]["slug"] == ("Rob-Mason")
    other_reps = api.post("/prospects", json={"first_name": "Robert", "last_name": "Masonic",
                                              "company": "acme freight"})  # fmt: skip
    assert other_reps.status_code == 409
    assert "another rep's" in other_reps.get_json()["error"]["message"]
    rob = {"first_name": "Rob", "last_name": "Mason", "company": "Acme Freight"}
    made = api.post("/prospects", json={**rob, "allow_duplicate": True})
    assert made.status_code == 201 and made.get_json()["slug"] != "Rob-Mason"
