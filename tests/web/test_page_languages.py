"""A prospect reads their page in their own language (the rep's choice, else the company's);
a visitor who names no one (the 404, the privacy notice reached directly) reads theirs, as
their browser asks. The page cache never hands one language's page to another."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_babel import get_locale, gettext
from sqlmodel import select

from landing.core import clock
from landing.data.db import get_session
from landing.data.models import Company, Prospect, ScriptTemplate
from tests.conftest import csrf_token


def _next_tuesday():
    today = clock.today()
    return today + timedelta(days=(1 - today.weekday()) % 7 or 7)


@pytest.fixture
def dana(make_rep):
    return make_rep(phone="+49 30 1234567", booking_url="https://cal.example/dana")


def _call_on_tuesday(app, prospect_id: int) -> None:
    with app.app_context():
        session = get_session()
        session.get(Prospect, prospect_id).next_call_on = _next_tuesday()
        session.commit()


def test_a_german_prospect_reads_german(app, dana, make_prospect, prospect_client):
    rob = make_prospect(dana, language="de")
    _call_on_tuesday(app, rob.id)
    html = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Danke für Ihren Besuch, Rob." in html
    assert re.search(r"Termin (mit Dana )?vereinbaren", html)  # the layout picks which
    assert "E-Mail an Dana" in html
    assert "Dana ruft Sie am Dienstag" in html
    assert "Thanks for stopping by" not in html and "Tuesday" not in html
    # Its privacy link opens the notice in German, whatever the browser says.
    privacy = re.search(r'<a href="(/privacy[^"]*)">Datenschutz</a>', html).group(1)
    notice = prospect_client.get(privacy, headers={"Accept-Language": "en"})
    assert "Was ein Besuch speichert" in notice.get_data(as_text=True)


def test_the_company_language_is_the_default(app, dana, make_prospect, prospect_client):
    with app.app_context():
        session = get_session()
        session.add(Company(name="Acme", language="fr"))
        session.commit()
    make_prospect(dana)
    make_prospect(dana, "Ana", "Lima", language="pt")
    rob = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert '<html lang="fr">' in rob and "Merci de votre visite, Rob." in rob
    ana = prospect_client.get("/Ana-Lima").get_data(as_text=True)
    assert '<html lang="pt">' in ana and "Obrigado pela visita, Ana." in ana


def test_the_page_cache_keeps_languages_apart(app, dana, make_prospect, prospect_client):
    """Each prospect's own language on every hit, the first (rendered) and the replayed ones,
    whatever the browser asks: the page is the prospect's, not the visitor's."""
    make_prospect(dana, language="de")
    make_prospect(dana, "Ann", "Lee")
    for browser in ("de-DE", "en", "de-DE", "es"):
        headers = {"Accept-Language": browser}
        rob = prospect_client.get("/Rob-Mason", headers=headers).get_data(as_text=True)
        ann = prospect_client.get("/Ann-Lee", headers=headers).get_data(as_text=True)
        assert "Danke für Ihren Besuch, Rob." in rob and '<html lang="de">' in rob
        assert "Thanks for stopping by, Ann." in ann and '<html lang="en">' in ann


def test_a_changed_language_reaches_the_cached_page(app, dana, make_prospect, prospect_client):
    rob = make_prospect(dana)
    assert "Thanks for" in prospect_client.get("/Rob-Mason").get_data(as_text=True)
    with app.app_context():
        session = get_session()
        session.get(Prospect, rob.id).language = "nl"
        session.commit()
    assert "Bedankt voor uw bezoek, Rob." in prospect_client.get("/Rob-Mason").get_data(
        as_text=True
    )


def test_the_404_speaks_the_browser_language(client):
    german = client.get("/Nobody-Here", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.8"})
    assert german.status_code == 404
    html = german.get_data(as_text=True)
    assert '<html lang="de">' in html and "Seite nicht gefunden" in html
    english = client.get("/Nobody-There", headers={"Accept-Language": "en-GB"})
    assert "Page not found" in english.get_data(as_text=True)
    # A language we do not ship: the company's (English here).
    other = client.get("/Nobody-Else", headers={"Accept-Language": "ja"})
    assert '<html lang="en">' in other.get_data(as_text=True)


def test_the_privacy_notice_reached_directly_speaks_the_browser_language(client):
    html = client.get("/privacy", headers={"Accept-Language": "es-MX"}).get_data(as_text=True)
    assert '<html lang="es">' in html and "Qué se guarda de una visita" in html
    # ?lang= a prospect's page adds wins; one we do not ship is ignored.
    french = client.get("/privacy?lang=fr", headers={"Accept-Language": "es"})
    assert "Confidentialité" in french.get_data(as_text=True)
    odd = client.get("/privacy?lang=xx", headers={"Accept-Language": "nl"})
    assert "Wat een bezoek opslaat" in odd.get_data(as_text=True)


def test_the_rep_area_stays_english(app):
    """No view but the pages for prospects and visitors changes language: the browser's
    Accept-Language alone chooses nothing."""
    with app.test_request_context("/app/", headers={"Accept-Language": "de-DE"}):
        assert str(get_locale()) == "en"
        assert gettext("Book a meeting") == "Book a meeting"


def test_a_template_is_written_in_a_language_the_rep_picks(app, client, auth, make_rep):
    make_rep(admin=True)
    auth.login()
    form = {
        "name": "Kurz",
        "goal": "visit",
        "attempt": "",
        "voicemail": "Hallo {{ first_name }}, {{ spoken_url }}. Noch einmal: {{ spoken_url }}.",
        "email_subject": "Ihre Seite",
        "email_body": "Hallo {{ first_name }},\n\n{{ url }}\n",
        "scope": "team",
    }
    editor = "/app/templates/new"
    assert 'name="language"' in client.get(editor).get_data(as_text=True)
    refused = auth.post(editor, {**form, "language": "Klingon"}, editor)
    assert refused.status_code == 400
    assert "Not a language we ship" in refused.get_data(as_text=True)
    assert auth.post(editor, {**form, "language": "de"}, editor).status_code == 302
    with app.app_context():
        assert get_session().exec(select(ScriptTemplate.language)).all() == ["de"]


def test_a_german_template_previews_with_german_samples(client, auth, make_rep):
    make_rep()
    auth.login()
    preview = client.post(
        "/app/templates/preview",
        json={
            "goal": "visit",
            "language": "de",
            "voicemail": "Hallo {{ first_name }}: {{ spoken_url }}. Am {{ callback_day }}.",
            "email_subject": "x",
            "email_body": "{{ url }}",
        },
        headers={"X-CSRFToken": csrf_token(client, "/app/")},
    ).get_json()
    assert preview["script"] == (
        "Hallo Rob: acme punkt com Schrägstrich Rob Bindestrich Mason. Am Donnerstag."
    )
    assert "language" not in {w["code"] for w in preview["warnings"]}
