"""In chromium: a person engaging with their page shows up on the rep's open dashboard within
seconds, without a reload, with a desktop notification when the rep allowed them."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, Runner

pytestmark = pytest.mark.browser

# Records desktop notifications instead of showing them; the permission is already granted.
NOTIFICATION_STUB = """
window.shown = [];
window.Notification = class {
  static permission = "granted";
  static requestPermission() { return Promise.resolve("granted"); }
  constructor(title, options) { window.shown.push(title); }
};
"""


def test_an_engaged_visit_reaches_the_open_dashboard_within_seconds(live_server, browser):
    app, base_url = live_server
    chromium, phone = browser
    runner = Runner(app)
    runner.invoke(
        ["rep", "add", "dana@acme.com", "--name", "Dana Reyes", "--admin"], input=PASSWORD
    )
    added = runner.invoke(["prospect", "add", "--first", "Rob", "--last", "Mason",
                           "--phone", "+1 415 555 0199"])  # fmt: skip
    assert added.exit_code == 0, added.output

    rep_context = chromium.new_context()
    rep_context.add_init_script(NOTIFICATION_STUB)
    rep = rep_context.new_page()
    rep.goto(f"{base_url}/login")
    rep.get_by_label("Email").fill("dana@acme.com")
    rep.get_by_label("Password").fill(PASSWORD)
    rep.get_by_role("button", name="Sign in").click()
    expect(rep.get_by_text("Nobody has engaged with a page yet")).to_be_visible()
    rep.evaluate("window.sameDashboard = true")

    prospect_context = chromium.new_context(**phone)
    prospect = prospect_context.new_page()
    prospect.goto(f"{base_url}/Rob-Mason")
    expect(prospect.get_by_role("heading", name="Thanks for stopping by, Rob.")).to_be_visible()

    # page.js reports after 3 s visible; the dashboard polls every 3 s: well within 10 s.
    notice = "Rob Mason is on their page now — call +1 415-555-0199"
    expect(rep.locator("#live-notices")).to_contain_text(notice, timeout=10_000)
    row = rep.locator("#call-next-list li", has_text="Rob Mason")
    expect(row).to_contain_text("Hot now")
    expect(row).to_contain_text(re.compile(r"on the page (just now|1 min ago), 1 visit today"))
    assert rep.evaluate("window.sameDashboard") is True  # no reload happened
    assert rep.evaluate("window.shown") == [notice]
    expect(rep.locator("#nav-notifications .badge")).to_have_text("1")
    # The CLI's list agrees: a real read is hot as soon as page.js's "visible" is in.
    [listed] = json.loads(runner.invoke(["calls", "--json"]).output)
    assert (listed["name"], listed["hot"], listed["people"]) == ("Rob Mason", True, 1)
    prospect_context.close()
    rep_context.close()
