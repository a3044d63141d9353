"""Every response tells the browser to run only our own scripts, frame only the video
players, never be framed, and (over https) never fall back to http."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from landing.web.security_headers import CONTENT_SECURITY_POLICY
from tests.conftest import BROWSER_UA

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )


def assert_protected(response) -> None:
    csp = directives(response)
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # YouTube's player refuses to play for a page that sends no referrer at all.
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.fixture
def rep_and_page(make_rep, make_prospect):
    rep = make_rep()
    make_prospect(rep)
    return rep


def test_rep_pages_json_and_login_carry_the_headers(client, auth, rep_and_page):
    assert_protected(client.get("/login"))
    assert_protected(client.get("/app/"))  # the redirect to the login page
    auth.login()
    for path in ("/app/", "/app/prospects", "/app/prospects/1", "/app/templates", "/app/live"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_protected(response)
    assert_protected(client.get("/app/prospects/999"))


def test_prospect_pages_carry_them_first_time_and_replayed(client, rep_and_page):
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    first, replayed = client.get("/Rob-Mason"), client.get("/Rob-Mason")
    for response in (first, replayed):
        assert response.status_code == 200
        assert_protected(response)
    assert replayed.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    for path in ("/Nobody-Here", "/", "/robots.txt", "/static/page.js", "/healthz"):
        assert_protected(client.get(path))


def test_the_video_players_may_be_framed_and_nothing_else():
    frames = dict(p.strip().split(" ", 1) for p in CONTENT_SECURITY_POLICY.split(";"))
    allowed = frames["frame-src"].split()
    assert allowed == [
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ]
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY


def test_a_prospect_page_with_a_video_plays_it_from_an_allowed_host(
    client, auth, make_rep, make_prospect
):
    """The player comes on a tap (page.js puts data-src in an iframe): nothing is framed
    before, and what will be is one of the hosts frame-src allows."""
    make_prospect(make_rep(admin=True))
    auth.login()
    for video, host in (
        ("https://youtu.be/aqz-KE-bpKQ", "https://www.youtube-nocookie.com"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com"),
    ):
        saved = auth.post("/app/company", {"video_url": video}, "/app/company")
        assert saved.status_code == 302, saved.get_data(as_text=True)
        page = client.get("/Rob-Mason", headers={"User-Agent": BROWSER_UA})
        html = page.get_data(as_text=True)
        assert "<iframe" not in html
        embed = re.search(r'data-src="([^"]+)"', html).group(1)
        assert embed.startswith(host + "/")
        assert host in directives(page)["frame-src"].split()


def test_hsts_over_https_only(client, rep_and_page):
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    for path in ("/login", "/Rob-Mason", "/Rob-Mason"):  # the second page hit is replayed
        secure = client.get(path, base_url="https://acme.com")
        assert secure.headers["Strict-Transport-Security"] == "max-age=31536000", path
        plain = client.get(path, base_url="http://acme.com")
        assert "Strict-Transport-Security" not in plain.headers, path


# What the policy blocks: inline code and styles. A template that has any is broken in
# every browser, so none may.
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "style block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize(
    "name", sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html"))
)
def test_templates_hold_no_inline_code_or_styles(name):
    source = (TEMPLATES / name).read_text()
    found = [what for what, pattern in INLINE.items() if pattern.search(source)]
    assert found == [], f"{name}: move it to a file in static/"
