"""A rep tailors one prospect's page: a personal note, their own video, offer and booking
link; empty fields show the team's video and offer and the rep's booking link."""

from __future__ import annotations

import re

import pytest

from landing.core import clock
from landing.data.db import get_session
from landing.data.models import Prospect
from landing.team import company

TEAM_VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
OWN_VIDEO = "https://youtu.be/dQw4w9WgXcQ"
TOKEN = re.compile(r'data-hit="([^"]+)"')


@pytest.fixture
def rob(app, make_rep, make_prospect):
    """Dana (with a booking link) and her prospect Rob, on a team with a video and an offer."""
    rep = make_rep(booking_url="https://cal.example/dana")
    prospect = make_prospect(rep)
    with app.app_context():
        company.save(
            get_session(), name="Acme", public_base_url="", video_url=TEAM_VIDEO,
            offer_text="The team offer: a 20-minute walkthrough.", reference_1="", reference_2="",
        )  # fmt: skip
    return prospect


def tailor(auth, prospect_id: int, **fields):
    data = {"personal_note": "", "video_url": "", "offer_text": "", "booking_url": ""}
    return auth.post(
        f"/app/prospects/{prospect_id}/page", {**data, **fields}, f"/app/prospects/{prospect_id}"
    )


def stored(app, prospect_id: int) -> Prospect:
    with app.app_context():
        return get_session().get(Prospect, prospect_id)


def booking_target(client, html: str) -> str:
    """Where the page's Book a meeting button leads, followed through the beacon link."""
    href = re.search(r'href="([^"]+)"[^>]*data-track="booking"', html).group(1)
    assert href.startswith("/_/go/")  # it passes through us, to count the click
    response = client.get(href)
    assert response.status_code == 302
    return response.location


def test_the_note_video_offer_and_booking_link_show_on_their_page(app, auth, rob, prospect_client):
    auth.login()
    response = tailor(
        auth, rob.id,
        personal_note="Rob, we met at LogiMAT.",
        video_url=OWN_VIDEO,
        offer_text="Your own offer, Rob.\n\nA second paragraph.",
        booking_url="https://cal.example/dana/rob",
    )  # fmt: skip
    assert response.status_code == 302
    html = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert '<p class="note">Rob, we met at LogiMAT.</p>' in html
    assert html.index("Rob, we met at LogiMAT.") < html.index("Your own offer, Rob.")
    assert "embed/dQw4w9WgXcQ" in html and "aqz-KE-bpKQ" not in html
    assert "<p>Your own offer, Rob.</p>" in html and "<p>A second paragraph.</p>" in html
    assert "The team offer" not in html
    assert booking_target(prospect_client, html) == "https://cal.example/dana/rob"


def test_empty_fields_show_the_teams_video_and_offer_and_the_reps_booking_link(
    app, auth, rob, prospect_client
):
    auth.login()
    tailor(auth, rob.id, personal_note="Rob, we met at LogiMAT.", video_url=OWN_VIDEO)
    tailor(auth, rob.id)  # everything emptied again
    html = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert 'class="note"' not in html and "LogiMAT" not in html
    assert "aqz-KE-bpKQ" in html and "dQw4w9WgXcQ" not in html
    assert "The team offer: a 20-minute walkthrough." in html
    assert booking_target(prospect_client, html) == "https://cal.example/dana"


def test_the_rep_edits_the_fields_on_the_prospects_page(app, auth, rob):
    auth.login()
    tailor(auth, rob.id, personal_note="Rob, we met at LogiMAT.", booking_url="https://cal.x/r")
    html = auth.client.get(f"/app/prospects/{rob.id}").get_data(as_text=True)
    assert 'name="personal_note" type="text" value="Rob, we met at LogiMAT."' in html
    assert 'name="booking_url" type="url" value="https://cal.x/r"' in html
    assert f'action="/app/prospects/{rob.id}/page"' in html


def test_bad_values_are_refused_beside_their_fields_and_keep_the_stored_ones(
    app, auth, rob, prospect_client
):
    auth.login()
    tailor(auth, rob.id, personal_note="Rob, we met at LogiMAT.", video_url=OWN_VIDEO)
    response = tailor(
        auth, rob.id,
        personal_note="x" * 501,
        video_url="http://www.youtube.com/watch?v=aqz-KE-bpKQ",
        offer_text="y" * 4001,
        booking_url="javascript:alert(1)",
    )  # fmt: skip
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Not saved: please fix the fields marked below." in html
    for field in ("personal_note", "video_url", "offer_text", "booking_url"):
        assert f'id="e-{field}"' in html, field
    assert 'value="javascript:alert(1)"' in html  # what was typed, to correct it
    kept = stored(app, rob.id)
    assert (kept.personal_note, kept.video_url) == ("Rob, we met at LogiMAT.", OWN_VIDEO)
    assert kept.offer_text == kept.booking_url == ""
    page = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert "Rob, we met at LogiMAT." in page and "javascript:" not in page


def test_a_video_that_is_no_video_is_refused(app, auth, rob):
    auth.login()
    response = tailor(auth, rob.id, video_url="https://example.com/not-a-video")
    assert response.status_code == 400
    assert "Paste a YouTube, Vimeo or https .mp4 link." in response.get_data(as_text=True)
    assert stored(app, rob.id).video_url == ""


def test_a_note_is_shown_as_text_never_as_markup(app, auth, rob, prospect_client):
    auth.login()
    tailor(auth, rob.id, personal_note='<script>alert("x")</script> & <b>bold</b>')
    html = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html


def test_a_saved_change_shows_at_once_though_the_page_was_cached(app, auth, rob, prospect_client):
    app.config["PAGE_CACHE_SECONDS"] = 3600
    assert "LogiMAT" not in prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert "LogiMAT" not in prospect_client.get("/Rob-Mason").get_data(as_text=True)
    auth.login()
    tailor(auth, rob.id, personal_note="Rob, we met at LogiMAT.")
    assert "Rob, we met at LogiMAT." in prospect_client.get("/Rob-Mason").get_data(as_text=True)


def test_a_repeat_hit_gets_the_same_tailored_page(app, auth, rob, prospect_client):
    calls = []
    view = app.view_functions["public.prospect_page"]
    app.view_functions["public.prospect_page"] = lambda **kw: calls.append(1) or view(**kw)
    auth.login()
    tailor(
        auth, rob.id, personal_note="Rob, we met at LogiMAT.", video_url=OWN_VIDEO,
        offer_text="Your own offer, Rob.", booking_url="https://cal.example/dana/rob",
    )  # fmt: skip
    first = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    second = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert len(calls) == 1  # the second was replayed from the page cache
    first_token, second_token = TOKEN.search(first).group(1), TOKEN.search(second).group(1)
    assert first_token != second_token
    assert second.replace(second_token, "T") == first.replace(first_token, "T")
    assert "Rob, we met at LogiMAT." in second and "dQw4w9WgXcQ" in second
    assert booking_target(prospect_client, second) == "https://cal.example/dana/rob"


def test_another_reps_prospect_cannot_be_tailored(app, auth, make_rep, rob):
    make_rep("ben@acme.com", "Ben Bell")
    auth.login("ben@acme.com")
    response = auth.post(
        f"/app/prospects/{rob.id}/page", {"personal_note": "Hijacked"}, "/app/profile"
    )
    assert response.status_code == 404
    assert stored(app, rob.id).personal_note == ""


def test_scripts_and_emails_offer_their_own_booking_link(app, auth, rob):
    from landing.calls import pitches
    from landing.data.models import Rep

    auth.login()
    assert tailor(auth, rob.id, booking_url="https://cal.example/dana-for-rob").status_code < 400
    with app.app_context():
        session = get_session()
        prospect = session.get(Prospect, rob.id)
        rep = session.get(Rep, prospect.rep_id)
        settings = company.current(session, app.config)
        values = pitches.context(prospect, rep, settings, today=clock.today())
    assert values["booking_url"] == "https://cal.example/dana-for-rob"
