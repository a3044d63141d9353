"""A whole call session in Chromium, at phone and desktop size: five prospects, three
outcomes, one undo; the script on top and never clipped; no reload, no jump to the top.
And the rep's prospect page: the script and URL first, settings folded, the menu on a phone.

LANDING_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/browser/test_call_session.py
writes the shots kept in docs/screenshots/app/."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import CallOutcome, Prospect, Voicemail
from landing.prospects import service as prospects
from landing.team import reps
from tests.browser.test_browser import csp_violations
from tests.conftest import BROWSER_UA, PASSWORD, engage

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("LANDING_SCREENSHOTS")
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PEOPLE = [  # first, last, company, title, phone
    ("Rob", "Mason", "Acme Logistics", "Head of Operations", "+1 212 555 0134"),
    ("Sam", "Lee", "Northwind Freight", "COO", "+1 415 555 0177"),
    ("Ana", "Costa", "Lisboa Cargo", "Logistics Manager", "+351 21 123 4567"),
    ("Kim", "Park", "Harbor Foods", "Supply Chain Lead", "+1 312 555 0101"),
    ("Lee", "Chen", "", "", ""),
]


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        folder = os.path.join(SCREENSHOTS, "app")
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def _team(app) -> None:
    """A rep with five prospects to call; Sam and a colleague read his page, then Rob
    tapped Book a meeting on his."""
    app.config["PUBLIC_BASE_URL"] = "https://acme.com"  # what a rep reads, as in production
    with app.app_context():
        session = get_session()
        dana = reps.create_rep(
            session, email="dana@acme.com", name="Dana Reyes", password=PASSWORD, is_admin=True
        )
        for first, last, company, title, phone in PEOPLE:
            prospects.create_prospect(
                session, dana, first_name=first, last_name=last, company=company,
                title=title, phone=phone, email=f"{first.lower()}@example.com",
                outcome="fewer late shipments",
            )  # fmt: skip
    # Sam and a colleague he forwarded the page to (two people, two visits); then Rob.
    for slug, kind in (
        ("Sam-Lee", "visible"),
        ("Sam-Lee", "visible"),
        ("Rob-Mason", "click_booking"),
    ):
        visitor = app.test_client()
        visitor.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
        engage(visitor, f"/{slug}", kind)


def _sign_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Email").fill("dana@acme.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Call next")).to_be_visible()


def _not_clipped(page, selector: str) -> None:
    """The element shows all of its text and spans (nearly) the whole content width."""
    box = page.eval_on_selector(
        selector,
        "e => [e.scrollHeight, e.clientHeight, e.getBoundingClientRect().width,"
        " document.querySelector('main').clientWidth]",
    )
    scroll_height, client_height, width, main_width = box
    assert scroll_height <= client_height + 2, f"{selector} is clipped: {box}"
    assert width >= main_width * 0.85, f"{selector} is not full width: {box}"


def _name(page):
    return page.locator("#call-name")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_call_session_five_prospects_three_outcomes_one_undo(live_server, browser, size):
    app, base_url = live_server
    chromium, phone = browser
    _team(app)
    context = chromium.new_context(**(phone if size == "phone" else DESKTOP))
    blocked = csp_violations(context)
    page = context.new_page()
    _sign_in(page, base_url)
    calls = page.locator("ol.call-next")
    expect(calls).to_contain_text("Score 40 — tapped Book a meeting just now")
    expect(calls).to_contain_text("2 people, 2 visits today")
    shot(page, f"call-next-{size}")
    page.get_by_role("button", name="Start calling").click()

    # Rob first: he tapped Book a meeting. Everything for the call, the script on top.
    expect(_name(page)).to_have_text("Rob Mason")
    expect(page.locator("#call-why")).to_contain_text("Score 40 — tapped Book a meeting")
    expect(page.locator(".local-time")).to_contain_text("in New York")
    expect(page.get_by_role("link", name="Call +1 212-555-0134")).to_have_attribute(
        "href", "tel:+12125550134"
    )
    expect(page.locator("#call-script")).to_contain_text("Rob")
    _not_clipped(page, "#call-script")
    expect(page.get_by_role("button", name="No answer N")).to_be_visible()
    shot(page, f"call-session-{size}")
    page.evaluate("window.notReloaded = true")

    # 1: no answer, by its key: on to Sam, without a reload; Undo offered.
    page.keyboard.press("n")
    expect(_name(page)).to_have_text("Sam Lee")
    expect(page.get_by_role("status")).to_contain_text("Logged for Rob Mason: no answer")
    expect(page.get_by_role("button", name="Undo no answer")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.getElementById('call-top').getBoundingClientRect().top") >= 0

    # A voicemail for Sam, then undone by its key: Sam is back, with nothing on record.
    with app.app_context():
        before = get_session().exec(select(Prospect).where(Prospect.slug == "Sam-Lee")).one()
        sam_next_call = before.next_call_on
    page.get_by_role("button", name="Voicemail 1 left").click()
    expect(_name(page)).not_to_have_text("Sam Lee")
    expect(page.get_by_role("button", name="Undo voicemail 1")).to_be_visible()
    shot(page, f"call-session-undo-{size}")
    page.keyboard.press("u")
    expect(_name(page)).to_have_text("Sam Lee")
    expect(page.get_by_role("status")).to_contain_text("Undone: voicemail 1 for Sam Lee")
    with app.app_context():
        session = get_session()
        sam = session.exec(select(Prospect).where(Prospect.slug == "Sam-Lee")).one()
        assert session.exec(select(Voicemail)).all() == []
        assert (sam.voicemails_left, sam.next_call_on) == (0, sam_next_call)

    # 2 and 3: connected (key), meeting booked (button).
    page.keyboard.press("c")
    third = _name(page)
    expect(third).not_to_have_text("Sam Lee")
    after_sam = third.inner_text()
    page.get_by_role("button", name="Meeting booked M").click()
    expect(_name(page)).not_to_have_text(after_sam)

    # The two left are skipped; then the session says so.
    page.keyboard.press("s")
    expect(page.locator("#session-progress")).to_contain_text("3 logged this session")
    page.get_by_role("button", name="Skip for now").click()
    expect(page.get_by_role("heading", name="Nobody left to call")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    with app.app_context():
        kinds = [o.kind for o in get_session().exec(select(CallOutcome).order_by(CallOutcome.id))]
    assert kinds == ["no_answer", "connected", "meeting_booked"]

    # Back on Call next: Rob (no answer) still listed, Sam (connected) gone.
    page.goto(f"{base_url}/app/")
    expect(calls).to_contain_text("Rob Mason")
    expect(calls).not_to_contain_text("Sam Lee")
    assert blocked == []
    context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_prospect_page_leads_with_the_script_and_the_menu_folds_on_a_phone(
    live_server, browser, size
):
    app, base_url = live_server
    chromium, phone = browser
    _team(app)
    context = chromium.new_context(**(phone if size == "phone" else DESKTOP))
    blocked = csp_violations(context)
    page = context.new_page()
    _sign_in(page, base_url)
    profile = page.get_by_role("link", name="Profile")
    if size == "phone":
        expect(profile).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        expect(profile).to_be_visible()
    else:
        expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
        expect(profile).to_be_visible()
    with app.app_context():
        rob = get_session().exec(select(Prospect).where(Prospect.slug == "Rob-Mason")).one()
    page.goto(f"{base_url}/app/prospects/{rob.id}")
    # The script, then the URL, before anything else; the settings folded away.
    order = page.eval_on_selector_all(
        "#script, #page-url, #h-results, #h-tailor",
        "els => els.map(e => e.id)",
    )
    assert order == ["script", "page-url", "h-results", "h-tailor"]
    _not_clipped(page, "#script")
    expect(page.get_by_label("Personal note at the top")).to_be_hidden()
    expect(page.get_by_role("link", name="Download the QR code (SVG)")).to_be_hidden()
    page.get_by_text("Tailor their page").click()
    expect(page.get_by_label("Personal note at the top")).to_be_visible()
    page.get_by_text("Tailor their page").click()
    shot(page, f"prospect-{size}")
    assert blocked == []
    context.close()
