"""The rep sees a prospect's page exactly as the prospect will, marked as a preview, and the
preview never counts as the prospect's visit."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from landing import company
from landing.db import get_session
from landing.models import Notice, Visit

BANNER = "Preview — this view is not counted."


@pytest.fixture
def rob(app, make_rep, make_prospect):
    """Dana's prospect Rob, with a page she tailored, on a spotlight team page."""
    rep = make_rep(booking_url="https://cal.example/dana", phone="+1 555 010 0199")
    prospect = make_prospect(rep)
    with app.app_context():
        session = get_session()
        company.save(
            session, name="Acme", public_base_url="", video_url="https://youtu.be/aqz-KE-bpKQ",
            offer_text="The team offer.", reference_1="Northwind", reference_2="",
            page_layout="spotlight", logo_url="https://cdn.example/acme.svg",
            brand_colour="#123456", customers="Umbrella | https://cdn.example/u.png",
        )  # fmt: skip
        prospect.personal_note = "Rob, we met at LogiMAT."
        prospect.offer_text = "Your own offer, Rob."
        prospect.booking_url = "https://cal.example/dana/rob"
        session.add(prospect)
        session.commit()
        return prospect


def preview_link(auth, prospect_id: int) -> str:
    auth.login()
    response = auth.client.get(f"/app/prospects/{prospect_id}/preview")
    assert response.status_code == 302
    return response.location


def visits(app) -> list[Visit]:
    with app.app_context():
        return list(get_session().exec(select(Visit).order_by(Visit.id)))


def as_the_prospect_sees_it(html: str) -> str:
    """The page less what belongs to one counted view: its hit token's trap link and script,
    and the booking link's detour through the click counter."""
    html = re.sub(r'<a class="trap"[^\n]*', "", html)
    html = re.sub(r"<script [^\n]*</script>", "", html)
    html = re.sub(r'href="/_/go/[^"]+/booking"', 'href="https://cal.example/dana/rob"', html)
    return " ".join(html.split())


def without_banner(html: str) -> str:
    return " ".join(re.sub(r'<p class="preview-banner"[^\n]*</p>', "", html).split())


def test_the_preview_is_exactly_the_prospects_tailored_page(app, auth, rob, prospect_client):
    prospects_page = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    link = preview_link(auth, rob.id)
    other_browser = app.test_client()  # the link pasted elsewhere: no session, no rep cookie
    preview = other_browser.get(link).get_data(as_text=True)
    assert BANNER in preview and BANNER not in prospects_page
    assert "Rob, we met at LogiMAT." in preview and "Your own offer, Rob." in preview
    assert 'alt="Acme logo"' in preview and 'alt="Umbrella logo"' in preview
    assert as_the_prospect_sees_it(prospects_page) == without_banner(preview)


def test_a_signed_in_rep_sees_the_marker_and_the_prospect_never_does(
    app, auth, client, rob, prospect_client
):
    auth.login()
    own_view = client.get("/Rob-Mason").get_data(as_text=True)
    assert f'<p class="preview-banner" role="status"><strong>{BANNER}</strong>' in own_view
    for _ in range(2):  # the view, then the fast path's replay
        assert BANNER not in prospect_client.get("/Rob-Mason").get_data(as_text=True)
    forged = prospect_client.get("/Rob-Mason?preview=forged").get_data(as_text=True)
    assert BANNER not in forged


def test_a_preview_never_counts_as_their_visit(app, auth, rob):
    link = preview_link(auth, rob.id)
    page = app.test_client().get(link)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "data-hit=" not in html and "/_/t/" not in html  # nothing to report engagement with
    assert [v.classification for v in visits(app)] == ["rep"]  # kept as the rep's own view
    with app.app_context():
        assert get_session().exec(select(Notice)).all() == []
    history = auth.client.get(f"/app/prospects/{rob.id}").get_data(as_text=True)
    assert "No visits yet." not in history  # listed, labelled as the rep's own view


def test_a_preview_link_for_one_prospect_is_no_preview_of_another(
    app, auth, rob, make_prospect, make_rep
):
    other = make_prospect(make_rep("ben@acme.com", "Ben Bell"), first_name="Ann", last_name="Lee")
    link = preview_link(auth, rob.id)
    token = link.split("preview=")[1]
    stranger = app.test_client()
    html = stranger.get(f"/{other.slug}?preview={token}").get_data(as_text=True)
    assert BANNER not in html and "data-hit=" in html  # counted as a real visit of Ann's
