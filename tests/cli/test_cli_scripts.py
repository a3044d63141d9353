"""`landing script show`, `landing voicemail log`, `landing outcome` and `landing templates`."""

from __future__ import annotations

import json
import re

import pytest

from landing.scripts.library import ALL_BUILTINS, BUILTINS
from tests.conftest import engage


@pytest.fixture
def rob(make_rep, make_prospect):
    rep = make_rep(admin=True)
    return make_prospect(rep, outcome="fewer late shipments")


def show(runner, *args):
    result = runner.invoke(["script", "show", "Rob-Mason", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_script_show_prints_the_script_its_lint_and_email(runner, rob):
    data = show(runner)
    for key in ("script", "seconds", "goal", "attempt", "template", "warnings"):
        assert key in data
    assert data["email_subject"] and data["email_body"]
    assert data["goal"] == "visit"
    assert data["attempt"] == 1
    assert data["warnings"] == []
    assert data["seconds"] == data["script_seconds"] <= 30
    assert data["template"] in {t.key for t in BUILTINS}


def test_script_show_with_goal_attempt_and_template(runner, rob):
    assert show(runner, "--goal", "callback")["goal"] == "callback"
    assert show(runner, "--attempt", "3")["attempt"] == 3
    chosen = next(t for t in BUILTINS if t.goal == "educate" and t.attempt == 2)
    data = show(runner, "--template", chosen.key)
    assert (data["template"], data["goal"]) == (chosen.key, "educate")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--goal", "shout"], "Goal must be one of"),
        (["--template", "nope"], "No template 'nope'"),
        (["--attempt", "0"], "0 is not in the range"),
    ],
)
def test_script_show_explains_bad_choices(runner, rob, args, message):
    result = runner.invoke(["script", "show", "Rob-Mason", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_script_show_for_an_unknown_slug(runner, rob):
    result = runner.invoke(["script", "show", "Nobody"])
    assert result.exit_code == 1
    assert "no prospect with slug Nobody" in result.output


def test_voicemail_log_moves_the_series_on(runner, rob):
    first = show(runner)
    result = runner.invoke(["voicemail", "log", "Rob-Mason", "--json"])
    assert result.exit_code == 0, result.output
    logged = json.loads(result.output)
    assert (logged["attempt"], logged["template"]) == (1, first["template"])
    assert logged["next_call_on"]
    second = show(runner)
    assert second["attempt"] == 2
    assert second["script"] != first["script"]

    chosen = next(t for t in BUILTINS if t.goal == "prepare" and t.attempt == 2)
    result = runner.invoke(["voicemail", "log", "Rob-Mason", "--template", chosen.key, "--json"])
    assert json.loads(result.output)["goal"] == "prepare"
    bad = runner.invoke(["voicemail", "log", "Rob-Mason", "--template", "nope"])
    assert bad.exit_code == 1
    assert "No template 'nope'" in bad.output


def test_templates_lists_results(runner, rob, prospect_client):
    runner.invoke(["voicemail", "log", "Rob-Mason"])
    engage(prospect_client)
    assert runner.invoke(["outcome", "Rob-Mason", "called_back"]).exit_code == 0
    rows = json.loads(runner.invoke(["templates", "--json"]).output)
    assert len(rows) == len(ALL_BUILTINS)  # English and German
    assert {r["language"] for r in rows} == {"en", "de"}
    used = [r for r in rows if r["voicemails"]]
    assert len(used) == 1
    assert (used[0]["visited"], used[0]["callbacks"], used[0]["rate"]) == (1, 1, 1.0)
    assert runner.invoke(["outcome", "Rob-Mason", "lunch"]).exit_code == 2


def test_templates_lists_drafts_and_activates_them(app, runner, rob):
    from landing.data.db import get_session
    from landing.data.models import Rep
    from landing.scripts import templates

    fields = {
        "name": "Mine", "goal": "visit", "attempt": "", "email_subject": "Your page",
        "voicemail": "Hi {{ first_name }}, your page: {{ spoken_url }}. Again, {{ spoken_url }}.",
        "email_body": "Hi {{ first_name }},\n\n{{ url }}\n",
    }  # fmt: skip
    with app.app_context():
        session = get_session()
        rep = session.get(Rep, rob.rep_id)
        good = templates.save_template(session, rep, team=False, **fields)
        gap = {**fields, "name": "Gap", "voicemail": "Hi {{ first_name }}, on {{ outcome }}: x."}
        bad = templates.save_template(session, rep, team=False, **gap)
    rows = {r["template"]: r for r in json.loads(runner.invoke(["templates", "--json"]).output)}
    assert rows[str(good.id)]["draft"] and not rows[str(good.id)]["active"]
    listed = runner.invoke(["templates"]).output
    assert re.search(rf"^{good.id} +visit +any +draft ", listed, re.M)

    refused = runner.invoke(["templates", "activate", str(bad.id)])
    assert refused.exit_code == 1
    assert "Not activated" in refused.output and "{{ outcome }} is empty" in refused.output
    done = runner.invoke(["templates", "activate", str(good.id)])
    assert done.exit_code == 0, done.output
    assert f"Activated “Mine” (template {good.id})" in done.output
    rows = {r["template"]: r for r in json.loads(runner.invoke(["templates", "--json"]).output)}
    assert rows[str(good.id)]["active"] and not rows[str(good.id)]["draft"]
    missing = runner.invoke(["templates", "activate", "99999"])
    assert missing.exit_code == 1 and "no draft '99999'" in missing.output
