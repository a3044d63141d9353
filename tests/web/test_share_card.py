"""What a chat app shows when a prospect forwards their link: Open Graph tags with the page's
title and the company's card (its name and uploaded logo on the brand colour), drawn once per
look and served from our origin; nothing about the prospect beyond what the page says."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"


@pytest.fixture
def rob(make_rep, make_prospect):
    rep = make_rep(admin=True)
    return make_prospect(rep, email="rob@mason.example", company="Mason Freight")


def _tags(html: str) -> dict[str, str]:
    found = re.findall(
        r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)"', html
    )
    return dict(found)


def _card(client, url: str):
    path = url.removeprefix("https://acme.com")
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "image/png"
    return response, Image.open(io.BytesIO(response.data)).convert("RGB")


def test_a_forwarded_link_shows_the_page_title_and_the_company_card(rob, client):
    client.environ_base["HTTP_USER_AGENT"] = SLACK
    html = client.get("/Rob-Mason").get_data(as_text=True)
    tags = _tags(html)
    assert tags["og:title"] == "For Rob · Acme"
    assert tags["og:site_name"] == "Acme"
    assert tags["og:description"] == "Dana Reyes made this page for Rob."
    assert tags["twitter:card"] == "summary_large_image"
    assert re.fullmatch(r"https://acme\.com/_/card/[0-9a-f]{20}\.png", tags["og:image"])
    shared = " ".join(tags.values())
    for private in ("Mason", "rob@mason.example", "Freight"):
        assert private not in shared
    response, card = _card(client, tags["og:image"])
    assert card.size == (1200, 630)
    assert card.getpixel((5, 5)) == (11, 95, 255)  # page.css's accent, with no brand colour
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_new_colour_or_logo_is_a_new_card(rob, client, runner, tmp_path):
    before = _tags(client.get("/Rob-Mason").get_data(as_text=True))["og:image"]
    assert runner.invoke(["company", "set", "brand_colour=#ffcc00"]).exit_code == 0
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (200, 0, 0)).save(logo)
    done = runner.invoke(["company", "logo", str(logo)])
    assert done.exit_code == 0, done.output
    after = _tags(client.get("/Rob-Mason").get_data(as_text=True))["og:image"]
    assert after != before
    _, card = _card(client, after)
    assert card.getpixel((5, 5)) == (255, 204, 0)
    assert card.getpixel((600, 160)) == (200, 0, 0)  # the logo, on its white panel
    assert card.getpixel((600 - 150 - 20, 160)) == (255, 255, 255)
    # A chat app holding the old link gets today's card, cached only for a while.
    stale, _ = _card(client, before)
    assert stale.headers["Cache-Control"] == "public, max-age=3600"


def test_the_site_root_and_a_miss_share_the_company_card_too(rob, client):
    for path in ("/", "/Nobody-Here"):
        tags = _tags(client.get(path).get_data(as_text=True))
        assert tags["og:site_name"] == "Acme" and "og:description" not in tags
        assert tags["og:image"].startswith("https://acme.com/_/card/")
