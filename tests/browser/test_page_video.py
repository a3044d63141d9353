"""The video on a prospect's page in chromium when things go wrong: no JavaScript, or a
network that blocks the player (tests/browser/test_page_engagement.py has the beacons)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_page_engagement import (
    YOUTUBE,
    make_page,
    open_page,
    sent,
    tap_play,
    wait_for,
)

WATCH = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


def test_without_javascript_the_poster_leads_to_the_video(live_server, browser):
    app, base_url = live_server
    path = make_page(app, WATCH)
    context, page = open_page(
        browser, base_url, {WATCH: "<title>On YouTube</title>"}, java_script_enabled=False
    )
    page.goto(base_url + path)
    expect(page.get_by_text("Watch the video")).to_be_visible()  # no poster fetched: ours
    page.get_by_role("link", name="Play the video from Acme").click()
    expect(page).to_have_url(WATCH)
    context.close()


def test_a_blocked_player_gives_the_poster_back_as_a_link(live_server, browser):
    """A corporate network that blocks YouTube: the frame loads an error page and no player
    answers; the poster returns, saying so, and leads to YouTube's own page."""
    app, base_url = live_server
    path = make_page(app, WATCH)
    context, page = open_page(browser, base_url)  # the player's host is refused
    page.clock.install()
    page.goto(base_url + path)
    tap_play(page)
    sent(page, "video_play")
    expect(page.locator(".video iframe")).to_have_attribute("src", re.compile("^" + YOUTUBE))

    def poster_back() -> bool:
        page.clock.run_for(1000)
        return page.locator(".video-failed").count() == 1

    wait_for(page, poster_back, "the poster back")
    assert page.locator(".video iframe").count() == 0
    expect(page.get_by_text("The player did not load here. Watch on YouTube")).to_be_visible()
    poster = page.get_by_role("link", name="The player did not load here. Watch on YouTube")
    expect(poster).to_have_attribute("href", WATCH)
    with page.expect_request(WATCH):
        poster.click()  # a link now: refused here, as on that network
    context.close()
