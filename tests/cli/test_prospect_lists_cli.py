"""`landing prospects` narrows a rep's list as the web list does; `landing prospect add`
refuses someone already listed unless told."""

from __future__ import annotations

import json

from tests.conftest import engage


def _team(make_rep, make_prospect):
    dana = make_rep(admin=True)
    lee = make_rep(email="lee@acme.com", name="Lee Park")
    make_prospect(dana, "Rob", "Mason", company="Acme Freight", email="rob@acme.com")
    make_prospect(dana, "Siobhan", "Kelly", company="Kelly Logistics")
    make_prospect(lee, "Robert", "Masonic", company="Acme Freight")
    return dana, lee


def _slugs(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [p["slug"] for p in json.loads(result.output)["prospects"]]


def test_search_filter_sort_json(runner, prospect_client, make_rep, make_prospect):
    _team(make_rep, make_prospect)
    engage(prospect_client, "/Siobhan-Kelly", "click_booking")
    assert _slugs(runner.invoke(["prospects", "--json"])) == ["Siobhan-Kelly", "Rob-Mason"]
    assert _slugs(runner.invoke(["prospects", "--search", "acme", "--json"])) == ["Rob-Mason"]
    assert _slugs(runner.invoke(["prospects", "-q", "shivawn kelly", "--json"])) == [
        "Siobhan-Kelly"
    ]
    hot = runner.invoke(["prospects", "--filter", "hot", "--sort", "score", "--json"])
    assert _slugs(hot) == ["Siobhan-Kelly"]
    assert json.loads(hot.output)["prospects"][0]["hot"] is True
    lees = runner.invoke(["prospects", "--rep", "lee@acme.com", "--json"])
    assert _slugs(lees) == ["Robert-Masonic"]
    text = runner.invoke(["prospects", "--filter", "hot"]).output
    assert "HOT" in text and "/Siobhan-Kelly" in text and "1 prospect." in text
    assert "No prospect matches." in runner.invoke(["prospects", "-q", "zzzz"]).output


def test_bad_options_fail_with_a_message(runner, make_rep, make_prospect):
    _team(make_rep, make_prospect)
    result = runner.invoke(["prospects", "--filter", "warm", "--sort", "age"])
    assert result.exit_code == 1
    assert "Unknown filter 'warm'" in result.output and "Sort by one of" in result.output


def test_adding_someone_already_listed_needs_allow_duplicate(runner, make_rep, make_prospect):
    _team(make_rep, make_prospect)
    args = ["prospect", "add", "--first", "Rob", "--last", "Mason", "--company", "ACME Freight"]
    refused = runner.invoke(args)
    assert refused.exit_code == 1
    assert "Rob Mason, Acme Freight (/Rob-Mason) already has the same name and company" in (
        refused.output
    )
    assert "--allow-duplicate" in refused.output
    made = runner.invoke([*args, "--allow-duplicate", "--json"])
    assert made.exit_code == 0, made.output
    assert json.loads(made.output)["slug"] != "Rob-Mason"
