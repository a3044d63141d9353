"""The prospect list in Chromium, on a phone and a desktop: a search, a filter and a bulk
action as a rep does them, no sideways scrolling on a phone, nothing the CSP blocks.
LANDING_SCREENSHOTS=folder keeps pictures of it (docs/screenshots/app/)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from landing.data.db import get_session
from landing.prospects import service as prospects
from landing.team import reps
from tests.browser.test_browser import csp_violations
from tests.conftest import BROWSER_UA, PASSWORD, engage

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("LANDING_SCREENSHOTS")
PEOPLE = [
    ("Rob", "Mason", "Acme Logistics", "callback"),
    ("Siobhan", "Kelly", "Kelly Freight", ""),
    ("Ana", "Lopez", "Norte Foods", "educate"),
    ("Jürgen", "Weiß", "Weiß Spedition", ""),
    ("Priya", "Raman", "Raman & Sons", "callback"),
    ("Tom", "Okafor", "", ""),
]


def _seed(app) -> None:
    """Dana's list, two of whom have opened their page (one tapped Book a meeting)."""
    with app.app_context():
        session = get_session()
        dana = reps.create_rep(
            session, email="dana@acme.com", name="Dana Reyes", password=PASSWORD, is_admin=True
        )
        reps.create_rep(session, email="lee@acme.com", name="Lee Park", password=PASSWORD)
        for first, last, company, goal in PEOPLE:
            prospects.create_prospect(
                session, dana, first_name=first, last_name=last, company=company, goal=goal,
                email=f"{first.lower()}@example.com",
            )  # fmt: skip
    visitor = app.test_client()
    visitor.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    engage(visitor, "/Siobhan-Kelly", "click_booking")
    engage(visitor, "/Rob-Mason")


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        folder = os.path.join(SCREENSHOTS, "app")
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_search_filter_and_archive_from_the_list(live_server, browser, device):
    app, base_url = live_server
    chromium, phone = browser
    _seed(app)
    options = phone if device == "phone" else {"viewport": {"width": 1366, "height": 900}}
    context = chromium.new_context(**options)
    blocked = csp_violations(context)
    page = context.new_page()
    page.goto(f"{base_url}/login?next=/app/prospects")
    page.get_by_label("Email").fill("dana@acme.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your prospects")).to_be_visible()
    expect(page.locator(".list-summary")).to_contain_text("6 prospects")
    expect(page.locator("tr.hot td.who a")).to_have_text(["Siobhan Kelly", "Rob Mason"])
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wide, "the list scrolls sideways"
    _shot(page, f"prospects-{device}")

    page.get_by_role("searchbox", name="Search").fill("Rob Masen")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("td.who a")).to_have_text(["Rob Mason"])

    page.get_by_role("searchbox", name="Search").fill("")
    page.get_by_label("Goal", exact=True).first.select_option("callback")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("td.who a")).to_have_text(["Priya Raman", "Rob Mason"])

    page.get_by_label("Select Priya Raman").check()
    page.locator("#f-action").select_option("archive")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status").first).to_contain_text("1 prospect archived")
    expect(page.locator("td.who a")).to_have_text(["Rob Mason"])
    assert blocked == []
    context.close()
