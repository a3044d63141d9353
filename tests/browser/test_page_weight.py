"""The prospect's page under 30 KB before the video (60 KB with its poster), as a phone's
chromium loads it: every response of ours until the load event (tests/web/test_page_weight.py
counts the same from the HTML; tests/browser/test_slow_phone.py times it on a slow phone)."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.web.test_page_weight import _layouts, _over, _report, _seed, _set_layout


def _ours_in(page, base_url: str) -> list:
    """The page's responses from our server, as they come, leaving out media (the video)."""
    responses: list = []

    def keep(response) -> None:
        ours = response.url.startswith(base_url + "/") and response.frame == page.main_frame
        if ours and response.request.resource_type != "media":
            responses.append(response)

    page.on("response", keep)
    return responses


def test_what_a_phone_fetches_until_load_weighs_under_30_kb_and_60_with_the_poster(
    live_server, browser
):
    """The same, as the browser sees it: every response of ours until the load event."""
    app, base_url = live_server
    chromium, phone = browser
    path = _seed(app)
    context = chromium.new_context(**phone)
    # Other sites (the video, logos, the rep's photo) are not ours to weigh, nor reachable.
    context.route(lambda url: not url.startswith(base_url + "/"), lambda route: route.abort())
    failures = []
    for layout in _layouts():
        _set_layout(app, layout)
        page = context.new_page()
        responses = _ours_in(page, base_url)
        page.goto(base_url + path, wait_until="load")
        sizes = {urlsplit(r.url).path: len(r.body()) for r in list(responses) if r.status < 300}
        page.close()
        total = sum(sizes.values())
        print(_report(f"{layout} in chromium", total, sizes))
        assert path in sizes and any(p.endswith(".css") for p in sizes), sizes
        assert any(p.startswith("/_/poster/") for p in sizes), f"the poster: {sizes}"
        if _over(total, sizes):
            failures.append(_report(layout, total, sizes))
    context.close()
    assert not failures, "\n".join(failures)
