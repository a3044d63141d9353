"""The prospect list a rep narrows: search (typos forgiven), filters, sort, pages, and the
actions on ticked rows, in the browser's HTML, with each rep seeing only their own."""

from __future__ import annotations

import re

from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Prospect
from tests.conftest import engage


def _names(html: str) -> list[str]:
    """The names in the list's rows, in order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r'<td class="who"><a href="/app/prospects/\d+">([^<]+)</a>', body)


def _team(make_rep, make_prospect):
    dana = make_rep()
    lee = make_rep(email="lee@acme.com", name="Lee Park")
    made = {
        "rob": make_prospect(dana, "Rob", "Mason", company="Acme Freight", email="rob@acme.com"),
        "siobhan": make_prospect(dana, "Siobhan", "Kelly", company="Kelly Logistics"),
        "ana": make_prospect(dana, "Ana", "Lopez", company="Norte", goal="callback"),
        "other": make_prospect(lee, "Robert", "Masonic", company="Acme Freight"),
    }
    return dana, lee, made


def test_the_list_searches_name_company_email_and_url_forgiving_typos(
    client, auth, make_rep, make_prospect
):
    _team(make_rep, make_prospect)
    auth.login()
    assert _names(client.get("/app/prospects").get_data(as_text=True)) == [
        "Ana Lopez", "Siobhan Kelly", "Rob Mason",
    ]  # fmt: skip
    for typed, expected in [
        ("acme", ["Rob Mason"]),  # company; Lee's Robert Masonic is not Dana's
        ("rob@acme", ["Rob Mason"]),  # email
        ("Siobhan-Kelly", ["Siobhan Kelly"]),  # URL
        ("Rob Masen", ["Rob Mason"]),  # a typo
        ("shivawn kelly", ["Siobhan Kelly"]),  # as it sounds
        ("norte lopez", ["Ana Lopez"]),  # words in different fields
    ]:
        html = client.get("/app/prospects", query_string={"q": typed}).get_data(as_text=True)
        assert _names(html) == expected, typed
    html = client.get("/app/prospects?q=zzzz").get_data(as_text=True)
    assert "No prospect matches “zzzz”" in html


def test_filters_and_sorts(app, client, prospect_client, auth, make_rep, make_prospect):
    _dana, _lee, made = _team(make_rep, make_prospect)
    engage(prospect_client, "/Siobhan-Kelly", "click_booking")
    auth.login()
    hot = client.get("/app/prospects?filter=hot").get_data(as_text=True)
    assert _names(hot) == ["Siobhan Kelly"]
    assert "tapped Book a meeting" in hot
    engaged = client.get("/app/prospects?filter=engaged").get_data(as_text=True)
    assert _names(engaged) == ["Siobhan Kelly"]
    assert _names(client.get("/app/prospects?goal=callback").get_data(as_text=True)) == [
        "Ana Lopez"
    ]
    # Empty goals are the rep's default, the team's "visit" here.
    assert "Ana Lopez" not in _names(client.get("/app/prospects?goal=visit").get_data(True))
    assert _names(client.get("/app/prospects?sort=score").get_data(as_text=True))[0] == (
        "Siobhan Kelly"
    )
    assert _names(client.get("/app/prospects?sort=last_visit").get_data(True))[0] == (
        "Siobhan Kelly"
    )
    with app.app_context():
        session = get_session()
        rob = session.get(Prospect, made["rob"].id)
        rob.voicemails_left = 1
        session.add(rob)
        session.commit()
    assert _names(client.get("/app/prospects?attempt=2").get_data(True)) == ["Rob Mason"]
    not_called = _names(client.get("/app/prospects?filter=not_called").get_data(True))
    assert "Rob Mason" not in not_called and "Ana Lopez" in not_called
    # Every new prospect's call is two business days out: none is due today.
    assert "No prospect matches" in client.get("/app/prospects?filter=due").get_data(True)


def test_bad_parameters_say_what_they_may_be(client, auth, make_rep, make_prospect):
    _team(make_rep, make_prospect)
    auth.login()
    response = client.get("/app/prospects?filter=warm&sort=age")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Unknown filter &#39;warm&#39;" in html and "Sort by one of" in html
    assert "Rob Mason" in html  # the whole list instead


def test_pages(app, client, auth, make_rep, make_prospect):
    dana = make_rep()
    for n in range(55):
        make_prospect(dana, f"Person{n}", "Tester", company=f"Co {n}")
    auth.login()
    first = client.get("/app/prospects").get_data(as_text=True)
    assert len(_names(first)) == 50 and "55 prospects · page 1 of 2" in first
    assert 'href="/app/prospects?page=2" rel="next"' in first
    second = client.get("/app/prospects?page=2").get_data(as_text=True)
    assert _names(second) == [f"Person{n} Tester" for n in range(4, -1, -1)]


def test_bulk_archive_goal_export_touch_only_the_reps_own(
    app, client, auth, make_rep, make_prospect
):
    _dana, _lee, made = _team(make_rep, make_prospect)
    auth.login()
    ids = [str(made["rob"].id), str(made["other"].id)]  # Lee's prospect sent along
    response = auth.post(
        "/app/prospects/bulk", {"action": "archive", "ids": ids}, form_page="/app/prospects"
    )
    assert response.status_code == 302
    html = client.get("/app/prospects").get_data(as_text=True)
    assert "1 prospect archived" in html and "Rob Mason" not in _names(html)
    archived = client.get("/app/prospects?filter=archived").get_data(as_text=True)
    assert _names(archived) == ["Rob Mason"] and '<option value="restore">' in archived
    auth.post("/app/prospects/bulk", {"action": "restore", "ids": [str(made["rob"].id)]},
              form_page="/app/prospects")  # fmt: skip
    assert "Rob Mason" in _names(client.get("/app/prospects").get_data(as_text=True))
    with app.app_context():
        assert get_session().get(Prospect, made["other"].id).archived_at is None
    ids = [str(made["ana"].id), str(made["siobhan"].id)]
    auth.post("/app/prospects/bulk", {"action": "goal", "goal": "educate", "ids": ids},
              form_page="/app/prospects")  # fmt: skip
    assert _names(client.get("/app/prospects?goal=educate").get_data(True)) == [
        "Ana Lopez", "Siobhan Kelly",
    ]  # fmt: skip
    exported = auth.post("/app/prospects/bulk", {"action": "export", "ids": [ids[0]]},
                         form_page="/app/prospects")  # fmt: skip
    assert exported.mimetype == "text/csv"
    text = exported.get_data(as_text=True)
    assert "Ana" in text and "Siobhan" not in text
    nothing = auth.post("/app/prospects/bulk", {"action": "archive"}, form_page="/app/prospects")
    assert "Select at least one prospect." in client.get(nothing.location).get_data(True)


def test_bulk_without_the_csrf_token_is_refused(client, auth, make_rep, make_prospect):
    _dana, _lee, made = _team(make_rep, make_prospect)
    auth.login()
    response = client.post(
        "/app/prospects/bulk", data={"action": "archive", "ids": [str(made["rob"].id)]}
    )
    assert response.status_code == 400
    assert "Rob Mason" in _names(client.get("/app/prospects").get_data(True))


def test_only_an_admin_hands_prospects_to_another_rep(app, client, auth, make_rep, make_prospect):
    admin = make_rep(email="ada@acme.com", name="Ada Admin", admin=True)
    lee = make_rep(email="lee@acme.com", name="Lee Park")
    mine = make_prospect(admin, "Rob", "Mason")
    leas = make_prospect(lee, "Kim", "Ng")
    auth.login("ada@acme.com")
    html = client.get("/app/prospects").get_data(as_text=True)
    assert "Hand to another rep" in html and "Lee Park" in html
    auth.post("/app/prospects/bulk", {"action": "reassign", "rep": str(lee.id),
              "ids": [str(mine.id)]}, form_page="/app/prospects")  # fmt: skip
    assert "1 prospect handed to Lee Park" in client.get("/app/prospects").get_data(True)
    auth.logout()
    auth.login("lee@acme.com")
    html = client.get("/app/prospects").get_data(as_text=True)
    assert _names(html) == ["Kim Ng", "Rob Mason"] and "Hand to another rep" not in html
    refused = auth.post("/app/prospects/bulk", {"action": "reassign", "rep": str(admin.id),
                        "ids": [str(leas.id)]}, form_page="/app/prospects")  # fmt: skip
    assert refused.status_code == 403
    with app.app_context():
        assert get_session().get(Prospect, leas.id).rep_id == lee.id


def test_adding_someone_already_listed_asks_first(app, client, auth, make_rep, make_prospect):
    dana, _lee, made = _team(make_rep, make_prospect)
    auth.login()
    form = {"first_name": "Rob", "last_name": "Mason", "company": "acme freight"}
    response = auth.post("/app/prospects", form)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert f'href="/app/prospects/{made["rob"].id}">Rob Mason</a>' in html
    assert "This is someone else: add a second prospect." in html
    by_email = auth.post("/app/prospects", {"first_name": "Robert", "email": "ROB@acme.com"})
    assert by_email.status_code == 409 and "the same email" in by_email.get_data(True)
    confirmed = auth.post("/app/prospects", {**form, "allow_duplicate": "1"})
    assert confirmed.status_code == 302
    with app.app_context():
        rows = get_session().exec(
            select(Prospect).where(Prospect.rep_id == dana.id, Prospect.first_name == "Rob")
        )
        assert len(rows.all()) == 2
