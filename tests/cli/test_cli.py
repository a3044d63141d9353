"""The `landing` command."""

import json

from landing.data.db import get_session
from landing.team.reps import authenticate
from tests.conftest import engage


def test_init_seeds_a_demo_once_and_prints_the_login(app, runner):
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert "Sign in at https://acme.com/login as demo@example.com" in first.output
    assert "Demo prospect's page: https://acme.com/Rob-Mason" in first.output
    password = first.output.split("with password ")[1].split()[0]
    with app.app_context():
        rep = authenticate(get_session(), "demo@example.com", password)
        assert rep is not None and rep.is_admin
    second = runner.invoke(args=["init"])
    assert second.exit_code == 0
    assert "Created the database" not in second.output
    assert password in second.output


def test_rep_add_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(
        args=["rep", "add", "sam@acme.com", "--name", "Sam Ortiz", "--admin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        rep = authenticate(get_session(), "sam@acme.com", "a long enough password")
        assert rep.name == "Sam Ortiz" and rep.is_admin


def test_rep_add_rejects_bad_input_with_a_message(app, runner, make_rep):
    make_rep()
    duplicate = runner.invoke(
        args=["rep", "add", "dana@acme.com", "--name", "D"], input="password123\n"
    )
    assert duplicate.exit_code == 1
    assert "already exists" in duplicate.output
    short = runner.invoke(args=["rep", "add", "x@acme.com", "--name", "X"], input="short\n")
    assert short.exit_code == 1 and "At least 12 characters" in short.output
    bad = runner.invoke(args=["rep", "add", "not-an-email", "--name", "X"], input="password123\n")
    assert bad.exit_code == 1 and "email" in bad.output


def test_prospect_add_prints_one_json_object(runner, make_rep):
    make_rep(admin=True)
    result = runner.invoke(
        args=[
            "prospect",
            "add",
            "--first",
            "Rob",
            "--last",
            "Mason",
            "--company",
            "Acme Logistics",
            "--outcome",
            "fewer late shipments",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["slug"] == "Rob-Mason"
    assert data["url"] == "https://acme.com/Rob-Mason"
    assert data["spoken_url"] == "acme dot com forward slash Rob hyphen Mason"
    assert data["script"].startswith("Hi Rob,")
    assert isinstance(data["script_seconds"], int) and data["script_seconds"] > 10
    assert "voicemail" in data["email_subject"]
    assert "https://acme.com/Rob-Mason" in data["email_body"]


def test_prospect_add_for_a_named_rep_and_bad_input(runner, make_rep):
    make_rep(admin=True)
    make_rep(email="sam@acme.com", name="Sam Ortiz")
    ok = runner.invoke(
        args=["prospect", "add", "--first", "Ann", "--rep", "sam@acme.com", "--json"]
    )
    assert "Sam Ortiz" in json.loads(ok.output)["script"]
    missing = runner.invoke(args=["prospect", "add", "--first", "Ann", "--rep", "x@acme.com"])
    assert missing.exit_code == 1 and "no rep with email x@acme.com" in missing.output
    bad = runner.invoke(args=["prospect", "add", "--first", "!!", "--email", "nope"])
    assert bad.exit_code == 1
    assert "A name needs at least one letter or digit." in bad.output
    assert "Not a valid email address" in bad.output


def test_prospect_add_without_any_rep_explains(runner):
    result = runner.invoke(args=["prospect", "add", "--first", "Rob"])
    assert result.exit_code == 1 and "landing init" in result.output


def test_calls_and_visits_as_json(runner, make_rep, make_prospect, prospect_client, client):
    rep = make_rep(admin=True)
    make_prospect(rep)
    make_prospect(rep, first_name="Ann", last_name="Lee")
    engage(prospect_client)
    prospect_client.get("/Rob-Mason")  # a reload: the same visit
    prospect_client.get("/Ann-Lee")  # loaded, nothing done on it: unconfirmed
    client.get("/Ann-Lee", headers={"User-Agent": "Googlebot/2.1"})
    calls = json.loads(runner.invoke(args=["calls", "--json"]).output)
    assert [(c["slug"], c["name"], c["visits"]) for c in calls] == [("Rob-Mason", "Rob Mason", 1)]
    assert calls[0]["last_engaged_at"].endswith("Z")
    history = json.loads(runner.invoke(args=["visits", "Ann-Lee", "--json"]).output)["visits"]
    assert [(h["classification"], h["user_agent"]) for h in history] == [
        ("bot", "Googlebot/2.1"),
        ("unconfirmed", prospect_client.environ_base["HTTP_USER_AGENT"]),
    ]
    assert history[0]["reason"]
    assert history[1]["device"] == "iPhone · Safari · iOS 17.4"
    assert runner.invoke(args=["visits", "rob-mason", "--json"]).exit_code == 0
    unknown = runner.invoke(args=["visits", "Nobody"])
    assert unknown.exit_code == 1 and "no prospect" in unknown.output


def test_visits_page_through_every_visit(runner, make_rep, make_prospect, client):
    make_prospect(make_rep(admin=True))
    for n in range(5):
        client.get("/Rob-Mason", headers={"User-Agent": f"Agent{n}/1.0 (iPhone; iOS 17.4)"})
    seen, after = [], None
    while True:
        args = ["visits", "Rob-Mason", "--limit", "2", "--json"]
        page = json.loads(
            runner.invoke(args=args + (["--after", str(after)] if after else [])).output
        )
        assert len(page["visits"]) <= 2
        seen += [v["user_agent"].split("/")[0] for v in page["visits"]]
        if after is None:
            # stored while the rep pages: on no later page, and nothing skipped
            client.get("/Rob-Mason", headers={"User-Agent": "Late/1.0 (iPhone; iOS 17.4)"})
        after = page["next_after"]
        if after is None:
            break
    assert seen == ["Agent4", "Agent3", "Agent2", "Agent1", "Agent0"]


def test_visits_reads_like_a_person_wrote_it(runner, make_rep, make_prospect, prospect_client):
    make_prospect(make_rep(admin=True))
    engage(prospect_client, kind="click_booking")
    for _ in range(3):
        prospect_client.get("/Rob-Mason", headers={"User-Agent": "curl/8.5.0"})
    text = runner.invoke(args=["visits", "Rob-Mason", "--limit", "3"]).output
    assert "a bot" in text and "A program (curl), not a browser" in text
    assert "More: landing visits Rob-Mason --after " in text
    after = text.rsplit("--after ", 1)[1].strip()
    rest = runner.invoke(args=["visits", "Rob-Mason", "--after", after]).output
    assert "a person" in rest and "iPhone · Safari · iOS 17.4" in rest
    assert "Tapped Book a meeting on the page" in rest or "Read it" in rest
    assert "on screen" in rest and "tapped Book a meeting" in rest and "More:" not in rest
    bad = runner.invoke(args=["visits", "Rob-Mason", "--limit", "0"])
    assert bad.exit_code != 0 and "--limit" in bad.output
