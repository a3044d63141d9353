"""Issue 15: what came of a call is logged through one door (outcomes.log_outcome), so
the web form, the call-next list, the API and the CLI cannot disagree: the voicemail rule's
call-again days are the ones applied, and an unnamed template is the one the script shows."""

from __future__ import annotations

import json

import pytest

from landing.calls import outcomes, pitches
from landing.calls.outcomes import RULES, VOICEMAIL_LEFT, Rule
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.data.models import Prospect, Rep, Voicemail
from landing.team import api_tokens
from landing.team.company import current

DOORS = ["form", "list", "api", "cli", "cli-outcome"]


@pytest.fixture
def five_days(monkeypatch):
    """A team that calls back five business days after a voicemail, not two."""
    monkeypatch.setitem(RULES, VOICEMAIL_LEFT, Rule("Voicemail left", 5, False))


def log_voicemail(door: str, app, client, auth, runner, rep, prospect) -> None:
    """Log a voicemail for Rob, naming no template, through one door."""
    if door in ("form", "list"):
        auth.login()
        path = f"/app/prospects/{prospect.id}/" + ("voicemails" if door == "form" else "outcomes")
        data = {"kind": VOICEMAIL_LEFT} if door == "list" else {}
        assert auth.post(path, data).status_code == 302
    elif door == "api":
        with app.app_context():
            token = api_tokens.create(get_session(), get_session().get(Rep, rep.id), "CRM")[1]
        response = client.post(
            "/api/v1/prospects/Rob-Mason/voicemails",
            json={},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 201, response.get_json()
    elif door == "cli":
        result = runner.invoke(["voicemail", "log", "Rob-Mason", "--json"])
        assert result.exit_code == 0, result.output
        json.loads(result.output)
    else:
        result = runner.invoke(["outcome", "Rob-Mason", VOICEMAIL_LEFT])
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("door", DOORS)
def test_every_door_applies_the_voicemail_rule(
    door, app, client, auth, runner, make_rep, make_prospect, five_days
):
    rep = make_rep(admin=True)
    rob = make_prospect(rep)
    log_voicemail(door, app, client, auth, runner, rep, rob)
    with app.app_context():
        found = get_session().get(Prospect, rob.id)
        assert found.next_call_on == clock.next_business_day(clock.today(), 5)
        assert found.voicemails_left == 1


@pytest.mark.parametrize("door", DOORS)
def test_every_door_logs_the_template_the_script_shows(
    door, app, client, auth, runner, make_rep, make_prospect
):
    rep = make_rep(admin=True)
    rob = make_prospect(rep)
    with app.app_context():
        session = get_session()
        shown = pitches.pitch_for(
            session, session.get(Prospect, rob.id), session.get(Rep, rep.id),
            current(session, app.config), today=clock.today(),
        ).template  # fmt: skip
    log_voicemail(door, app, client, auth, runner, rep, rob)
    with app.app_context():
        [logged] = get_session().exec(Voicemail.__table__.select()).all()
    assert logged.template_key == shown


def test_an_unknown_outcome_names_them_all(app, make_rep, make_prospect):
    rep = make_rep()
    rob = make_prospect(rep)
    with app.app_context(), pytest.raises(InputError, match="voicemail_left"):
        session = get_session()
        outcomes.log_outcome(
            session, session.get(Rep, rep.id), session.get(Prospect, rob.id), "lunch",
            today=clock.today(),
        )  # fmt: skip
