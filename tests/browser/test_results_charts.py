"""The results page and a prospect's activity timeline in Chromium, on a phone and a desktop:
the charts drawn, no sideways scrolling, no serious axe violation. LANDING_SCREENSHOTS=folder
keeps pictures of both (docs/screenshots/app/results-*.png, activity-*.png):

    LANDING_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/browser/test_results_charts.py
"""

from __future__ import annotations

import os
import random
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from landing.core.clock import utcnow
from landing.data.db import get_session
from landing.data.models import CallOutcome, Engagement, Visit, Voicemail
from landing.prospects import service as prospects
from landing.team import reps
from tests.browser.test_accessibility import VIEWPORTS, _serious
from tests.browser.test_visit_history import IPHONE, WINDOWS_CHROME
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("LANDING_SCREENSHOTS")
SIZES = {"phone": (390, 844), "desktop": (1366, 900)}
# Which template does how well: (key, chance of a visit, of a callback, of a meeting).
TEMPLATES = [
    ("visit-direct-1", 0.34, 0.10, 0.05),
    ("visit-share-1", 0.22, 0.06, 0.03),
    ("visit-direct-2", 0.15, 0.05, 0.02),
]
PEOPLE = [
    "Rob Mason",
    "Siobhan Kelly",
    "Ana Lopez",
    "Jürgen Weiß",
    "Priya Raman",
    "Tom Okafor",
    "Mia Chen",
    "Omar Haddad",
    "Lena Vogel",
    "Kofi Mensah",
    "Sara Lind",
    "Ivan Petrov",
]


def _seed(app) -> int:
    """Three reps' last ten weeks of voicemails, and Rob's story with Dana: two voicemails,
    two visits (the video, then Book a meeting), a callback and a meeting. Returns Rob's id."""
    rng = random.Random(18)
    now = utcnow()
    with app.app_context():
        session = get_session()
        dana = reps.create_rep(
            session, email="dana@acme.com", name="Dana Reyes", password=PASSWORD, is_admin=True
        )
        team = [
            dana,
            reps.create_rep(session, email="sam@acme.com", name="Sam Ortiz", password=PASSWORD),
            reps.create_rep(session, email="lee@acme.com", name="Lee Park", password=PASSWORD),
        ]
        people = []
        for n, name in enumerate(PEOPLE):
            first, last = name.split()
            people.append(
                prospects.create_prospect(
                    session, team[n % 3], first_name=first, last_name=last, company="Acme"
                )
            )
        rob = people[0]
        for prospect in people[1:]:
            # A voicemail every few days for ten weeks, some of them earning something.
            at = now - timedelta(days=70 - rng.uniform(0, 4))
            while at < now - timedelta(hours=6):
                key, visit, callback, meeting = rng.choice(TEMPLATES)
                session.add(
                    Voicemail(
                        prospect_id=prospect.id,
                        rep_id=prospect.rep_id,
                        attempt=1,
                        goal="visit",
                        template_key=key,
                        at=at,
                    )
                )
                if rng.random() < visit:
                    session.add(
                        Visit(
                            prospect_id=prospect.id,
                            classification="engaged",
                            at=at + timedelta(hours=rng.uniform(1, 48)),
                        )
                    )
                for kind, chance in (("called_back", callback), ("meeting_booked", meeting)):
                    if rng.random() < chance:
                        session.add(
                            CallOutcome(
                                prospect_id=prospect.id,
                                rep_id=prospect.rep_id,
                                kind=kind,
                                at=at + timedelta(days=2),
                            )
                        )
                at += timedelta(days=rng.uniform(1.5, 4))
        _robs_story(session, rob, now)
        session.commit()
        return rob.id


def _robs_story(session, rob, now) -> None:
    def ago(days: float, hours: float = 0):
        return now - timedelta(days=days, hours=hours)

    for attempt, at in ((1, ago(9, 3)), (2, ago(5, 2))):
        session.add(
            Voicemail(
                prospect_id=rob.id,
                rep_id=rob.rep_id,
                attempt=attempt,
                goal="visit",
                template_key="visit-direct-1",
                at=at,
            )
        )
    for agent, at, kinds in (
        (IPHONE, ago(8, 22), ("visible", "video_play", "video_50")),
        (WINDOWS_CHROME, ago(4, 20), ("visible", "click_booking")),
    ):
        visit = Visit(
            prospect_id=rob.id,
            classification="engaged",
            at=at,
            user_agent=agent,
            reason="beacon: visible",
        )
        session.add(visit)
        session.flush()
        for n, kind in enumerate(kinds):
            session.add(
                Engagement(
                    visit_id=visit.id,
                    prospect_id=rob.id,
                    kind=kind,
                    at=at + timedelta(seconds=3 + 20 * n),
                )
            )
    session.add(
        Visit(prospect_id=rob.id, classification="bot", at=ago(9, 2), reason="HEAD request")
    )
    for kind, at in (("called_back", ago(3, 4)), ("meeting_booked", ago(3, 3))):
        session.add(CallOutcome(prospect_id=rob.id, rep_id=rob.rep_id, kind=kind, at=at))


def _shot(what, name: str) -> None:
    """A picture of a page (all of it) or of one part of it, when LANDING_SCREENSHOTS asks."""
    if SHOTS:
        folder = os.path.join(SHOTS, "app")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{name}.png")
        if hasattr(what, "goto"):
            what.screenshot(path=path, full_page=True)
        else:
            what.screenshot(path=path)


@pytest.mark.parametrize("device", list(SIZES))
def test_results_and_the_activity_timeline_read_at_a_glance(live_server, browser, device):
    app, base_url = live_server
    rob_id = _seed(app)
    chromium, _phone = browser
    width, height = SIZES[device]
    options = {**VIEWPORTS["phone" if device == "phone" else "desktop"]}
    options["viewport"] = {"width": width, "height": height}
    context = chromium.new_context(**options)
    page = context.new_page()
    page.goto(f"{base_url}/login")
    page.get_by_label("Email").fill("dana@acme.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/app/")

    # From the navigation (the Menu on a phone) to the team's results.
    if device == "phone":
        page.get_by_text("Menu").click()
    page.get_by_role("link", name="Results").click()
    page.get_by_role("link", name="The team’s").click()
    expect(page.get_by_role("img", name="Voicemails left:")).to_be_visible()
    expect(page.locator("#weeks-chart rect.bar").first).to_be_visible()
    expect(page.locator("#reps-table tbody tr")).to_have_count(3)
    expect(page.locator("#templates-table svg.interval")).to_have_count(3)
    failures = _serious(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"the results page scrolls sideways: {wide}px"
    _shot(page, f"results-{device}")

    page.goto(f"{base_url}/app/prospects/{rob_id}")
    activity = page.locator("#h-activity").locator("xpath=..")
    activity.scroll_into_view_if_needed()
    expect(page.get_by_role("img", name="Activity: 2 voicemails, 2 visits")).to_be_visible()
    expect(activity.locator("circle.mark")).to_have_count(8)
    _shot(activity, f"activity-{device}")
    activity.get_by_text("As a list").click()
    expect(activity.locator("#activity-list")).to_contain_text("Tapped Book a meeting")
    failures += _serious(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"the prospect page scrolls sideways: {wide}px"

    # The Scripts page draws each template's likely range as a bar, with its words.
    page.goto(f"{base_url}/app/templates")
    ranges = page.locator("#goal-visit").locator("xpath=..")
    expect(ranges.get_by_role("img", name="Visit rate 30% of 106, likely between")).to_be_visible()
    failures += _serious(page)
    _shot(ranges, f"scripts-ranges-{device}")
    assert not failures, "\n".join(failures)
    context.close()
