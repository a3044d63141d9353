"""The prospect's page on a slow phone (tests/browser/slow_phone.py): with a YouTube video
and its poster, Largest Contentful Paint within 1.5 s and at most 60 KB on the wire before
the visitor taps anything, in both layouts. `make bench` prints the same figures."""

from __future__ import annotations

from tests.browser.slow_phone import typical_load
from tests.web.test_page_weight import _layouts, _seed, _set_layout

LCP_BUDGET_MS = 1500
BYTES_BUDGET = 60 * 1024


def test_a_slow_phone_paints_the_page_within_1_5_s_and_60_kb(live_server, browser):
    app, base_url = live_server
    chromium, _phone = browser
    path = _seed(app)  # a YouTube video, its poster fetched
    failures = []
    for layout in _layouts():
        _set_layout(app, layout)
        load = typical_load(chromium, base_url, path)
        print(f"{layout}: {load.summary()}: {load.sizes}")
        assert any(p.startswith("/_/poster/") for p in load.sizes), "the poster, from our origin"
        players = [url for url in load.requested if "youtube" in url or "ytimg" in url]
        assert not players, f"nothing of YouTube's before a tap: {players}"
        assert not any(p.startswith("http") for p in load.sizes), load.sizes
        if load.lcp_ms > LCP_BUDGET_MS or load.transferred > BYTES_BUDGET:
            failures.append(f"{layout}: {load.summary()} ({load.sizes})")
    assert not failures, "\n".join(failures)
