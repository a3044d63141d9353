"""The rep's face beside the greeting, in both layouts: initials on the brand colour, the
photo over them with an empty alt (so a failed photo shows the initials), the name as text."""

from __future__ import annotations

import re

import pytest

from landing.data.db import get_session
from landing.data.models import Company

PHOTO = "https://cdn.example/dana.jpg"


def _layout(app, layout: str) -> None:
    with app.app_context():
        db = get_session()
        row = db.get(Company, 1) or Company(name="Acme")
        row.page_layout = layout
        db.add(row)
        db.commit()


def _greeting(html: str) -> str:
    return re.search(r'<div class="greeting">.*?</h1>.*?</div>', html, re.S).group(0)


@pytest.mark.parametrize("layout", ["classic", "spotlight"])
def test_the_face_sits_beside_the_greeting_with_the_photo_over_the_initials(
    app, make_rep, make_prospect, prospect_client, layout
):
    make_prospect(make_rep(photo_url=PHOTO, booking_url="https://cal.example/dana"))
    _layout(app, layout)
    html = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    greeting = _greeting(html)
    assert "Thanks for stopping by, Rob." in greeting
    assert '<span class="rep-name">Dana Reyes</span>' in greeting  # the name, as text
    face = greeting[greeting.index('<span class="face face-72" aria-hidden="true">') :]
    face = face[: face.index("<div>")]
    initials, img = face.index('<span class="initials">DR</span>'), face.index("<img")
    assert initials < img  # drawn first, so the photo lies over them
    assert f'src="{PHOTO}" alt=""' in face
    # The contact block keeps its actions, beside a small face.
    contact = html[html.index('<section class="rep"') :]
    assert '<span class="face face-48" aria-hidden="true">' in contact
    assert 'data-track="email"' in contact and "Book a meeting" in html
    assert 'alt="Dana Reyes"' not in html  # no alt text in place of a failed photo


def test_without_a_photo_the_initials_stand_alone(make_rep, make_prospect, prospect_client):
    make_prospect(make_rep(name="Madonna"))
    greeting = _greeting(prospect_client.get("/Rob-Mason").get_data(as_text=True))
    assert '<span class="initials">M</span>' in greeting and "<img" not in greeting
    assert '<span class="rep-name">Madonna</span>' in greeting


def test_the_rep_sets_a_job_title_in_the_profile_and_the_page_shows_it(
    make_rep, make_prospect, auth, prospect_client, runner
):
    rep = make_rep()
    make_prospect(rep)
    auth.login()
    form = {"name": "Dana Reyes", "email": "dana@acme.com", "title": "Account Executive"}
    saved = auth.post("/app/profile", form | {"words_per_minute": "150"}, "/app/profile")
    assert saved.status_code in (200, 302), saved.get_data(as_text=True)
    greeting = _greeting(prospect_client.get("/Rob-Mason").get_data(as_text=True))
    assert "Dana Reyes</span>, Account Executive · Acme" in greeting
    too_long = auth.post("/app/profile", form | {"title": "x" * 121}, "/app/profile")
    assert too_long.status_code == 400 and "At most 120 characters." in too_long.get_data(
        as_text=True
    )
    assert "Account Executive" in _greeting(
        prospect_client.get("/Rob-Mason").get_data(as_text=True)
    )
