"""A prospect's language (issue 16, first step): set by the rep in the form, a CSV column,
the API and the CLI, defaulting to the company's; the page's <html lang> says it. A code we do
not ship is refused with the list of those we do."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from landing.core import languages
from landing.data.db import get_session
from landing.data.models import Prospect
from tests.prospects.test_csv_import import confirm_token, prospect_count, upload
from tests.web.test_api import Api, token_for

SHIPPED = "en (English), de (German), fr (French), es (Spanish), nl (Dutch), pt (Portuguese)"


def html_lang(client, path: str = "/Rob-Mason") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return re.search(r'<html lang="([^"]*)"', response.get_data(as_text=True)).group(1)


def stored_language(app, slug: str = "Rob-Mason") -> str:
    with app.app_context():
        session = get_session()
        return session.exec(select(Prospect).where(Prospect.slug == slug)).one().language


@pytest.mark.parametrize(
    ("typed", "code"),
    [("de", "de"), ("de-DE", "de"), ("DE_at", "de"), ("German", "de"), ("Deutsch", "de"),
     ("pt-BR", "pt"), ("Français", "fr"), (" nl ", "nl"), ("", "")],
)  # fmt: skip
def test_what_people_type_for_a_language_is_stored_as_its_code(typed, code):
    assert languages.language(typed) == code


@pytest.mark.parametrize("typed", ["xx", "Klingon", "zh-CN", "english please"])
def test_a_language_we_do_not_ship_is_refused_with_the_list(typed):
    with pytest.raises(ValueError, match=re.escape(SHIPPED)):
        languages.language(typed)


def test_the_form_sets_it_and_the_page_says_it(app, auth, make_rep, prospect_client):
    make_rep()
    auth.login()
    auth.post(
        "/app/prospects", {"first_name": "Rob", "last_name": "Mason", "language": "de"}, "/app/"
    )
    assert stored_language(app) == "de"
    assert html_lang(prospect_client) == "de"


def test_a_prospect_without_one_gets_the_companys(app, runner, make_rep, make_prospect,
                                                  prospect_client):  # fmt: skip
    make_prospect(make_rep())
    assert html_lang(prospect_client) == "en"
    result = runner.invoke(args=["company", "set", "language=French"])
    assert result.exit_code == 0, result.output
    assert html_lang(prospect_client) == "fr"  # at once: the cached page was cleared
    refused = runner.invoke(args=["company", "set", "language=xx"])
    assert refused.exit_code == 1 and SHIPPED in refused.output
    assert html_lang(prospect_client) == "fr"


def test_the_form_refuses_a_language_we_do_not_ship(app, auth, client, make_rep):
    make_rep()
    auth.login()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/app/").get_data(True))
    response = client.post(
        "/app/prospects",
        data={"csrf_token": token.group(1), "first_name": "Rob", "language": "Klingon"},
    )
    assert SHIPPED in response.get_data(as_text=True)
    with app.app_context():
        assert not get_session().exec(select(Prospect)).all()


def test_the_rep_changes_it_on_the_prospects_page(app, auth, make_rep, make_prospect,
                                                  prospect_client):  # fmt: skip
    rob = make_prospect(make_rep())
    auth.login()
    page = f"/app/prospects/{rob.id}"
    auth.post(f"{page}/script-choices", {"goal": "", "name_spelling": "", "language": "es"}, page)
    assert stored_language(app) == "es" and html_lang(prospect_client) == "es"
    # The "use the suggested spelling" button sends no language: it stays.
    auth.post(f"{page}/script-choices", {"goal": "", "name_spelling": "R O B"}, page)
    assert stored_language(app) == "es"


def test_a_csv_language_column(app, auth, client, make_rep):
    make_rep()
    auth.login()
    data = "First Name,Last Name,Language\nRob,Mason,German\nAnn,Clark,Klingon\nEve,Stone,\n"
    preview = upload(client, data.encode()).get_data(as_text=True)
    assert SHIPPED in preview  # Ann's row is skipped, with the reason
    assert prospect_count(app) == 0  # a preview stores nothing
    auth.post("/app/import/confirm", {"token": confirm_token(preview)}, form_page="/app/import")
    assert stored_language(app) == "de" and stored_language(app, "Eve-Stone") == ""
    assert prospect_count(app) == 2


def test_the_api_takes_and_shows_it(app, client, make_rep):
    api = Api(client, token_for(app, make_rep()))
    made = api.post(
        "/prospects", json={"first_name": "Rob", "last_name": "Mason", "language": "de-DE"}
    )
    assert made.status_code == 201 and made.get_json()["language"] == "de"
    refused = api.post("/prospects", json={"first_name": "Ann", "language": "xx"})
    assert refused.status_code in (400, 422)
    assert SHIPPED in refused.get_json()["error"]["message"] + str(refused.get_json())


def test_the_cli_takes_it(app, runner, make_rep):
    make_rep(admin=True)
    result = runner.invoke(args=["prospect", "add", "--first", "Rob", "--last", "Mason",
                                 "--language", "nl"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert stored_language(app) == "nl"
    refused = runner.invoke(args=["prospect", "add", "--first", "Ann", "--language", "xx"])
    assert refused.exit_code == 1 and SHIPPED in refused.output
