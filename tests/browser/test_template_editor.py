"""The template editor in Chromium, on a phone and a desktop: placeholders as buttons that
insert at the cursor, the three sample prospects side by side (stacked on a phone) with a gap
named under the one it hits, and a draft in the library whose activation is refused.
LANDING_SCREENSHOTS=folder keeps pictures of it (docs/screenshots/app/)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from landing.data.db import get_session
from landing.team import reps
from tests.browser.test_browser import csp_violations
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("LANDING_SCREENSHOTS")


def _shot(page, name: str, full_page: bool = True) -> None:
    if SCREENSHOTS:
        folder = os.path.join(SCREENSHOTS, "app")
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=full_page)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_placeholder_buttons_and_three_sample_preview(live_server, browser, device):
    app, base_url = live_server
    chromium, phone = browser
    with app.app_context():
        reps.create_rep(get_session(), email="dana@acme.com", name="Dana Reyes", password=PASSWORD)
    options = phone if device == "phone" else {"viewport": {"width": 1366, "height": 900}}
    context = chromium.new_context(**options)
    blocked = csp_violations(context)
    page = context.new_page()
    page.goto(f"{base_url}/login?next=/app/templates/new")
    page.get_by_label("Email").fill("dana@acme.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="New template")).to_be_visible()

    page.get_by_role("textbox", name="Name").fill("Short page")
    voicemail = page.get_by_label("Voicemail", exact=True)
    # Typed with a hole where the name goes; the button fills the hole, not the end.
    voicemail.fill("Hi , a short page for you on : . Again, .")

    def insert_after(text: str, name: str) -> None:
        voicemail.evaluate(
            "(box, text) => { const at = box.value.indexOf(text) + text.length;"
            " box.setSelectionRange(at, at); }",
            text,
        )
        page.get_by_role("button", name=f"Insert {{{{ {name} }}}}").click()

    insert_after("Hi ", "first_name")
    expect(voicemail).to_have_value("Hi {{ first_name }}, a short page for you on : . Again, .")
    insert_after("you on ", "outcome")
    insert_after("}}: ", "spoken_url")
    insert_after("Again, ", "spoken_url")
    expect(voicemail).to_have_value(
        "Hi {{ first_name }}, a short page for you on {{ outcome }}: {{ spoken_url }}. "
        "Again, {{ spoken_url }}."
    )

    samples = page.locator("section.sample")
    expect(samples.locator("h3")).to_have_text(["Every field", "No outcome", "No company"])
    every, no_outcome, no_company = (samples.nth(i) for i in range(3))
    expect(every.locator("p.script")).to_contain_text("on fewer late shipments: ")
    expect(no_outcome.locator("p.script")).to_contain_text("a short page for you on : ")
    expect(no_outcome.locator(".gaps li[data-code=empty_placeholder]")).to_contain_text(
        "{{ outcome }} is empty for this prospect"
    )
    expect(every.locator(".gaps li")).to_have_count(0)
    expect(no_company.locator(".gaps li")).to_have_count(0)
    boxes = [samples.nth(i).bounding_box() for i in range(3)]
    if device == "desktop":  # side by side
        assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]
        assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    else:  # stacked, and nothing wider than the phone
        assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    no_outcome.scroll_into_view_if_needed()
    _shot(page, f"template-editor-{device}")

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").first).to_contain_text("saved as a draft")
    row = page.locator("tr", has_text="Short page")
    expect(row.locator(".draft")).to_have_text("Draft")
    row.scroll_into_view_if_needed()
    _shot(page, f"templates-draft-{device}", full_page=False)

    row.get_by_role("button", name="Activate Short page").click()
    expect(page.get_by_role("heading", name="Edit “Short page”")).to_be_visible()
    expect(page.get_by_role("alert").first).to_contain_text(
        "Not activated: it leaves a gap for a prospect with no outcome."
    )
    _shot(page, f"template-refused-{device}", full_page=False)
    gaps = page.locator("section.sample[data-sample=no_outcome] .gaps li")
    expect(gaps.first).to_contain_text("{{ outcome }} is empty for this prospect")
    assert blocked == []
    context.close()
