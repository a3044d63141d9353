"""The rep's face at the top of a prospect's page, in Debian's chromium: the photo when it
loads, the initials on the brand colour when there is none or it fails, without JavaScript."""

from __future__ import annotations

import os
import struct
import zlib

import pytest

from landing.data.db import get_session
from landing.data.models import Company
from landing.prospects import service as prospects
from landing.team import reps
from tests.conftest import PASSWORD

PHOTO = "https://photos.example/dana.png"
SHOTS = os.environ.get("LANDING_FACE_SHOTS")  # a folder, to look at the page
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


def _png(rgb: tuple[int, int, int], size: int = 8) -> bytes:
    """A small one-colour PNG, made here: the browser tests have no network."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _seed(app, photo_url: str, layout: str = "classic", colour: str = "#1f7a4d") -> str:
    with app.app_context():
        db = get_session()
        dana = reps.create_rep(db, email="dana@acme.com", name="Dana Reyes", password=PASSWORD)
        reps.update_profile(
            db, dana, name=dana.name, email=dana.email, phone="+1 415 555 0100",
            booking_url="https://cal.example/dana", photo_url=photo_url,
        )  # fmt: skip
        rob = prospects.create_prospect(
            db, dana, first_name="Rob", last_name="Mason", company="Mason Freight",
            phone="+1 415 555 0134", outcome="fewer late shipments",
        )  # fmt: skip
        row = db.get(Company, 1) or Company(name="Acme")
        row.brand_colour, row.page_layout = colour, layout
        row.offer_text = "Two weeks free, and we move your lanes over for you."
        db.add(row)
        db.commit()
        return f"/{rob.slug}"


def _open(browser, base_url: str, path: str, photo: bytes | None, viewport="phone", dark=False):
    """The page with JavaScript off; the photo host answers with photo, or not at all."""
    chromium, _phone = browser
    context = chromium.new_context(
        viewport=VIEWPORTS[viewport],
        java_script_enabled=False,
        color_scheme="dark" if dark else "light",
    )

    def photo_host(route) -> None:
        if photo is None:
            route.abort()
        else:
            route.fulfill(status=200, content_type="image/png", body=photo)

    # The route added last is tried first: the photo host, then no network beyond our server.
    context.route(lambda url: not url.startswith(base_url + "/"), lambda route: route.abort())
    context.route(PHOTO, photo_host)
    page = context.new_page()
    page.goto(base_url + path, wait_until="load")
    return page


def _face(page):
    """The face beside the greeting: its box, its initials' box, and the photo's state."""
    return page.evaluate(
        """() => {
          const face = document.querySelector(".greeting .face");
          const img = face.querySelector("img");
          const initials = face.querySelector(".initials");
          const box = (el) => { const r = el.getBoundingClientRect();
            return {x: r.x, y: r.y, width: r.width, height: r.height}; };
          // What is drawn at the face's centre, the photo or the initials under it.
          const r = face.getBoundingClientRect();
          const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return {
            face: box(face), initials: box(initials), text: initials.textContent,
            colour: getComputedStyle(face).backgroundColor,
            img: img && {complete: img.complete, naturalWidth: img.naturalWidth, box: box(img)},
            top: top && (top.tagName === "IMG" ? "img" : "initials"),
          };
        }"""
    )


def _pixels(png: bytes) -> list[list[tuple[int, int, int]]]:
    """Rows of RGB pixels of a screenshot (8-bit RGB or RGBA PNG, as Chromium writes them)."""
    pos, data = 8, b""
    while pos < len(png):
        (size,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            width, height, _depth, colour_type = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            data += body
    step = 4 if colour_type == 6 else 3
    raw, stride, rows, above = zlib.decompress(data), width * step, [], bytearray(width * step)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            a, b = line[x - step] if x >= step else 0, above[x]
            c = above[x - step] if x >= step else 0
            p = a + b - c
            guess = [
                0,
                a,
                b,
                (a + b) // 2,
                min((a, b, c), key=lambda v: (abs(p - v), v != a, v != b)),
            ]
            line[x] = (line[x] + guess[kind]) & 255
        rows.append([tuple(line[x : x + 3]) for x in range(0, stride, step)])
        above = line
    return rows


def _inside(rows, margin: int = 8) -> list[tuple[int, int, int]]:
    """The pixels well inside the circle, away from its anti-aliased rim."""
    height, width = len(rows), len(rows[0])
    radius = min(width, height) / 2 - margin
    return [
        rows[y][x]
        for y in range(height)
        for x in range(width)
        if (x - width / 2) ** 2 + (y - height / 2) ** 2 < radius**2
    ]


def test_a_photo_that_fails_shows_the_initials_on_the_brand_colour(live_server, browser):
    app, base_url = live_server
    path = _seed(app, PHOTO)
    page = _open(browser, base_url, path, photo=None)
    face = _face(page)
    assert face["img"]["complete"] and face["img"]["naturalWidth"] == 0, face
    assert face["text"] == "DR"
    assert face["initials"]["width"] > 0 and face["initials"]["height"] > 0
    assert face["colour"] == "rgb(31, 122, 77)", face  # the brand colour behind them
    assert page.locator(".greeting .initials").is_visible()
    # The failed image draws nothing else (no broken-image icon, no alt text): the face looks
    # as it does with no photo at all.
    failed = _inside(_pixels(page.locator(".greeting .face").screenshot()))
    page.evaluate('() => document.querySelector(".greeting .face img").remove()')
    assert _inside(_pixels(page.locator(".greeting .face").screenshot())) == failed
    assert (31, 122, 77) in failed and (255, 255, 255) in failed  # white initials on green
    # Above the fold on a phone, beside the greeting, with the name as text.
    assert face["face"]["y"] + face["face"]["height"] < 844
    greeting = page.get_by_role("heading", name="Thanks for stopping by, Rob.")
    assert abs(greeting.bounding_box()["y"] - face["face"]["y"]) < 72
    assert page.locator(".greeting").get_by_text("Dana Reyes").is_visible()


@pytest.mark.parametrize("layout", ["classic", "spotlight"])
def test_a_photo_covers_the_initials(live_server, browser, layout):
    app, base_url = live_server
    path = _seed(app, PHOTO, layout)
    page = _open(browser, base_url, path, photo=_png((200, 40, 40)))
    face = _face(page)
    assert face["img"]["naturalWidth"] == 8, face
    assert face["img"]["box"] == face["face"], face  # the whole circle
    assert face["top"] == "img", face
    # Only the photo's red shows inside the circle: no initials, no brand green.
    assert set(_inside(_pixels(page.locator(".greeting .face").screenshot()))) == {(200, 40, 40)}
    assert page.locator(".greeting").get_by_text("Dana Reyes").is_visible()


def test_no_photo_shows_the_initials(live_server, browser):
    app, base_url = live_server
    path = _seed(app, "")
    page = _open(browser, base_url, path, photo=None)
    face = _face(page)
    assert face["img"] is None and face["text"] == "DR" and face["top"] == "initials"


@pytest.mark.skipif(not SHOTS, reason="screenshots only when LANDING_FACE_SHOTS names a folder")
@pytest.mark.parametrize(("layout", "colour"), [("classic", "#1f7a4d"), ("spotlight", "#f2b705")])
def test_screenshots(live_server, browser, layout, colour):
    """Both layouts, the second with a light brand colour (dark initials on it)."""
    app, base_url = live_server
    path = _seed(app, PHOTO, layout, colour)
    for viewport in VIEWPORTS:
        for dark in (False, True):
            for name, photo in (("photo", _png((200, 120, 60))), ("failing", None)):
                page = _open(browser, base_url, path, photo, viewport, dark)
                scheme = "dark" if dark else "light"
                page.screenshot(
                    path=os.path.join(SHOTS, f"{layout}-{viewport}-{scheme}-{name}.png"),
                    full_page=True,
                )
                page.context.close()
