"""The rep sees a prospect's page exactly as the prospect will, marked as a preview, and the
preview never counts as the prospect's visit. A preview is the rep's own browser's view: a
preview address opened anywhere else (issue 14, item 14) is an ordinary, counted visit."""

from __future__ import annotations

import re

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Notice, Visit
from landing.team import company

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
    preview = auth.client.get(link).get_data(as_text=True)  # the rep's own browser
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
    page = auth.client.get(link)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "data-hit=" not in html and "/_/t/" not in html  # nothing to report engagement with
    assert [v.classification for v in visits(app)] == ["rep"]  # kept as the rep's own view
    with app.app_context():
        assert get_session().exec(select(Notice)).all() == []
    history = auth.client.get(f"/app/prospects/{rob.id}").get_data(as_text=True)
    assert "No visits yet." not in history  # listed, labelled as the rep's own view


def _counted_as_a_real_visit(app, page) -> None:
    """The ordinary page, with its hit token, logged as a visit and not as the rep's own."""
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert BANNER not in html and "data-hit=" in html
    assert "rep" not in [v.classification for v in visits(app)]


def test_a_signed_out_stranger_opening_a_preview_link_is_counted_as_a_visit(
    app, auth, rob, prospect_client
):
    link = preview_link(auth, rob.id)  # what the rep's browser was sent to
    _counted_as_a_real_visit(app, prospect_client.get(link))


def test_an_old_seven_day_preview_link_marks_nobody_as_the_rep(app, auth, rob, prospect_client):
    """A link made before this change (signed, naming the rep and prospect, valid 7 days),
    forwarded to someone signed out: their view is theirs, not the rep's."""
    auth.login()
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="landing.preview")
    old_link = f"/Rob-Mason?preview={signer.dumps([rob.rep_id, rob.id])}"
    _counted_as_a_real_visit(app, prospect_client.get(old_link))


def test_a_preview_needs_the_reps_own_browser_even_for_a_forged_value(
    app, rob, make_prospect, make_rep, prospect_client
):
    other = make_prospect(make_rep("ben@acme.com", "Ben Bell"), first_name="Ann", last_name="Lee")
    html = prospect_client.get(f"/{other.slug}?preview=forged").get_data(as_text=True)
    assert BANNER not in html and "data-hit=" in html  # counted as a real visit of Ann's
