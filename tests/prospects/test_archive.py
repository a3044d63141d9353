"""Archiving: the prospect leaves every list, the URL answers 404, and the slug and its
typos stay theirs."""

from __future__ import annotations

import pytest

from tests.conftest import engage


@pytest.fixture
def dana(make_rep):
    return make_rep(admin=True)


def test_archive_and_restore_in_the_app(app, dana, make_prospect, client, auth):
    rob = make_prospect(dana)
    engage(app.test_client())
    auth.login()
    assert "Rob Mason" in client.get("/app/").get_data(as_text=True)
    url = f"/app/prospects/{rob.id}"
    auth.post(f"{url}/archive", {}, form_page=url)
    assert "is archived" in client.get(url).get_data(as_text=True)
    visitor = app.test_client()
    assert visitor.get("/Rob-Mason").status_code == 404
    assert visitor.get("/rob-mason").status_code == 404
    assert visitor.get("/Rob-Masen").status_code == 404
    assert "Rob Mason" not in client.get("/app/").get_data(as_text=True)
    assert "Rob Mason" not in client.get("/app/prospects").get_data(as_text=True)
    archived = client.get("/app/prospects?filter=archived").get_data(as_text=True)
    assert "Rob Mason" in archived and "(archived)" in archived

    auth.post(f"{url}/archive", {"restore": "1"}, form_page=url)
    assert visitor.get("/Rob-Mason").status_code == 200
    assert "Rob Mason" in client.get("/app/").get_data(as_text=True)


def test_an_archived_slug_is_never_given_to_someone_else(app, dana, make_prospect, runner):
    make_prospect(dana)
    assert runner.invoke(["prospect", "archive", "Rob-Mason"]).exit_code == 0
    again = make_prospect(dana, company="Globex")
    assert again.slug == "Rob-Mason-Globex"
    # The archived Rob Mason's URL and its typos reach no one, not even the new Rob Mason.
    visitor = app.test_client()
    assert visitor.get("/Rob-Mason").status_code == 404
    assert visitor.get("/Rob-Mayson").status_code == 404


def test_cli_archive_and_restore(app, dana, make_prospect, runner):
    make_prospect(dana)
    result = runner.invoke(["prospect", "archive", "Rob-Mason"])
    assert "Archived Rob Mason; /Rob-Mason now answers 404." in result.output
    assert app.test_client().get("/Rob-Mason").status_code == 404
    result = runner.invoke(["prospect", "restore", "Rob-Mason"])
    assert result.exit_code == 0 and "works again" in result.output
    assert app.test_client().get("/Rob-Mason").status_code == 200
    missing = runner.invoke(["prospect", "archive", "Nobody-Here"])
    assert missing.exit_code == 1 and "no prospect with slug Nobody-Here" in missing.output


def test_someone_elses_prospect_cannot_be_archived(app, make_rep, make_prospect, client, auth):
    make_rep()
    other = make_prospect(make_rep(email="lee@acme.com", name="Lee"))
    auth.login()
    assert auth.post(f"/app/prospects/{other.id}/archive", {}).status_code == 404
    assert app.test_client().get("/Rob-Mason").status_code == 200
