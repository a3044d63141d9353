"""The prospect's page as buyers see it, for docs/screenshots/page/ and the README: both
layouts, light and dark, phone and desktop, in English and German, with the rep's photo and
with a photo that fails to load (the initials then). Only when LANDING_SCREENSHOTS names a
folder; every shot also checks what it shows, so a set is never made of broken pages.

    LANDING_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/browser/test_page_screenshots.py
"""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image, ImageDraw, ImageOps

from landing.data.db import get_session
from landing.data.models import Company
from landing.pages import posters
from landing.pages.videos import parse_video
from landing.prospects import service as prospects
from landing.team import reps
from tests.browser.test_page_face import PHOTO, VIEWPORTS, _png
from tests.conftest import PASSWORD

SHOTS = os.environ.get("LANDING_SCREENSHOTS")
VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
# (layout, brand colour): the second light, so its buttons take dark text.
LOOKS = {"classic": "#1f7a4d", "spotlight": "#f2b705"}
# (language, viewport, dark, photo loads): every axis both ways, not every combination.
SHOWN = [
    ("en", "phone", False, True), ("en", "phone", True, True),
    ("en", "desktop", False, True), ("en", "desktop", True, True),
    ("de", "phone", False, False), ("de", "desktop", True, False),
]  # fmt: skip
FACE = _png((200, 120, 60), 64)
WORDS = {"en": "Thanks for stopping by, Rob.", "de": "Danke für Ihren Besuch, Rob."}


def _still() -> bytes:
    """A video still that looks like one (a dashboard on a dark gradient) and, unlike the
    noise of tests/pages/thumbnail_host.py, keeps the screenshots small."""
    sky = ImageOps.colorize(Image.linear_gradient("L").rotate(90), "#0d2238", "#2f6f9f")
    still = sky.resize((480, 270))
    draw = ImageDraw.Draw(still)
    draw.rounded_rectangle((60, 50, 420, 230), radius=12, fill="#f4f6f9")
    for row, width in enumerate((260, 200, 300, 150)):
        draw.rounded_rectangle((90, 80 + row * 34, 90 + width, 98 + row * 34), 6, "#9fb3c8")
    out = io.BytesIO()
    still.save(out, "JPEG", quality=90)
    return out.getvalue()


def _seed(app, layout: str, language: str) -> str:
    with app.app_context():
        db = get_session()
        dana = reps.create_rep(db, email="dana@acme.com", name="Dana Reyes", password=PASSWORD)
        reps.update_profile(
            db, dana, name=dana.name, title="Account Executive", email=dana.email,
            phone="+1 415 555 0100", booking_url="https://cal.example/dana", photo_url=PHOTO,
        )  # fmt: skip
        rob = prospects.create_prospect(
            db, dana, first_name="Rob", last_name="Mason", company="Mason Freight",
            phone="+1 415 555 0134", outcome="fewer late shipments", language=language,
        )  # fmt: skip
        rob.personal_note = {
            "en": "Rob, good to meet you at LogiMAT. Here is the two-minute version.",
            "de": "Rob, schön, Sie auf der LogiMAT getroffen zu haben. Hier die Kurzfassung.",
        }[language]
        db.add(rob)
        row = db.get(Company, 1) or Company(name="Acme Logistics")
        row.name, row.page_layout, row.brand_colour = "Acme Logistics", layout, LOOKS[layout]
        row.video_url, row.customers = VIDEO, "Northwind Traders\nContoso Freight\nUmbrella"
        row.offer_text = {
            "en": "Two weeks free, and we move your lanes over for you.",
            "de": "Zwei Wochen kostenlos, und wir ziehen Ihre Strecken für Sie um.",
        }[language]
        db.add(row)
        db.commit()
        path = f"/{rob.slug}"
    posters.fetch_poster(app.instance_path, parse_video(VIDEO), get=lambda *_: _still())
    return path


@pytest.mark.skipif(not SHOTS, reason="screenshots only when LANDING_SCREENSHOTS names a folder")
@pytest.mark.parametrize("layout", list(LOOKS))
@pytest.mark.parametrize("language", ["en", "de"])
def test_screenshots(live_server, browser, layout, language):
    app, base_url = live_server
    path = _seed(app, layout, language)
    chromium, _phone = browser
    folder = os.path.join(SHOTS, "page")
    os.makedirs(folder, exist_ok=True)
    for lang, viewport, dark, photo_loads in SHOWN:
        if lang != language:
            continue
        context = chromium.new_context(
            viewport=VIEWPORTS[viewport], color_scheme="dark" if dark else "light",
            device_scale_factor=2 if viewport == "phone" else 1,
        )  # fmt: skip
        context.route(lambda url: not url.startswith(base_url + "/"), lambda r: r.abort())
        if photo_loads:
            context.route(
                PHOTO, lambda r: r.fulfill(status=200, content_type="image/png", body=FACE)
            )
        page = context.new_page()
        page.goto(base_url + path, wait_until="load")
        assert page.get_by_text(WORDS[language]).is_visible()
        assert page.locator(".video-poster img").evaluate("img => img.naturalWidth") > 0
        loaded = page.locator(".greeting .face img").evaluate("img => img.naturalWidth > 0")
        assert loaded == photo_loads
        scheme = "dark" if dark else "light"
        name = f"{layout}-{language}-{viewport}-{scheme}-{'photo' if photo_loads else 'failing'}"
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)
        context.close()
