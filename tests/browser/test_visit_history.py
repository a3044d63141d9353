"""The visit history in Chromium, on a phone and a desktop: each visit in words, without a
page that scrolls sideways. With LANDING_SCREENSHOTS naming a folder, it keeps a picture of
each in <folder>/app/ (docs/screenshots/app/ in the repository):

    LANDING_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/browser/test_visit_history.py
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from landing.core.clock import utcnow
from landing.data.db import get_session
from landing.data.models import Engagement, Visit
from tests.browser.test_unusual_browsers import DUCKDUCKGO
from tests.conftest import PASSWORD, Runner, beacon

SHOTS = os.environ.get("LANDING_SCREENSHOTS")
WINDOWS_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


def hit(app, agent: str, *kinds: str, method: str = "GET", referrer: str = "") -> None:
    """One request for Rob's page from a fresh browser, then its beacons in order."""
    client = app.test_client()
    headers = {"User-Agent": agent, **({"Referer": referrer} if referrer else {})}
    response = client.open("/Rob-Mason", method=method, headers=headers)
    if kinds:
        token = response.get_data(as_text=True).split('data-hit="', 1)[1].split('"', 1)[0]
        for number, kind in enumerate(kinds):
            assert beacon(client, token, kind, after=5 + number).status_code == 204


def visited(app) -> None:
    runner = Runner(app)
    added = runner.invoke(
        ["rep", "add", "dana@acme.com", "--name", "Dana Reyes", "--admin"], input=PASSWORD
    )
    assert added.exit_code == 0, added.output
    added = runner.invoke(["prospect", "add", "--first", "Rob", "--last", "Mason"])
    assert added.exit_code == 0, added.output
    hit(app, "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")
    hit(app, IPHONE, "visible", "scroll", "click_booking", referrer="https://mail.google.com/")
    hit(app, IPHONE, method="HEAD")
    hit(app, DUCKDUCKGO)
    hit(app, WINDOWS_CHROME, "visible", "click_call", referrer="https://outlook.office.com/")
    spread_out(app)


def spread_out(app) -> None:
    """Move the hits back over the morning and their beacons to when a reader sends them:
    made in a moment here, they would all read "just now" and "0:00"."""
    minutes_ago = [180, 178, 170, 60, 12]
    seconds_in = {"visible": 3, "scroll": 12, "click_call": 25, "click_booking": 41}
    now = utcnow()
    with app.app_context():
        session = get_session()
        hits = session.exec(select(Visit).order_by(Visit.id)).all()
        for visit, ago in zip(hits, minutes_ago, strict=True):
            visit.at = now - timedelta(minutes=ago)
            for event in session.exec(select(Engagement).where(Engagement.visit_id == visit.id)):
                event.at = visit.at + timedelta(seconds=seconds_in[event.kind])
        session.commit()


@pytest.mark.parametrize(
    ("name", "viewport"),
    [("phone", {"width": 390, "height": 844}), ("desktop", {"width": 1366, "height": 900})],
)
def test_the_rep_reads_the_visits_in_words(live_server, browser, name, viewport):
    app, base_url = live_server
    visited(app)
    chromium, _ = browser
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{base_url}/login")
    page.get_by_label("Email").fill("dana@acme.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base_url}/app/prospects/1")

    history = page.locator(".visit-history")
    history.scroll_into_view_if_needed()
    people = history.locator("li.visit-engaged")
    expect(people).to_have_count(2)
    expect(people.first).to_contain_text("Windows 10")
    expect(people.first).to_contain_text("came from outlook.office.com")
    expect(people.first).to_contain_text("person 2")
    expect(people.last).to_contain_text("iPhone · Safari · iOS 17.4")
    expect(people.last.locator(".visit-steps")).to_contain_text("0:41 tapped Book a meeting")
    expect(history.locator("li.visit-unconfirmed")).to_contain_text("DuckDuckGo · Android 14")
    expect(history.locator("li.visit-bot").first).to_contain_text("Only checked that the page")
    expect(history.locator("li.visit-bot").last).to_contain_text("Slack made a link preview")
    # The agent as sent is there for whoever asks, folded away.
    expect(history.get_by_text(WINDOWS_CHROME, exact=False)).to_be_hidden()
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= viewport["width"], f"the page scrolls sideways: {wide}px"
    if SHOTS:
        folder = os.path.join(SHOTS, "app")
        os.makedirs(folder, exist_ok=True)
        history.screenshot(path=os.path.join(folder, f"visit-history-{name}.png"))
    context.close()
