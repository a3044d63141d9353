"""A person in an unusual browser: the agent alone leaves the hit unconfirmed, never a bot,
and reading the page makes it engaged, as for any browser."""

from __future__ import annotations

import pytest

from tests.browser.test_page_engagement import make_page, open_page, visits, wait_for

# DuckDuckGo's Android browser, as it sends its agent.
DUCKDUCKGO = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
    "Chrome/135.0.0.0 Mobile DuckDuckGo/5 Safari/537.36"
)


@pytest.mark.browser
def test_a_duckduckgo_reader_is_unconfirmed_then_engaged(live_server, browser):
    app, base_url = live_server
    path = make_page(app)
    context, page = open_page(browser, base_url, user_agent=DUCKDUCKGO)
    page.goto(base_url + path)

    [(arrived, _)] = wait_for(page, lambda: visits(app), "the hit stored")
    assert arrived.user_agent == DUCKDUCKGO
    assert (arrived.classification, arrived.reason) == ("unconfirmed", "browser user agent")

    page.mouse.wheel(0, 600)
    [(read, reported)] = wait_for(
        page, lambda: [(v, r) for v, r in visits(app) if v.classification == "engaged"], "engaged"
    )
    assert read.id == arrived.id
    assert read.reason == "beacon: visible"
    assert "visible" in reported
    context.close()
