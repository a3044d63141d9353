"""The core loop in a real browser (Debian's chromium): rep → prospect → page → visit seen."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, Runner

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("LANDING_SCREENSHOTS")  # a folder, to look at the pages


def csp_violations(context) -> list[str]:
    """Console messages of pages in the context about what the Content-Security-Policy
    blocked, e.g. an inline script or style; the list fills as the pages run."""
    violations: list[str] = []
    context.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    return violations


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_rep_creates_a_prospect_who_visits_and_the_rep_sees_it(live_server, browser):
    app, base_url = live_server
    chromium, phone = browser
    result = Runner(app).invoke(
        ["rep", "add", "dana@acme.com", "--name", "Dana Reyes", "--admin"], input=PASSWORD
    )
    assert result.exit_code == 0, result.output

    rep_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    rep_blocked = csp_violations(rep_context)
    rep = rep_context.new_page()
    rep.goto(f"{base_url}/app/")
    expect(rep).to_have_url(f"{base_url}/login?next=%2Fapp%2F")
    rep.get_by_label("Email").fill("dana@acme.com")
    rep.get_by_label("Password").fill(PASSWORD)
    rep.get_by_role("button", name="Sign in").click()
    expect(rep.get_by_role("heading", name="Before you dial")).to_be_visible()
    shot(rep, "dashboard-empty")

    rep.get_by_role("link", name="Profile").click()
    rep.get_by_label("Phone").fill("+1 415 555 0100")
    rep.get_by_label("Booking link").fill("https://cal.example/dana")
    rep.get_by_role("button", name="Save profile").click()
    expect(rep.get_by_label("Phone")).to_have_value("+14155550100")
    rep.get_by_role("link", name="Call next").click()

    rep.get_by_label("First name").fill("Rob")
    rep.get_by_label("Last name").fill("Mason")
    rep.get_by_label("Company").fill("Acme Logistics")
    rep.get_by_label("Phone").fill("+1 415 555 0134")
    rep.get_by_label("The outcome they want").fill("fewer late shipments")
    rep.get_by_role("button", name="Get URL, script and email").click()

    url = f"{base_url}/Rob-Mason"
    expect(rep.locator("#page-url")).to_have_text(url)
    expect(rep.locator("#spoken-url")).to_contain_text("forward slash Rob hyphen Mason")
    expect(rep.locator("#script")).to_have_value(re.compile(r"^(Hi )?Rob\b.*Dana Reyes"))
    expect(rep.locator("#script-seconds")).to_contain_text("seconds")
    expect(rep.locator("#email-subject")).not_to_be_empty()
    shot(rep, "prospect")

    # The prospect: a fresh context on a phone, no cookies shared with the rep.
    prospect_context = chromium.new_context(**phone)
    prospect_blocked = csp_violations(prospect_context)
    visitor = prospect_context.new_page()
    # Three seconds in view is the beacon that says a person is reading: wait for it.
    with visitor.expect_response(lambda r: r.url.endswith("/_/b"), timeout=10000) as beacon:
        response = visitor.goto(url)
        assert response.status == 200
        assert response.headers["x-robots-tag"].startswith("noindex")
        expect(visitor.get_by_role("heading", level=1)).to_contain_text("Rob")
        expect(visitor.get_by_role("link", name="Call")).to_have_attribute(
            "href", "tel:+14155550100"
        )
        # The booking link passes through us (a scanner opening every link is unmasked there).
        expect(visitor.get_by_role("link", name="Book a meeting")).to_have_attribute(
            "href", re.compile(r"^/_/go/[\w-]+/booking$")
        )
        expect(visitor.get_by_text("will call you again on")).to_be_visible()
        shot(visitor, "page-phone")
    assert beacon.value.status == 204
    assert prospect_blocked == []
    prospect_context.close()

    rep.goto(f"{base_url}/app/")
    call_next = rep.locator("ol.call-next li")
    expect(call_next).to_have_count(1)
    expect(call_next.first).to_contain_text("Rob Mason")
    expect(call_next.first).to_contain_text("1 visit")
    expect(rep.locator("#nav-notifications .badge")).to_have_text("1")
    shot(rep, "dashboard-visited")

    rep.locator("ol.call-next a").first.click()
    expect(rep.locator(".visit-history li.visit-engaged")).to_have_count(1)
    expect(rep.locator(".visit-history li.visit-engaged")).to_contain_text("iPhone")
    assert rep_blocked == []
    rep_context.close()


# Records what the page asks the browser to say, instead of saying it.
SPEECH_STUB = """
window.spoken = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
Object.defineProperty(window, "speechSynthesis", { value: {
  speaking: false,
  speak(u) { window.spoken.push({ text: u.text, rate: u.rate }); },
  cancel() {},
} });
"""


def test_listen_and_the_live_linter(live_server, browser):
    app, base_url = live_server
    chromium, _phone = browser
    runner = Runner(app)
    runner.invoke(
        ["rep", "add", "dana@acme.com", "--name", "Dana Reyes", "--admin"], input=PASSWORD
    )
    added = runner.invoke(["prospect", "add", "--first", "Rob", "--last", "Mason", "--json"])
    assert added.exit_code == 0, added.output

    context = chromium.new_context()
    blocked = csp_violations(context)
    context.add_init_script(SPEECH_STUB)
    rep = context.new_page()
    rep.goto(f"{base_url}/login")
    rep.get_by_label("Email").fill("dana@acme.com")
    rep.get_by_label("Password").fill(PASSWORD)
    rep.get_by_role("button", name="Sign in").click()
    rep.goto(f"{base_url}/app/prospects/1")

    script = rep.locator("#script")
    text = script.input_value()
    rep.get_by_role("button", name="Listen").click()
    spoken = rep.evaluate("window.spoken")
    assert spoken == [{"text": text, "rate": 1}]

    expect(rep.locator("#script-ok")).to_be_visible()
    script.fill("Um, this is Dana. Call me back at 555 0100, you know, whenever.")
    warnings = rep.locator("#script-warnings li")
    expect(warnings.filter(has_text="Um")).to_have_count(1)
    expect(rep.locator("#script-warnings li[data-code=callback_request]")).to_have_count(1)
    expect(rep.locator("#script-warnings li[data-code=url_missing]")).to_have_count(1)
    expect(rep.locator("#script-ok")).to_be_hidden()
    shot(rep, "script-linted")

    rep.get_by_role("button", name="Voicemail left").click()
    expect(rep.get_by_role("status")).to_contain_text("Voicemail 1 logged")
    expect(rep.get_by_role("heading", name=re.compile("Voicemail 2"))).to_be_visible()

    rep.get_by_role("link", name="Scripts").click()
    expect(rep.get_by_role("heading", name="Scripts", level=1)).to_be_visible()
    shot(rep, "scripts")
    rep.get_by_role("link", name="Write a template").click()
    rep.get_by_label("Voicemail", exact=True).fill(
        "Hi {{ first_name }}, {{ rep_name }} here. Your page: {{ spoken_url }}."
    )
    expect(rep.locator("#preview-script")).to_have_text(
        re.compile(
            r"^Hi Rob, Dana Reyes here\. Your page: 127 dot 0 dot 0 dot 1 colon \d+ "
            r"forward slash Rob hyphen Mason\.$"
        )
    )
    expect(rep.locator("#preview-warnings li[data-code=url_once]")).to_have_count(0)
    rep.get_by_label("Voicemail", exact=True).fill("Hi {{ fist_name }}")
    expect(rep.locator("#preview-errors")).to_contain_text("Did you mean {{ first_name }}?")
    expect(rep.locator("#preview-script")).to_be_hidden()
    shot(rep, "template-editor")
    assert blocked == []
    context.close()
