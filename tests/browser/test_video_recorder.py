"""In chromium with its fake camera and microphone: the rep records a personal video on the
prospect's page (3-2-1, the timer, the script beside the camera), re-takes it, keeps the
second take, and sees it upload and wait for processing; and the whole way, through the
worker's processing to the prospect playing it and the rep seeing it on Call next.

Screenshots of the recorder, for docs/screenshots/app/, only when LANDING_SCREENSHOTS names a
folder:
    LANDING_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/browser/test_video_recorder.py
"""

from __future__ import annotations

import os
import re
import time

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import select

from landing.data.db import get_engine, get_session
from landing.data.models import Prospect, Video
from landing.videos import library
from landing.videos import processing as video_processing
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import PASSWORD, Runner

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("LANDING_SCREENSHOTS")
# Chromium's test pattern and beep stand in for a camera and a microphone, allowed unasked.
FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture
def camera_browser():
    assert os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} missing: run `make test` to install it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MEDIA
        )
        yield chromium, playwright.devices["iPhone 13"]
        chromium.close()


def signed_in(chromium, base_url, **context):
    page = chromium.new_context(**context).new_page()
    page.goto(f"{base_url}/login")
    page.get_by_label("Email").fill("dana@acme.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base_url}/app/prospects/1")
    return page


def setup_rep_and_prospect(app) -> None:
    runner = Runner(app)
    dana = ["rep", "add", "dana@acme.com", "--name", "Dana Reyes", "--admin"]
    runner.invoke(dana, input=PASSWORD)
    added = runner.invoke(["prospect", "add", "--first", "Rob", "--last", "Mason",
                           "--phone", "+1 415 555 0199"])  # fmt: skip
    assert added.exit_code == 0, added.output


def record(page, seconds: float) -> None:
    page.get_by_role("button", name="Start recording").click()
    expect(page.locator("#rec-countdown")).to_have_text("3")
    expect(page.locator("#rec-timer")).to_be_visible(timeout=5_000)  # after 3, 2, 1
    page.wait_for_timeout(seconds * 1000)
    expect(page.locator("#rec-time")).not_to_have_text("0:00")
    page.get_by_role("button", name="Stop").click()
    expect(page.get_by_role("button", name="Keep and upload")).to_be_visible()
    expect(page.locator("#rec-playback")).to_be_visible()


def test_a_file_upload_survives_a_dropped_chunk_and_shows_progress(
    live_server, camera_browser, tmp_path
):
    app, base_url = live_server
    chromium, _ = camera_browser
    setup_rep_and_prospect(app)
    film = tmp_path / "demo.webm"
    film.write_bytes(b"\x1a\x45\xdf\xa3" + b"\0" * (5 * 1024 * 1024))  # three chunks
    page = signed_in(chromium, base_url)
    dropped = []

    def drop_the_second_chunk(route):
        if route.request.method == "PATCH" and route.request.headers.get("upload-offset") != "0":
            if not dropped:
                dropped.append(route.request.headers["upload-offset"])
                route.abort("connectionreset")
                return
        route.continue_()

    page.route("**/app/videos/uploads/**", drop_the_second_chunk)
    page.locator("#video-file").set_input_files(str(film))
    expect(page.locator("#upload-words")).to_contain_text("Connection lost: trying again")
    expect(page.locator("#video-status")).to_contain_text("Processing… demo", timeout=15_000)
    assert dropped == [str(2 * 1024 * 1024)]
    with app.app_context():
        (video,) = get_session().exec(select(Video)).all()
        assert video.source_bytes == film.stat().st_size
    assert library.received_path(app.instance_path, video.id).read_bytes() == film.read_bytes()
    page.context.close()


def test_an_upload_cut_off_by_a_reload_goes_on_where_it_stopped(
    live_server, camera_browser, tmp_path
):
    app, base_url = live_server
    chromium, _ = camera_browser
    setup_rep_and_prospect(app)
    film = tmp_path / "demo.webm"
    film.write_bytes(b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 20_000)  # 5 MB: three chunks
    page = signed_in(chromium, base_url)
    sent = []
    page.on("request", lambda r: r.method == "PATCH" and sent.append(r.headers["upload-offset"]))

    def offline_after_the_first_chunk(route):
        if route.request.method == "PATCH" and route.request.headers["upload-offset"] != "0":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/app/videos/uploads/**", offline_after_the_first_chunk)
    page.locator("#video-file").set_input_files(str(film))
    expect(page.locator("#upload-words")).to_contain_text("Connection lost")
    page.unroute("**/app/videos/uploads/**")
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?": yes
    page.reload()
    expect(page.locator("#upload-resume")).to_have_text(
        "The upload of demo.webm stopped at 40%. Choose the same file again to go on from there."
    )
    sent.clear()
    page.locator("#video-file").set_input_files(str(film))
    expect(page.locator("#video-status")).to_contain_text("Processing… demo", timeout=15_000)
    assert sent == [str(2 * 1024 * 1024), str(4 * 1024 * 1024)]  # the first chunk not again
    with app.app_context():
        (video,) = get_session().exec(select(Video)).all()
    assert library.received_path(app.instance_path, video.id).read_bytes() == film.read_bytes()
    page.context.close()


def test_record_retake_keep_upload_and_see_processing(live_server, camera_browser):
    app, base_url = live_server
    chromium, _ = camera_browser
    setup_rep_and_prospect(app)
    page = signed_in(chromium, base_url, viewport={"width": 1366, "height": 900})
    panel = page.locator("#personal-video")
    expect(panel.get_by_role("heading", name="Personal video")).to_be_visible()

    panel.get_by_role("button", name="Record").click()
    expect(page.get_by_role("button", name="Start recording")).to_be_visible()
    expect(page.locator("#teleprompter")).to_contain_text("Rob")  # the voicemail script
    assert page.evaluate("document.getElementById('rec-live').srcObject.getTracks().length") == 2

    record(page, 1.5)
    page.get_by_role("button", name="Re-take").click()
    expect(page.get_by_role("button", name="Start recording")).to_be_visible()
    expect(page.locator("#rec-playback")).to_be_hidden()

    record(page, 2.5)
    recorded = page.evaluate("document.getElementById('rec-playback').duration")
    page.get_by_role("button", name="Keep and upload").click()
    expect(page.locator("#video-status")).to_contain_text("Processing…", timeout=15_000)
    expect(page.locator("#video-status")).to_contain_text("Recording for Rob")
    expect(page.locator("#recorder")).to_be_hidden()
    expect(page.locator("#upload-error")).to_be_hidden()

    with app.app_context():
        session = get_session()
        (video,) = session.exec(select(Video)).all()
        assert video.status == "received" and video.original_name.endswith(".webm")
        assert session.get(Prospect, 1).video_id == video.id
    received = library.received_path(app.instance_path, video.id).read_bytes()
    assert received.startswith(b"\x1a\x45\xdf\xa3") and len(received) > 10_000
    assert recorded == float("inf") or recorded > 1  # Chrome's WebM has no duration until played

    # A reload shows the same, without recording anything again.
    page.reload()
    expect(page.locator("#video-status")).to_contain_text("Processing… Recording for Rob")
    page.context.close()


def test_screen_with_a_camera_bubble_is_recorded_as_one_picture(live_server, camera_browser):
    app, base_url = live_server
    chromium, _ = camera_browser
    setup_rep_and_prospect(app)
    page = signed_in(chromium, base_url, viewport={"width": 1366, "height": 900})
    page.get_by_label("Record my screen too, my camera in a bubble").check()
    page.locator("#personal-video").get_by_role("button", name="Record").click()
    expect(page.get_by_role("button", name="Start recording")).to_be_visible()
    # One picture drawn on a canvas (the screen, the face in a bubble), with the microphone.
    kinds = page.evaluate(
        "document.getElementById('rec-live').srcObject.getTracks()"
        ".map((t) => t.kind + (t.canvas ? ':canvas' : ''))"
    )
    assert sorted(kinds) == ["audio", "video:canvas"]
    expect(page.locator("#rec-live")).not_to_have_class("mirror")
    if SHOTS:
        page.get_by_role("button", name="Start recording").click()
        expect(page.locator("#rec-timer")).to_be_visible(timeout=5_000)
        page.wait_for_timeout(1000)
        os.makedirs(os.path.join(SHOTS, "app"), exist_ok=True)
        shot = os.path.join(SHOTS, "app", "recorder-screen.png")
        page.locator("#personal-video").screenshot(path=shot)
        page.get_by_role("button", name="Stop").click()
        page.get_by_role("button", name="Re-take").click()
    record(page, 1.5)
    page.get_by_role("button", name="Keep and upload").click()
    expect(page.locator("#video-status")).to_contain_text("Processing…", timeout=15_000)
    expect(page.locator("#upload-error")).to_be_hidden()
    page.context.close()


@pytest.mark.skipif(not SHOTS, reason="screenshots only when LANDING_SCREENSHOTS names a folder")
def test_screenshots_of_the_recorder(live_server, camera_browser):
    app, base_url = live_server
    chromium, phone = camera_browser
    setup_rep_and_prospect(app)
    folder = os.path.join(SHOTS, "app")
    os.makedirs(folder, exist_ok=True)
    for name, context in [("recorder-desktop", {"viewport": {"width": 1366, "height": 900}}),
                          ("recorder-phone", phone)]:  # fmt: skip
        page = signed_in(chromium, base_url, **context)
        page.locator("#personal-video").get_by_role("button", name="Record").click()
        page.get_by_role("button", name="Start recording").click()
        expect(page.locator("#rec-timer")).to_be_visible(timeout=5_000)
        page.wait_for_timeout(1500)
        page.locator("#personal-video").screenshot(path=os.path.join(folder, f"{name}.png"))
        page.get_by_role("button", name="Stop").click()
        page.get_by_role("button", name="Keep and upload").click()
        expect(page.locator("#video-status")).to_contain_text("Processing…", timeout=15_000)
        page.locator("#personal-video").screenshot(path=os.path.join(folder, f"{name}-kept.png"))
        page.context.close()


def test_a_recording_is_made_playable_watched_by_the_prospect_and_ranked(
    live_server, camera_browser
):
    """The whole way: recorded with the fake camera, kept, processed by the worker's code,
    played to its end by the prospect in a browser of their own, and the watch beacons
    reach the rep's call-next list."""
    app, base_url = live_server
    chromium, phone = camera_browser
    setup_rep_and_prospect(app)
    rep = signed_in(chromium, base_url, viewport={"width": 1366, "height": 900})
    rep.locator("#personal-video").get_by_role("button", name="Record").click()
    record(rep, 3)
    rep.get_by_role("button", name="Keep and upload").click()
    expect(rep.locator("#video-status")).to_contain_text("Processing…", timeout=15_000)
    with app.app_context():
        made = video_processing.process_waiting(get_engine(), app.instance_path, app.config)
        assert made == 1
        (video,) = get_session().exec(select(Video)).all()
        assert video.status == "ready", video.error
    expect(rep.locator("#video-status")).to_contain_text("Ready", timeout=15_000)

    prospect = chromium.new_context(**phone).new_page()  # a phone's browser, not a headless one
    prospect.goto(f"{base_url}/Rob-Mason")
    expect(prospect.get_by_text("Dana recorded this for you, Rob.")).to_be_visible()
    prospect.get_by_role("link", name="Play Dana’s video for you").click()
    player = prospect.locator(".personal-video video")
    expect(player).to_be_visible()
    deadline = time.monotonic() + 20
    while not prospect.evaluate("document.querySelector('.personal-video video').ended"):
        assert time.monotonic() < deadline, "the video never played to its end"
        prospect.wait_for_timeout(200)
    prospect.wait_for_timeout(1000)  # the last beacons on their way
    rep.goto(f"{base_url}/app")
    expect(rep.get_by_text(re.compile("watched 100% of Dana's video for you"))).to_be_visible(
        timeout=10_000
    )
    prospect.context.close()
    rep.context.close()
