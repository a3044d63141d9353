"""What a rep says and sends is in the prospect's language: the German built-ins for a
German prospect, the team's templates in a language without built-ins, and a linter warning
when the script is in another language than the prospect's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from landing.calls import pitches
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.data.models import Company, Prospect, ScriptTemplate
from landing.scripts import drafts, templates
from landing.team import company

TEAM_TEMPLATE = {
    "name": "Court",
    "goal": "visit",
    "attempt": "",
    "voicemail": "Bonjour {{ first_name }}, ici {{ rep_name }}. Votre page : {{ spoken_url }}. "
    "Encore une fois, {{ spoken_url }}. Je vous rappelle {{ callback_day }}.",
    "email_subject": "Votre page",
    "email_body": "Bonjour {{ first_name }},\n\n{{ url }}\n",
}


def _pitch(app, rep, prospect):
    with app.app_context():
        session = get_session()
        row = session.get(Prospect, prospect.id)
        row.next_call_on = _next_tuesday()
        session.commit()
        settings = company.current(session, app.config)
        return pitches.pitch_for(session, row, rep, settings, today=clock.today())


def _next_tuesday():
    today = clock.today()
    return today + timedelta(days=(1 - today.weekday()) % 7 or 7)


@pytest.fixture
def dana(make_rep):
    return make_rep(admin=True, phone="+49 30 1234567")


def test_a_german_prospect_gets_a_german_voicemail_and_email(app, dana, make_prospect):
    pitch = _pitch(app, dana, make_prospect(dana, language="de"))
    assert pitch.template.startswith("de-") and pitch.template_name.endswith("(Deutsch)")
    assert pitch.spoken_url == "acme punkt com Schrägstrich Rob Bindestrich Mason"
    assert pitch.script.startswith("Hallo Rob, hier ist Dana Reyes von Acme.")
    assert pitch.script.count(pitch.spoken_url) == 2
    assert pitch.script.endswith("ich rufe Sie am Dienstag wieder an.")
    assert pitch.email_body.startswith("Hallo Rob,\n\n")
    assert "Ich rufe Sie am Dienstag wieder an." in pitch.email_body
    assert pitch.warnings == ()


def test_an_english_prospect_keeps_the_english_library(app, dana, make_prospect):
    pitch = _pitch(app, dana, make_prospect(dana))
    assert not pitch.template.startswith("de-")
    assert "acme dot com forward slash Rob hyphen Mason" in pitch.script
    assert "Tuesday" in pitch.script or "Tuesday" in pitch.email_body


def test_a_language_without_built_ins_uses_the_teams_templates(app, dana, make_prospect):
    ann = make_prospect(dana, "Ann", "Roy", language="fr")
    english = _pitch(app, dana, ann)  # none in French yet: English, and a warning says so
    assert [w["code"] for w in english.warnings] == ["language"]
    assert english.warnings[0]["message"] == (
        "This script is in English, and Ann reads French: "
        "pick a template in French, or change their language."
    )
    with app.app_context():
        session = get_session()
        rep = session.merge(dana)
        saved = templates.save_template(session, rep, team=True, **TEAM_TEMPLATE, language="fr")
        drafts.activate(session, rep, str(saved.id))
    french = _pitch(app, dana, ann)
    assert french.template_name == "Court"
    assert french.script.startswith("Bonjour Ann")
    assert "acme point com barre oblique Ann tiret Roy" in french.script
    assert "Je vous rappelle mardi." in french.script
    assert french.warnings == ()


def test_a_team_template_is_in_the_company_language_unless_told(app, dana):
    with app.app_context():
        session = get_session()
        session.add(Company(name="Acme", language="nl"))
        session.commit()
        rep = session.merge(dana)
        assert templates.save_template(session, rep, team=True, **TEAM_TEMPLATE).language == "nl"
        given = templates.save_template(session, rep, team=True, **TEAM_TEMPLATE, language="pt")
        assert session.get(ScriptTemplate, given.id).language == "pt"
        with pytest.raises(InputError) as refused:
            templates.save_template(session, rep, team=True, **TEAM_TEMPLATE, language="xx")
        assert "Not a language we ship" in refused.value.errors["language"]
