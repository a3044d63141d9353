"""Issue 14.7: half a name must not reveal the whole. A first or last name alone leads to a
prospect only within 14 days of a voicemail to them (a listener types what they heard), and
every near-match guess counts toward the address's miss limit, like a 404."""

from __future__ import annotations

from datetime import date, timedelta

from landing.calls import outcomes
from landing.core.clock import utcnow
from landing.data.db import get_session
from landing.scripts.library import BUILTINS
from tests.conftest import BROWSER_UA


def prober(app, address: str = "203.0.113.77"):
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER_UA)
    return client


def left_voicemail(app, rep, prospect, days_ago: float = 0) -> None:
    with app.app_context():
        session = get_session()
        outcomes.log_outcome(
            session, session.merge(rep), session.merge(prospect), outcomes.VOICEMAIL_LEFT,
            template_key=BUILTINS[0].key, today=date.today(),
            at=utcnow() - timedelta(days=days_ago),
        )  # fmt: skip


def test_a_first_name_alone_reveals_no_one_without_a_voicemail(app, make_rep, make_prospect):
    make_prospect(make_rep(), "Siobhan", "Quillfeather")
    client = prober(app)
    assert client.get("/Siobhan").status_code == 404
    assert client.get("/Quillfeather").status_code == 404
    assert client.get("/Siobhan-Quilfeather").status_code == 302  # a typo of the whole name


def test_after_a_voicemail_the_name_alone_reaches_them_for_14_days(app, make_rep, make_prospect):
    rep = make_rep()
    siobhan = make_prospect(rep, "Siobhan", "Quillfeather")
    left_voicemail(app, rep, siobhan, days_ago=15)
    client = prober(app)
    assert client.get("/Siobhan").status_code == 404  # that one is too old
    left_voicemail(app, rep, siobhan, days_ago=13)
    response = client.get("/Siobhan")
    assert response.status_code == 302 and response.headers["Location"] == "/Siobhan-Quillfeather"
    assert client.get("/quillfeather").headers["Location"] == "/Siobhan-Quillfeather"


def test_forty_near_match_probes_are_cut_off_by_the_miss_limit(app, make_rep, make_prospect):
    rep = make_rep()
    for n in range(40):
        first = f"Name{chr(65 + n % 26)}{chr(65 + n // 26)}x"
        prospect = make_prospect(rep, first, "Quillfeather" + chr(65 + n % 26) + str(n))
        left_voicemail(app, rep, prospect)
    client = prober(app)
    answered = [client.get(f"/Name{chr(65 + n % 26)}{chr(65 + n // 26)}x").status_code
                for n in range(40)]  # fmt: skip
    assert answered[:30] == [302] * 30
    assert answered[30:] == [429] * 10
    assert prober(app, "198.51.100.1").get("/NameAAx").status_code == 302  # others unaffected
