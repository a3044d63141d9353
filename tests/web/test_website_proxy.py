"""Us first, then the website (WEBSITE_UPSTREAM): landing answers its prospects and its own
paths, the website everything else, with its status, headers and body as it sent them."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from landing import create_app
from landing.data.db import get_engine, get_session
from landing.data.models import MissedVisit, Visit
from landing.urls import website as website_paths
from landing.web.trusted_proxies import networks
from tests.website_upstream import website


@pytest.fixture
def site():
    with website() as origin:
        yield origin


@pytest.fixture
def proxied(tmp_path, database_url, site):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "PUBLIC_BASE_URL": "https://acme.com",
            "WEBSITE_UPSTREAM": site,
            "WEBSITE_READ_TIMEOUT_SECONDS": 1,
        }
    )
    yield app
    with app.app_context():
        get_engine().dispose()


@pytest.fixture
def rob(proxied, make_rep, make_prospect):
    return make_prospect(make_rep())


def visits(app) -> list[Visit]:
    with app.app_context():
        return list(get_session().exec(select(Visit)))


def test_the_website_keeps_its_pages_and_landing_its_prospects(proxied, rob):
    client = proxied.test_client()
    home = client.get("/")
    assert home.status_code == 200 and "Acme, the website" in home.get_data(as_text=True)
    assert home.headers["X-Website"] == "yes"
    assert "Content-Security-Policy" not in home.headers  # the website's page, as it sent it
    assert "Acme pricing" in client.get("/pricing").get_data(as_text=True)
    assert "Hello from the blog" in client.get("/blog/hello").get_data(as_text=True)
    page = client.get("/Rob-Mason")
    assert page.status_code == 200 and "X-Website" not in page.headers
    assert "Rob" in page.get_data(as_text=True)
    assert len(visits(proxied)) == 1
    # A heard variant is still a redirect to the prospect, not the website's 404.
    assert client.get("/rob-mason").headers["Location"] == "/Rob-Mason"
    assert client.get("/Rob-Masen").headers["Location"] == "/Rob-Mason"


def test_landing_keeps_its_own_paths(proxied, rob):
    client = proxied.test_client()
    assert client.get("/app/").status_code == 302  # to sign in, landing's
    api = client.get("/api/v1/nothing-here")
    assert api.status_code in (401, 404) and api.is_json
    assert "X-Website" not in client.get("/healthz").headers
    assert client.get("/static/page.css").status_code == 200
    # landing has no such file: the website's, which has
    assert client.get("/static/site.css").headers["X-Website"] == "yes"


def test_what_neither_has_is_the_websites_404(proxied, rob):
    client = proxied.test_client()
    response = client.get("/no-such-thing")
    assert response.status_code == 404
    assert "The website has no such page" in response.get_data(as_text=True)
    with proxied.app_context():  # still a miss in landing's log, for the rep's "probably"
        assert [m.path for m in get_session().exec(select(MissedVisit))] == ["no-such-thing"]


def test_a_known_website_path_goes_straight_to_the_website(proxied, rob, make_prospect):
    with proxied.extensions["landing.engine"].begin() as conn:
        website_paths.replace(conn, ["pricing"])
    client = proxied.test_client()
    assert client.get("/Pricing").headers["X-Website"] == "yes"
    with proxied.app_context():
        assert list(get_session().exec(select(MissedVisit))) == []


def test_requests_and_answers_pass_through(proxied, site):
    client = proxied.test_client()
    seen = json.loads(client.get("/echo?q=1", headers={"X-Forwarded-For": "6.6.6.6"}).data)
    assert seen["path"] == "/echo?q=1"
    headers = seen["headers"]
    assert headers["Host"] == site.removeprefix("http://")
    assert headers["X-Forwarded-For"] == "127.0.0.1"  # what landing trusts, not the claim
    assert headers["X-Forwarded-Host"] == "localhost"
    # landing's own cookies stay with landing; the website's go to it.
    client.set_cookie("session", "rep-session")
    client.set_cookie("lv", "visitor")
    client.set_cookie("site", "1")
    seen = json.loads(client.get("/echo").data)
    assert seen["headers"]["Cookie"] == "site=1"
    posted = client.post("/contact", data="name=Rob&msg=hi", content_type="text/plain")
    assert posted.status_code == 201
    assert json.loads(posted.data) == {"path": "/contact", "body": "name=Rob&msg=hi"}
    assert client.get("/chunked").get_data() == b"one two three"
    moved = client.get("/moved")
    assert moved.status_code == 301 and moved.headers["Location"] == "/pricing"
    assert client.get("/").headers.get_all("Set-Cookie") == ["site=1; Path=/"]


def test_a_slow_or_absent_website_is_a_gateway_error(proxied, tmp_path, database_url):
    client = proxied.test_client()
    slow = client.get("/slow")
    assert slow.status_code == 504 and b"did not answer" in slow.data
    gone = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "gone"),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "x",
            "WEBSITE_UPSTREAM": "http://127.0.0.1:9",
        }
    )
    response = gone.test_client().get("/")
    assert response.status_code == 502 and b"could not be reached" in response.data


def test_a_bad_upstream_setting_is_refused_at_start(tmp_path, database_url):
    with pytest.raises(RuntimeError, match="WEBSITE_UPSTREAM must be an http"):
        create_app(
            {
                "INSTANCE_PATH": str(tmp_path / "i"),
                "DATABASE_URL": database_url,
                "WEBSITE_UPSTREAM": "www.acme.com",
            }
        )


def test_trusted_proxy_addresses_must_be_addresses():
    assert [str(n) for n in networks("127.0.0.1, 10.0.0.0/8")] == ["127.0.0.1/32", "10.0.0.0/8"]
    with pytest.raises(RuntimeError, match="'nginx' is no address"):
        networks("nginx")


def test_a_near_match_never_takes_a_page_the_website_has(proxied, make_rep, make_prospect):
    make_prospect(make_rep(), first_name="Prizing", last_name="")  # one edit from /pricing
    client = proxied.test_client()
    # /pricing is not imported: landing would guess /Prizing, but the website has the page.
    page = client.get("/pricing")
    assert page.status_code == 200 and "Acme pricing" in page.get_data(as_text=True)
    # A typo the website does not have still reaches the prospect.
    assert client.get("/Prizinh").headers["Location"] == "/Prizing"
