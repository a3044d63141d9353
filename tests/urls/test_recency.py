"""Issue 21.2 and 21.4: a URL nobody said aloud cannot have been heard. Of the prospects
near a typed path, the one left a voicemail lately is the one it meant; two typos, or half
a name, reach no one while somebody else is about as near."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from landing.core.clock import utcnow
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.team import company
from landing.urls import heard_index
from landing.urls.resolve import judge, near_match
from tests.urls.test_heard_urls import typed_near
from tests.urls.test_partial_names import left_voicemail


def set_window(app, days) -> None:
    with app.app_context():
        session = get_session()
        current = company.stored(session, app.config)
        fields = {f: current[f] for f in ("name", "public_base_url", "video_url", "offer_text")}
        refs = {f: current[f] for f in ("reference_1", "reference_2")}
        company.save(session, **fields, **refs, heard_recent_days=days)


def where(client, path: str) -> str:
    response = client.get(path)
    if response.status_code == 404:
        return "404"
    assert response.status_code in (301, 302), response.status_code
    return response.headers["Location"]


@pytest.fixture
def smiths(app, make_rep, make_prospect):
    """Jon Smith and John Smith: `Jonh-Smith` is one edit from each. (New slugs are distinct
    by ear; these two were made rivals on purpose, as a team's older data may hold.)"""
    rep = make_rep()
    return (
        rep,
        make_prospect(rep, "Jon", "Smith"),
        make_prospect(rep, "John", "Smith", company="Globex", slug="John-Smith", allow_rival=True),
    )


def test_two_as_near_and_never_called_is_still_a_404(smiths, prospect_client):
    assert where(prospect_client, "/Jonh-Smith") == "404"
    assert where(prospect_client, "/Smith") == "404"


def test_the_one_left_a_voicemail_lately_wins(app, smiths, prospect_client):
    rep, jon, john = smiths
    left_voicemail(app, rep, john, days_ago=20)  # within the default 30 days
    assert where(prospect_client, "/Jonh-Smith") == "/John-Smith"
    assert where(prospect_client, "/Jon-Smyth") == "/John-Smith"  # sounds like both


def test_two_left_voicemails_lately_is_a_404(app, smiths, prospect_client):
    rep, jon, john = smiths
    left_voicemail(app, rep, john)
    left_voicemail(app, rep, jon, days_ago=3)
    assert where(prospect_client, "/Jonh-Smith") == "404"


def test_a_voicemail_older_than_the_window_is_no_evidence(app, smiths, prospect_client):
    rep, _jon, john = smiths
    left_voicemail(app, rep, john, days_ago=31)
    assert where(prospect_client, "/Jonh-Smith") == "404"


def test_the_window_is_the_companys_and_0_keeps_the_old_rule(app, smiths, prospect_client):
    rep, _jon, john = smiths
    set_window(app, 0)
    left_voicemail(app, rep, john)
    assert where(prospect_client, "/Jonh-Smith") == "404"
    assert where(prospect_client, "/Smith") == "404"


def test_a_shorter_window(app, smiths, prospect_client):
    rep, _jon, john = smiths
    set_window(app, 7)
    left_voicemail(app, rep, john, days_ago=10)
    assert where(prospect_client, "/Jonh-Smith") == "404"


def test_a_guess_at_someone_never_called_is_unsafe_beside_one_heard(
    app, make_rep, make_prospect, prospect_client
):
    rep = make_rep()
    make_prospect(rep, "Rob", "Mason")
    bob = make_prospect(rep, "Bob", "Mason")
    left_voicemail(app, rep, bob)
    # One edit from Rob Mason, never called; two from Bob Mason, who heard a URL lately.
    assert where(prospect_client, "/Robb-Mason") == "404"
    assert where(prospect_client, "/Rob-Masn") == "404"
    assert prospect_client.get("/Rob-Mason").status_code == 200  # the exact slug is his


def test_without_voicemails_a_lone_near_match_still_reaches(
    app, make_rep, make_prospect, prospect_client
):
    make_prospect(make_rep(), "Rob", "Mason")
    assert where(prospect_client, "/Rob-Masn") == "/Rob-Mason"
    assert where(prospect_client, "/Rob-Mayson") == "/Rob-Mason"
    assert where(prospect_client, "/Mason-Rob") == "/Rob-Mason"


def test_a_name_alone_needs_a_voicemail_and_then_picks_the_one(app, smiths, prospect_client):
    rep, _jon, john = smiths
    assert where(prospect_client, "/John") == "404"
    left_voicemail(app, rep, john, days_ago=2)
    assert where(prospect_client, "/John") == "/John-Smith"
    assert where(prospect_client, "/Smith") == "/John-Smith"  # two Smiths, one heard it


def test_a_name_alone_never_after_14_days_whatever_the_window(app, smiths, prospect_client):
    rep, _jon, john = smiths
    left_voicemail(app, rep, john, days_ago=20)
    assert where(prospect_client, "/John") == "404"
    assert where(prospect_client, "/Jonh-Smith") == "/John-Smith"  # the whole name still does


def test_the_setting_is_checked(app):
    with app.app_context(), pytest.raises(InputError) as error:
        set_window(app, -1)
    assert "heard_recent_days" in error.value.errors


def test_the_cli_sets_the_window(app, runner):
    result = runner.invoke(["company", "set", "heard_recent_days=10"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(["company", "set", "heard_recent_days=many"]).exit_code == 1


# --- 21.4: two typos only where nothing else is near ---


def test_two_typos_from_one_and_two_from_another_is_a_404(
    app, make_rep, make_prospect, prospect_client
):
    rep = make_rep()
    make_prospect(rep, "Adam", "Clark")
    make_prospect(rep, "Ann", "Clark")
    # Two edits from Adam Clark, and two from Ann Clark (whose key is too short to take two).
    assert where(prospect_client, "/Am-Clark") == "404"


def test_half_a_name_with_someone_two_edits_away_is_a_404(
    app, make_rep, make_prospect, prospect_client
):
    rep = make_rep()
    jayde = make_prospect(rep, "Jayde", "Keating")
    jay = make_prospect(rep, "Jay", "Dean")
    left_voicemail(app, rep, jayde)
    left_voicemail(app, rep, jay)
    assert where(prospect_client, "/Jay-De") == "404"  # Jay Dean, who heard his, is two edits away
    assert where(prospect_client, "/Jayde") == "404"


def test_without_voicemails_as_evidence_anyone_two_edits_away_counts(
    app, make_rep, make_prospect, prospect_client
):
    rep = make_rep()
    jayde = make_prospect(rep, "Jayde", "Keating")
    make_prospect(rep, "Jay", "Dean")
    set_window(app, 0)
    left_voicemail(app, rep, jayde)  # the name alone may reach her, but Jay Dean is near
    assert where(prospect_client, "/Jay-De") == "404"
    assert where(prospect_client, "/Keating") == "/Jayde-Keating"


def test_two_typos_reach_when_nothing_else_is_near(app, make_rep, make_prospect, prospect_client):
    rep = make_rep()
    make_prospect(rep, "Katherine", "Vandenberg")
    make_prospect(rep, "Adam", "Clark")
    assert where(prospect_client, "/Katharine-Vandenburg") == "/Katherine-Vandenberg"
    assert where(prospect_client, "/Adm-Clrk") == "/Adam-Clark"


def test_an_admin_sets_the_window_on_the_company_page(
    app, auth, make_rep, make_prospect, prospect_client
):
    rep = make_rep(admin=True)
    make_prospect(rep, "Jon", "Smith")
    john = make_prospect(rep, "John", "Smith", company="Globex")
    left_voicemail(app, rep, john)
    auth.login()
    page = auth.client.get("/app/company").get_data(as_text=True)
    assert "Days a voicemail counts for a misheard URL" in page and 'value="30"' in page
    bad = auth.post("/app/company", {"heard_recent_days": "-1"}, "/app/company")
    assert bad.status_code == 400 and "A whole number from 0 to 365." in bad.get_data(as_text=True)
    assert auth.post("/app/company", {"heard_recent_days": "0"}, "/app/company").status_code == 302
    assert where(prospect_client, "/Jonh-Smith") == "404"  # voicemails no longer count


MIXED = [("Rob", "Mason"), ("Bob", "Mason"), ("Ann", "Lee"), ("Anne", "Leigh"), ("Jon", "Smith"),
         ("John", "Smith"), ("Jay", "Dean"), ("Jayde", "Keating"), ("Adam", "Clark"),
         ("Ann", "Clark"), ("Katherine", "Vandenberg"), ("Shawn", "Kelly")]  # fmt: skip


@pytest.fixture
def mixed(app, make_rep, make_prospect):
    """Every other one left a voicemail lately, one of them too long ago."""
    rep = make_rep()
    for n, (first, last) in enumerate(MIXED):
        prospect = make_prospect(rep, first, last, company=f"Co{n}")
        if n % 2:
            left_voicemail(app, rep, prospect, days_ago=40 if n == 5 else n)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_with_voicemails_the_index_agrees_with_comparing_everyone(mixed, app, data):
    with app.app_context():
        conn = get_session().connection()
        every_probe = conn.execute(text("SELECT DISTINCT probe FROM heardkey")).scalars()
        everyone = heard_index.candidates(conn, list(every_probe))
        typed = data.draw(typed_near(sorted(c.slug for c in everyone)))
        now = utcnow()
        found = near_match(conn, typed, now, recent_days=30)
        brute = judge(typed, everyone, since=now - timedelta(days=30))
    # near_match may yet refuse a name alone (no voicemail in 14 days); nothing else differs.
    expected = None if brute.partial and found.target is None else brute.target_id
    assert found.target_id == expected, typed
    assert {c.id for c, _d in found.matched} == {c.id for c, _d in brute.matched}
