"""In chromium: with a personal video ready, "Copy email" puts the follow-up email on the
clipboard as HTML (the animated thumbnail linked to the prospect's page, then the text) and
as text; a browser that cannot put HTML there copies the text. The Company page's video
limits, on a phone and a desktop.

Screenshots for docs/screenshots/videos/, only when LANDING_SCREENSHOTS names a folder:
    LANDING_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/browser/test_video_email.py
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.browser.test_video_recorder import setup_rep_and_prospect, signed_in
from tests.conftest import Runner
from tests.videos.conftest import make_video

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("LANDING_SCREENSHOTS")
READ_CLIPBOARD = """async () => {
  const [item] = await navigator.clipboard.read();
  const read = async (type) => item.types.includes(type) ? (await item.getType(type)).text() : null;
  return { html: await read("text/html"), text: await read("text/plain") };
}"""


@pytest.fixture
def with_video(live_server, tmp_path):
    app, base_url = live_server
    setup_rep_and_prospect(app)
    runner = Runner(app)
    added = runner.invoke(["video", "add", "Rob-Mason", str(make_video(tmp_path / "hi.mp4"))])
    assert added.exit_code == 0, added.output
    assert runner.invoke(["worker", "--once"]).exit_code == 0
    return app, base_url


def test_copy_email_carries_the_thumbnail_linked_to_the_page(with_video, browser):
    app, base_url = with_video
    chromium, _ = browser
    page = signed_in(chromium, base_url, viewport={"width": 1366, "height": 900})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    card = page.locator("section[aria-labelledby=h-email]")
    thumb = card.locator(".email-thumb img")
    expect(thumb).to_be_visible()
    assert thumb.evaluate("img => img.complete && img.naturalWidth") > 0  # Rob's named GIF
    card.get_by_role("button", name="Copy email").click()
    expect(card.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate(READ_CLIPBOARD)
    page_url = f"{base_url}/Rob-Mason"
    assert f'<a href="{page_url}"><img src="{base_url}/_/video/' in copied["html"]
    assert '.gif" alt="▶ I recorded a short video for you"' in copied["html"]
    assert copied["text"] == card.locator("#email-body").inner_text()
    assert f"I recorded a short video for you: {page_url}" in copied["text"]
    if SHOTS:
        folder = os.path.join(SHOTS, "videos")
        os.makedirs(folder, exist_ok=True)
        card.screenshot(path=os.path.join(folder, "email-thumbnail-desktop.png"))
        page.set_viewport_size({"width": 390, "height": 844})
        card.screenshot(path=os.path.join(folder, "email-thumbnail-phone.png"))
    page.context.close()


def test_without_html_on_the_clipboard_the_text_is_copied(with_video, browser):
    app, base_url = with_video
    chromium, _ = browser
    page = signed_in(chromium, base_url)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script("delete window.ClipboardItem")  # as older Firefox
    page.reload()
    card = page.locator("section[aria-labelledby=h-email]")
    card.get_by_role("button", name="Copy email").click()
    expect(card.get_by_role("button", name="Copied")).to_be_visible()
    text = page.evaluate("() => navigator.clipboard.readText()")
    assert text == card.locator("#email-body").inner_text()
    page.context.close()


@pytest.mark.skipif(not SHOTS, reason="screenshots only when LANDING_SCREENSHOTS names a folder")
def test_screenshots_of_the_company_video_limits(live_server, browser):
    app, base_url = live_server
    chromium, phone = browser
    setup_rep_and_prospect(app)
    folder = os.path.join(SHOTS, "videos")
    os.makedirs(folder, exist_ok=True)
    for name, context in (
        ("desktop", {"viewport": {"width": 1366, "height": 900}}),
        ("phone", {**phone, "viewport": {"width": 390, "height": 844}}),
    ):
        page = signed_in(chromium, base_url, **context)
        page.goto(f"{base_url}/app/company")
        page.get_by_label("Longest video, in seconds").fill("5")
        page.get_by_role("button", name="Save settings").click()
        section = page.get_by_role("heading", name="Personal videos")
        expect(page.locator("#e-video_max_seconds")).to_be_visible()
        section.scroll_into_view_if_needed()
        page.screenshot(path=os.path.join(folder, f"company-limits-{name}.png"))
        page.context.close()
