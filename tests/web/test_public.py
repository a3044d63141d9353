"""What a prospect (or a bot, or a stranger) gets from the public side."""

import re

from sqlmodel import Session, select

from landing.data.db import get_session, make_engine
from landing.data.models import Prospect, Visit
from tests.conftest import BROWSER_UA


def visits(app) -> list[Visit]:
    with app.app_context():
        return list(get_session().exec(select(Visit).order_by(Visit.id)))


def test_page_thanks_the_prospect_and_offers_ways_to_reach_the_rep(
    app, make_rep, make_prospect, prospect_client
):
    rep = make_rep(phone="+1 555 010 0199", booking_url="https://cal.example/dana")
    make_prospect(rep)
    response = prospect_client.get("/Rob-Mason")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Thanks for stopping by, Rob." in html
    assert "Dana Reyes" in html
    assert 'href="tel:+15550100199"' in html
    assert 'href="mailto:dana@acme.com' in html
    booking = re.search(r'href="(/_/go/[^"]+/booking)"', html).group(1)
    assert prospect_client.get(booking).headers["Location"] == "https://cal.example/dana"
    assert "will call you again on" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response.headers["X-Robots-Tag"].startswith("noindex")
    # Readable without JavaScript; the one script is our own, for engagement beacons.
    assert re.findall(r"<script[^>]*>", html) == [
        re.search(
            r'<script src="/static/page\.js" defer data-hit="[^"]+" data-beacon="/_/b">', html
        ).group(0)
    ]


def test_page_shows_no_booking_button_without_a_link(make_rep, make_prospect, prospect_client):
    make_prospect(make_rep())
    assert "Book a meeting" not in prospect_client.get("/Rob-Mason").get_data(as_text=True)


def test_other_spellings_redirect_to_the_canonical_slug(make_rep, make_prospect, prospect_client):
    make_prospect(make_rep())
    for typed in ("rob-mason", "ROB_MASON", "robmason", "Rob.Mason", "Rob-Mason/", "rob%20mason"):
        response = prospect_client.get("/" + typed)
        assert response.status_code == 301, typed
        assert response.headers["Location"] == "/Rob-Mason", typed


def test_redirects_are_not_counted_twice(app, make_rep, make_prospect, prospect_client):
    make_prospect(make_rep())
    prospect_client.get("/rob-mason", follow_redirects=True)
    assert [v.classification for v in visits(app)] == ["unconfirmed"]


def test_unknown_slug_gets_the_same_plain_404(make_rep, make_prospect, prospect_client):
    make_prospect(make_rep())
    bodies = set()
    for typed in ("Nobody-Here", "Rob-Masonxyz", "x/y/z", "Ann-Lee"):
        response = prospect_client.get("/" + typed)
        assert response.status_code == 404
        bodies.add(response.get_data(as_text=True))
    assert len(bodies) == 1
    (body,) = bodies
    assert "Rob" not in body and "Mason" not in body and "Dana" not in body


def test_visit_records_truncated_ip_agent_referrer_and_class(
    app, make_rep, make_prospect, prospect_client
):
    make_prospect(make_rep())
    prospect_client.get(
        "/Rob-Mason",
        headers={"Referer": "https://mail.example/inbox"},
        environ_base={"REMOTE_ADDR": "203.0.113.77"},
    )
    (visit,) = visits(app)
    assert visit.ip == "203.0.113.0"
    assert visit.user_agent == BROWSER_UA
    assert visit.referrer == "mail.example"  # the host only: a path can name the prospect
    assert (visit.classification, visit.reason) == ("unconfirmed", "browser user agent")
    assert visit.at.tzinfo is not None


def test_bots_and_head_requests_are_kept_but_classified(app, make_rep, make_prospect, client):
    make_prospect(make_rep())
    client.get("/Rob-Mason", headers={"User-Agent": "facebookexternalhit/1.1"})
    client.head("/Rob-Mason", headers={"User-Agent": BROWSER_UA})
    client.get("/Rob-Mason", headers={"User-Agent": ""})
    rows = visits(app)
    assert [v.classification for v in rows] == ["bot", "bot", "bot"]
    assert rows[1].reason == "HEAD request"
    assert rows[2].reason == "no user agent"


def test_a_signed_in_reps_view_is_not_the_prospects(app, auth, client, make_rep, make_prospect):
    make_prospect(make_rep())
    auth.login()
    client.get("/Rob-Mason", headers={"User-Agent": BROWSER_UA})
    (visit,) = visits(app)
    assert visit.classification == "rep"


def test_a_visit_that_cannot_be_stored_still_gets_the_page(
    app, make_rep, make_prospect, prospect_client, monkeypatch, caplog
):
    from sqlalchemy.exc import OperationalError

    from landing.web import public

    make_prospect(make_rep())

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(public, "record_visit", broken)
    response = prospect_client.get("/Rob-Mason")
    assert response.status_code == 200
    assert "Thanks for stopping by, Rob." in response.get_data(as_text=True)
    assert "visit NOT recorded" in caplog.text


def test_site_root_and_robots_name_no_one(make_rep, make_prospect, client):
    make_prospect(make_rep())
    home = client.get("/").get_data(as_text=True)
    assert "Rob" not in home and "Acme" in home
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /" in robots


def test_reserved_words_cover_every_route(app):
    from landing.urls.slugs import RESERVED, slug_key

    for rule in app.url_map.iter_rules():
        first = rule.rule.strip("/").split("/")[0]
        if first and not first.startswith("<") and slug_key(first):
            assert slug_key(first) in RESERVED, rule.rule


def test_rename_in_another_worker_is_seen_within_the_cache_time(
    app, make_rep, make_prospect, prospect_client
):
    """Pages are cached per worker for seconds; a cache of 0 s always asks the database.
    (A commit in this worker clears its cache at once: tests/web/test_page_cache.py.)"""
    prospect = make_prospect(make_rep())
    assert prospect_client.get("/Rob-Mason").status_code == 200
    other_worker = make_engine(app.config["DATABASE_URL"])  # its own engine, its own cache
    with Session(other_worker) as session:
        row = session.get(Prospect, prospect.id)
        row.slug, row.slug_key = "Robert-Mason", "robertmason"
        session.commit()
    other_worker.dispose()
    # Still cached in this worker for PAGE_CACHE_SECONDS ...
    assert prospect_client.get("/Rob-Mason").status_code == 200
    app.extensions["landing.web.page_cache"].seconds = 0
    app.extensions["landing.web.page_cache"].clear()
    # ... then the database says the slug changed; the old name still reaches its person.
    old = prospect_client.get("/Rob-Mason")
    assert (old.status_code, old.headers["Location"]) == (302, "/Robert-Mason")
    assert prospect_client.get("/Robert-Mason").status_code == 200
