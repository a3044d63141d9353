"""Issue 14.3: a script cannot make a prospect "hot" or flood the rep with notices. A beacon
needs the hit's key (asked for by page.js, not in the page) and the page's own timing; one
visit's taps and one network's visitors count only so much; notices are spaced out."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Engagement, Notice, OutboxMessage, Prospect, Rep, Visit
from landing.pages import visits
from tests.conftest import BROWSER_UA, beacon


def page_token(client, path: str = "/Rob-Mason") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'data-hit="([^"]+)"', html).group(1)


def calls(runner) -> list[dict]:
    result = runner.invoke(["calls", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def rows(app, model) -> list:
    with app.app_context():
        return list(get_session().exec(select(model)))


def attacker(app, address: str = "203.0.113.66"):
    """A script with a browser's user agent that keeps no cookies."""
    client = app.test_client(use_cookies=False)
    client.environ_base.update(REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER_UA)
    return client


def with_webhook(app, rep) -> None:
    with app.app_context():
        session = get_session()
        found = session.get(Rep, rep.id)
        found.webhook_url = "https://hooks.example.com/landing"
        session.add(found)
        session.commit()


def test_the_reported_attack_no_longer_makes_anyone_hot(app, make_rep, make_prospect, runner):
    """GET the page, POST k=click_booking with its token: 30 times."""
    rep = make_rep(admin=True)
    with_webhook(app, rep)
    make_prospect(rep)
    script = attacker(app)
    for _ in range(30):
        token = page_token(script)
        response = script.post("/_/b", data={"t": token, "k": "click_booking"})
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "bad_key"
    assert calls(runner) == []
    assert rows(app, Notice) == [] and rows(app, OutboxMessage) == []
    assert rows(app, Engagement) == []


def test_with_the_key_but_no_waiting_nobody_is_engaged(app, make_rep, make_prospect, runner):
    make_prospect(make_rep(admin=True))
    script = attacker(app)
    for _ in range(10):
        token = page_token(script)
        assert beacon(script, token, "visible", after=0).status_code == 425  # too early
        assert beacon(script, token, "click_booking", after=0).status_code == 204  # kept...
    assert calls(runner) == []  # ...but no tap that early makes a person
    assert rows(app, Notice) == []
    assert {v.classification for v in rows(app, Visit)} == {"unconfirmed"}


def test_thirty_made_up_people_from_one_network_count_as_a_few(
    app, make_rep, make_prospect, runner, monkeypatch
):
    """The determined version: the key asked for, the three seconds waited, every tap sent."""
    now = datetime.now(UTC)  # all within one minute, as the visit limit counts
    monkeypatch.setattr(visits, "utcnow", lambda: now)
    rep = make_rep(admin=True)
    with_webhook(app, rep)
    make_prospect(rep)
    script = attacker(app)
    statuses = []
    for _ in range(30):
        token = page_token(script)
        for kind in ("visible", "click_call", "click_email", "click_booking", "click_offer"):
            statuses.append(beacon(script, token, kind).status_code)
    # Past 20 hits a minute from one address, hits are counted, not stored: no token to report
    assert statuses == [204] * 5 * 20 + [404] * 5 * 10
    [listed] = calls(runner)
    assert listed["people"] <= 4  # three visitors, then "more from this network" as one
    assert "30 people" not in listed["reason"]
    # visit + repeat visits + forwards + at most two taps a visit, for at most 4 visitors
    assert listed["score"] < 4 * (10 + 15 + 2 * 30)
    assert len(rows(app, Notice)) == 1  # one notice for the prospect in ten minutes
    assert len([m for m in rows(app, OutboxMessage) if m.channel == "webhook"]) == 1


def test_one_visit_scores_at_most_two_taps(app, make_rep, make_prospect, runner):
    make_prospect(make_rep(admin=True))
    person = app.test_client()
    person.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    token = page_token(person)
    for kind in ("visible", "click_call", "click_email", "click_booking", "click_offer"):
        assert beacon(person, token, kind).status_code == 204
    [listed] = calls(runner)
    taps = [e for e in listed["events"] if e["kind"] == "contact_click"]
    assert len(taps) == 2
    assert listed["people"] == 1


def test_a_busy_rep_gets_at_most_thirty_notices_an_hour(app, make_rep, make_prospect):
    rep = make_rep(admin=True)
    for n in range(35):
        make_prospect(rep, "Rob", f"Mason{chr(65 + n % 26)}{chr(65 + n // 26)}")
    with app.app_context():
        slugs = [p.slug for p in get_session().exec(select(Prospect))]
    for n, slug in enumerate(slugs):
        person = attacker(app, f"198.51.100.{n + 1}")
        assert beacon(person, page_token(person, f"/{slug}")).status_code == 204
    assert len(rows(app, Notice)) == 30
    assert len(rows(app, Visit)) == 35 and {v.classification for v in rows(app, Visit)} == {
        "engaged"
    }


def test_a_prospect_who_comes_back_after_the_quiet_spell_is_notified_again(
    app, make_rep, make_prospect
):
    make_prospect(make_rep(admin=True))
    person = app.test_client()
    person.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    assert beacon(person, page_token(person)).status_code == 204
    with app.app_context():  # 31 minutes later: a new visit, past the ten quiet minutes
        session = get_session()
        for row in [*session.exec(select(Visit)), *session.exec(select(Notice))]:
            row.at -= timedelta(minutes=31)
            session.add(row)
        session.commit()
    assert beacon(person, page_token(person)).status_code == 204
    assert len(rows(app, Notice)) == 2


def test_the_key_is_the_hits_own_and_not_in_the_page(app, make_rep, make_prospect):
    make_prospect(make_rep(admin=True))
    person = app.test_client()
    person.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    html = person.get("/Rob-Mason").get_data(as_text=True)
    first = re.search(r'data-hit="([^"]+)"', html).group(1)
    second = page_token(person)
    key_of_first = person.post("/_/b/key", data={"t": first}).get_json()["key"]
    assert key_of_first not in html
    response = person.post("/_/b", data={"t": second, "k": "visible", "s": key_of_first})
    assert response.status_code == 403
