"""When a slug is chosen: warn when it competes with another for the same typos, offer
speakable alternatives, and let it change until a voicemail has said it."""

from __future__ import annotations

import json

import pytest

from landing.data.db import get_session
from landing.data.models import Prospect
from landing.team import api_tokens


@pytest.fixture
def dana(make_rep):
    return make_rep()


def add(auth, **fields):
    data = {"first_name": "", "last_name": "", "company": "", **fields}
    return auth.post("/app/prospects", data)


def test_a_slug_one_letter_from_another_is_warned_with_alternatives(
    app, dana, make_prospect, client, auth
):
    make_prospect(dana)  # Rob-Mason
    auth.login()
    # Insisted on (the app would pick Rob-Masen-Globex itself): still warned afterwards.
    response = add(
        auth,
        first_name="Rob",
        last_name="Masen",
        company="Globex Corp",
        slug="Rob-Masen",
        allow_rival="1",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="slug-warning"' in page
    assert "/Rob-Masen is one letter or one sound from /Rob-Mason" in page
    assert "Use /Rob-Masen-Globex</button>" in page
    assert "Use /Rob-Masen-Globex-Corp</button>" in page


def test_taking_an_alternative_moves_the_page(app, dana, make_prospect, client, auth):
    make_prospect(dana)
    masen = make_prospect(
        dana, last_name="Masen", company="Globex", slug="Rob-Masen", allow_rival=True
    )
    auth.login()
    url = f"/app/prospects/{masen.id}"
    response = auth.post(f"{url}/slug", {"slug": "Rob-Masen-Globex"}, form_page=url)
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "The URL is now /Rob-Masen-Globex (was /Rob-Masen)." in page
    assert 'id="slug-warning"' not in page
    assert app.test_client().get("/Rob-Masen-Globex").status_code == 200


def test_a_sound_alike_is_a_rival_too(app, dana, make_prospect):
    make_prospect(dana, first_name="Shawn", last_name="Kelly")
    sean = make_prospect(
        dana, first_name="Sean", last_name="Kelly", slug="Sean-Kelly", allow_rival=True
    )
    with app.app_context():
        from landing.prospects import service as prospects

        warning = prospects.slug_warning(get_session(), get_session().get(Prospect, sean.id))
    assert warning.rivals == ["Shawn-Kelly"]
    assert warning.alternatives[0] == "Sean-Kelly-2"


def test_no_warning_when_nothing_is_near(app, dana, make_prospect, client, auth):
    make_prospect(dana)
    katherine = make_prospect(dana, first_name="Katherine", last_name="Vandenberg")
    auth.login()
    page = client.get(f"/app/prospects/{katherine.id}").get_data(as_text=True)
    assert 'id="slug-warning"' not in page
    assert "Change the URL" in page


@pytest.mark.parametrize(
    "slug, message",
    [
        ("Rob Mason!", "Use letters and digits"),
        ("login", "kept for the app itself"),
        ("Kim-Lee", "is already taken"),
        ("", "Use letters and digits"),
    ],
)
def test_bad_new_slugs_are_refused_and_nothing_changes(
    app, dana, make_prospect, client, auth, slug, message
):
    rob = make_prospect(dana)
    make_prospect(dana, first_name="Kim", last_name="Lee")
    auth.login()
    url = f"/app/prospects/{rob.id}"
    auth.post(f"{url}/slug", {"slug": slug}, form_page=url)
    assert message in client.get(url).get_data(as_text=True)
    assert app.test_client().get("/Rob-Mason").status_code == 200


def test_once_a_voicemail_said_it_the_url_stays(app, dana, make_prospect, client, auth, runner):
    rob = make_prospect(dana)
    runner.invoke(["voicemail", "log", "Rob-Mason"])
    auth.login()
    url = f"/app/prospects/{rob.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Change the URL" not in page
    auth.post(f"{url}/slug", {"slug": "Robert-Mason"}, form_page="/app/")
    assert "already said this URL aloud" in client.get(url).get_data(as_text=True)
    result = runner.invoke(["prospect", "rename", "Rob-Mason", "Robert-Mason"])
    assert result.exit_code == 1 and "already said this URL aloud" in result.output


def test_someone_elses_prospect_cannot_be_renamed(app, make_rep, make_prospect, client, auth):
    make_rep()
    other = make_prospect(make_rep(email="lee@acme.com", name="Lee"))
    auth.login()
    response = auth.post(f"/app/prospects/{other.id}/slug", {"slug": "Stolen"})
    assert response.status_code == 404
    assert app.test_client().get("/Rob-Mason").status_code == 200


def test_cli_warns_on_stderr_and_in_json(app, make_rep, make_prospect, runner):
    dana = make_rep(admin=True)
    make_prospect(dana)
    result = runner.invoke(
        ["prospect", "add", "--first", "Rob", "--last", "Masen", "--slug", "Rob-Masen",
         "--allow-rival"]
    )  # fmt: skip
    assert result.exit_code == 0
    assert "Warning: /Rob-Masen is one letter or one sound from /Rob-Mason" in result.output
    assert "landing prospect rename Rob-Masen NEW" in result.output
    data = json.loads(
        runner.invoke(["prospect", "add", "--first", "Kate", "--last", "Vale", "--json"]).output
    )
    assert data["slug_warning"] is None
    renamed = runner.invoke(["prospect", "rename", "Rob-Masen", "Rob-Masen-2"])
    assert renamed.exit_code == 0 and "/Rob-Masen-2 (was /Rob-Masen)" in renamed.output
    assert runner.invoke(["prospect", "rename", "Nobody", "X"]).exit_code == 1


def test_another_reps_prospect_is_never_named(app, make_rep, make_prospect, client, auth, runner):
    """Rep B adding Rob Masen learns that the URL is close to another one, not that rep A
    has a prospect called Rob Mason (issue 14, item 15c): not on the page, the API or the CLI."""
    make_rep("ann@acme.com", "Ann Avery", admin=True)
    ann = make_rep("ann2@acme.com", "Ann Two")
    make_prospect(ann)  # rep A's Rob-Mason
    ben = make_rep("ben@acme.com", "Ben Bell")
    make_prospect(ben, first_name="Kim", last_name="Lee")
    auth.login("ben@acme.com")
    response = add(
        auth,
        first_name="Rob",
        last_name="Masen",
        company="Globex",
        slug="Rob-Masen",
        allow_rival="1",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="slug-warning"' in page
    assert "/Rob-Masen is one letter or one sound from another URL on this site" in page
    assert "Rob-Mason" not in page and "Mason" not in page
    assert "Use /Rob-Masen-Globex</button>" in page  # still offered a way out

    # His own near prospect is named; rep A's is still only "another URL".
    make_prospect(ben, first_name="Kim", last_name="Leigh")
    with app.app_context():
        _row, token = api_tokens.create(get_session(), ben, "test")
    created = client.post(
        "/api/v1/prospects",
        json={
            "first_name": "Rob",
            "last_name": "Massen",
            "slug": "Rob-Massen",
            "allow_rival": True,
        },  # fmt: skip
        headers={"Authorization": f"Bearer {token}"},
    )
    warning = created.get_json()["slug_warning"]
    assert warning["rivals"] == ["Rob-Masen"] and warning["near_others"] is True
    assert "Rob-Mason" not in created.get_data(as_text=True)
    assert warning["message"].startswith(
        "/Rob-Massen is one letter or one sound from /Rob-Masen and another URL:"
    )

    for extra in ([], ["--json"]):
        result = runner.invoke(
            [
                "prospect",
                "add",
                "--first",
                "Rob",
                "--last",
                "Masin",
                "--rep",
                "ben@acme.com",
                "--slug",
                "Rob-Masin",
                "--allow-rival",
            ]
            + extra  # fmt: skip
        )
        assert result.exit_code == 0, result.output
        assert "another URL" in result.output and "Rob-Mason" not in result.output
        runner.invoke(["prospect", "delete", "Rob-Masin"])
