"""The CLI keeps new URLs distinct by ear (`prospect add`, `prospect rename`) and lists the
rival pairs already in the database (`landing rivals`)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def dana(make_rep):
    return make_rep(admin=True)


def test_prospect_add_picks_the_alternative_and_says_so(runner, dana, make_prospect):
    make_prospect(dana, first_name="Steven", last_name="Singh")
    result = runner.invoke(["prospect", "add", "--first", "Stephen", "--last", "Singh",
                            "--company", "Acme"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "URL: /Stephen-Singh sounds like /Steven-Singh, so listeners could reach the wrong "
        "person: the URL is /Stephen-Singh-Acme instead."
    ) in result.output
    assert "URL:     https://acme.com/Stephen-Singh-Acme" in result.output
    data = json.loads(
        runner.invoke(["prospect", "add", "--first", "Jon", "--last", "Singh", "--json"]).output
    )
    assert data["slug_choice"]["moved"] is False and data["slug"] == "Jon-Singh"


def test_prospect_add_names_another_reps_prospect_neutrally(runner, dana, make_rep, make_prospect):
    make_prospect(
        make_rep(email="lee@acme.com", name="Lee"), first_name="Steven", last_name="Singh"
    )
    result = runner.invoke(["prospect", "add", "--first", "Stephen", "--last", "Singh"])
    assert "sounds like another prospect's page" in result.output
    assert "Steven" not in result.output


def test_a_typed_rival_slug_needs_allow_rival(runner, dana, make_prospect, prospect_client):
    make_prospect(dana, first_name="Steven", last_name="Singh")
    command = ["prospect", "add", "--first", "Stephen", "--last", "Singh", "--slug",
               "Stephen-Singh"]  # fmt: skip
    refused = runner.invoke(command)
    assert refused.exit_code == 1
    assert "/Stephen-Singh sounds like /Steven-Singh" in refused.output
    assert "reach the other person" in refused.output and "--allow-rival" in refused.output
    assert prospect_client.get("/Stephen-Singh").status_code != 200
    assert runner.invoke([*command, "--allow-rival"]).exit_code == 0
    assert prospect_client.get("/Stephen-Singh").status_code == 200


def test_rename_to_a_rival_needs_allow_rival(runner, dana, make_prospect):
    make_prospect(dana, first_name="Steven", last_name="Singh")
    make_prospect(dana)
    refused = runner.invoke(["prospect", "rename", "Rob-Mason", "Stephen-Singh"])
    assert refused.exit_code == 1 and "sounds like /Steven-Singh" in refused.output
    done = runner.invoke(["prospect", "rename", "Rob-Mason", "Stephen-Singh", "--allow-rival"])
    assert done.exit_code == 0 and "/Stephen-Singh (was /Rob-Mason)" in done.output


def insisted(make_prospect, rep, first, last, company=""):
    return make_prospect(rep, first_name=first, last_name=last, company=company,
                         slug=f"{first}-{last}", allow_rival=True)  # fmt: skip


def test_rivals_lists_pairs_with_a_rename_for_the_unsaid_url(runner, dana, make_prospect):
    insisted(make_prospect, dana, "Steven", "Singh", "Acme")
    insisted(make_prospect, dana, "Stephen", "Singh", "Acme")
    insisted(make_prospect, dana, "Catherine", "Jones", "Globex")
    insisted(make_prospect, dana, "Katherine", "Jones", "Initech")
    insisted(make_prospect, dana, "Sean", "Kelly")
    insisted(make_prospect, dana, "Shawn", "Kelly")
    insisted(make_prospect, dana, "Maria", "Lopez")
    # Steven's URL was said: Stephen's moves. Both Kellys were said: nothing to suggest.
    for slug in ("Steven-Singh", "Sean-Kelly", "Shawn-Kelly"):
        assert runner.invoke(["voicemail", "log", slug]).exit_code == 0
    data = json.loads(runner.invoke(["rivals", "--json"]).output)
    assert [pair["slugs"] for pair in data] == [
        ["Steven-Singh", "Stephen-Singh"],
        ["Catherine-Jones", "Katherine-Jones"],
        ["Sean-Kelly", "Shawn-Kelly"],
    ]
    singh, jones, kelly = data
    assert singh["rename"] == {"from": "Stephen-Singh", "to": "Stephen-Singh-Acme"}
    assert [p["said"] for p in singh["prospects"]] == [True, False]
    assert singh["prospects"][0] == {
        "slug": "Steven-Singh", "name": "Steven Singh", "rep_id": dana.id, "archived": False,
        "said": True,
    }  # fmt: skip
    # Neither said: the newer one moves, to its company word.
    assert jones["rename"] == {"from": "Katherine-Jones", "to": "Katherine-Jones-Initech"}
    assert kelly["rename"] is None and "Both URLs were said" in kelly["note"]
    text = runner.invoke(["rivals"]).output
    assert (
        "/Steven-Singh (Steven Singh) ~ /Stephen-Singh (Stephen Singh): Rename /Stephen-Singh "
        "to /Stephen-Singh-Acme (not said in a voicemail yet)."
    ) in text
    # Following the suggestions leaves no pair to rename.
    runner.invoke(["prospect", "rename", "Stephen-Singh", "Stephen-Singh-Acme"])
    runner.invoke(["prospect", "rename", "Katherine-Jones", "Katherine-Jones-Initech"])
    left = json.loads(runner.invoke(["rivals", "--json"]).output)
    assert [pair["slugs"] for pair in left] == [["Sean-Kelly", "Shawn-Kelly"]]


def test_rivals_with_none(runner, dana, make_prospect):
    make_prospect(dana)
    assert runner.invoke(["rivals"]).output.strip() == "No rival URLs."
    assert json.loads(runner.invoke(["rivals", "--json"]).output) == []
