"""page.js in Debian's chromium: what a prospect's page reports, and that it needs no JS."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Engagement, Notice, Visit
from landing.team import company, reps
from tests.conftest import PASSWORD, Runner

browser_test = pytest.mark.browser

BOOKING = "https://cal.example/dana"
YOUTUBE = "https://www.youtube-nocookie.com"
VIMEO = "https://player.vimeo.com"
VIDEO_KINDS = ["video_play", "video_25", "video_50", "video_75", "video_100"]

# What page.js hands to sendBeacon, in order: lets a test say "nothing yet" without waiting.
SPY = """
window.beacons = [];
const sendBeacon = navigator.sendBeacon.bind(navigator);
navigator.sendBeacon = (url, body) => {
  window.beacons.push(new URLSearchParams(body).get("k"));
  return sendBeacon(url, body);
};
"""

# A tab the test hides and shows, as a phone does when the visitor switches apps.
VISIBILITY = """
let visibility = "hidden";
Object.defineProperty(Document.prototype, "visibilityState", { get: () => visibility });
window.setVisibility = (value) => {
  visibility = value;
  document.dispatchEvent(new Event("visibilitychange"));
};
"""

# Stand-ins for the players, served at their real origins (there is no internet here): they
# keep what the page posts them, and post back what a player would. YouTube's posts only to
# the origin its URL names, so a wrong `origin` parameter fails these tests.
FAKE_YOUTUBE = """<!doctype html><script>
window.heard = [];
addEventListener("message", (e) => heard.push(JSON.parse(e.data)));
const origin = new URLSearchParams(location.search).get("origin");
window.say = (message) => parent.postMessage(JSON.stringify(message), origin);
</script>"""
FAKE_VIMEO = """<!doctype html><script>
window.heard = [];
addEventListener("message", (e) => heard.push(e.data));
window.say = (message) => parent.postMessage(message, "*");
</script>"""

# A message that claims to come from a player, made up by the page itself.
FORGE = """([data, origin, fromPlayer]) => {
  const frame = document.querySelector("iframe");
  const source = fromPlayer ? frame.contentWindow : window;
  window.dispatchEvent(new MessageEvent("message", { data, origin, source }));
}"""

# The <video> cannot load offline: its clock is stubbed and its events fired by hand.
STUB_VIDEO = """() => {
  const video = document.querySelector("video");
  let at = 0;
  Object.defineProperty(video, "duration", { value: 100 });
  Object.defineProperty(video, "currentTime", { get: () => at });
  window.seek = (seconds) => {
    at = seconds;
    video.dispatchEvent(new Event("timeupdate"));
  };
  window.fire = (type) => video.dispatchEvent(new Event(type));
}"""


def make_page(app, video_url: str = "") -> str:
    """Dana (phone, email, booking link) and her prospect Rob; the path of Rob's page."""
    runner = Runner(app)
    added = runner.invoke(
        ["rep", "add", "dana@acme.com", "--name", "Dana Reyes", "--admin"], input=PASSWORD
    )
    assert added.exit_code == 0, added.output
    added = runner.invoke(["prospect", "add", "--first", "Rob", "--last", "Mason"])
    assert added.exit_code == 0, added.output
    with app.app_context():
        session = get_session()
        rep = reps.first_admin(session)
        reps.update_profile(
            session, rep, name=rep.name, email=rep.email, phone="+1 415 555 0100",
            booking_url=BOOKING, photo_url="",
        )  # fmt: skip
        company.save(
            session, name="Acme", public_base_url="", video_url=video_url, offer_text="",
            reference_1="", reference_2="",
        )  # fmt: skip
    return "/Rob-Mason"


def offline(context, base_url: str, pages: dict[str, str] | None = None) -> None:
    """Answer every request off the live server here, from `pages` by URL prefix, or refuse
    it: nothing leaves 127.0.0.1."""

    def answer(route):
        for prefix, body in (pages or {}).items():
            if route.request.url.startswith(prefix):
                return route.fulfill(status=200, content_type="text/html", body=body)
        return route.abort()

    # A pattern, not a Python predicate: requests to the server itself then never wait for
    # this (sync) test to hand them on, and beacons arrive while it polls the database.
    context.route(re.compile(rf"^(?!{re.escape(base_url)}/)"), answer)


def open_page(browser, base_url: str, pages: dict[str, str] | None = None, **options):
    """A fresh phone (no cookies) with the beacon spy, offline but for the live server."""
    chromium, phone = browser
    context = chromium.new_context(**{**phone, **options})
    offline(context, base_url, pages)
    context.add_init_script(SPY)
    page = context.new_page()
    return context, page


def sent(page, kind: str) -> None:
    """Wait until page.js has sent a beacon of this kind. Polled from here: the page's CSP
    forbids the eval that Playwright's wait_for_function uses once it has to poll."""
    wait_for(page, lambda: kind in page.evaluate("beacons"), f"the {kind} beacon sent")


def wait_for(page, check, what: str, timeout: float = 10.0):
    """check()'s value once truthy: beacons reach the database on their own time. Waits
    through the page, so that Playwright keeps taking in the browser's news (frames)."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        page.wait_for_timeout(50)
    return value


def visits(app) -> list[tuple[Visit, dict[str, Engagement]]]:
    """Each hit on the page with what it reported, by kind."""
    with app.app_context():
        session = get_session()
        found = []
        for visit in session.exec(select(Visit).order_by(Visit.id)).all():
            rows = session.exec(select(Engagement).where(Engagement.visit_id == visit.id)).all()
            found.append((visit, {row.kind: row for row in rows}))
        return found


def kinds(app) -> set[str]:
    return {kind for _visit, reported in visits(app) for kind in reported}


def tap_play(page) -> None:
    """The visitor taps the poster, once page.js is there to put the player in its place."""
    page.wait_for_load_state("load")
    page.get_by_role("link", name="Play the video from Acme").click()


def videos(page) -> list[str]:
    return [kind for kind in page.evaluate("beacons") if kind.startswith("video_")]


@browser_test
def test_a_person_reads_for_three_seconds_then_books(live_server, browser):
    app, base_url = live_server
    make_page(app)
    context, page = open_page(browser, base_url, {BOOKING: "<h1>Calendar</h1>"})
    page.goto(base_url + "/Rob-Mason")

    visit, reported = wait_for(
        page, lambda: [(v, r) for v, r in visits(app) if v.classification == "engaged"], "engaged"
    )[0]
    assert list(reported) == ["visible"]
    # page.js starts its clock after the page arrived: the beacon is 3 s or more after the hit.
    assert reported["visible"].at - visit.at >= timedelta(seconds=3)
    with app.app_context():
        notices = get_session().exec(select(Notice).where(Notice.visit_id == visit.id)).all()
    assert len(notices) == 1

    # tel: and mailto: would leave the browser: stopped here, after page.js saw the click.
    page.evaluate(
        """document.addEventListener("click", (e) => {
          if (!e.target.closest("[data-track=booking]")) e.preventDefault();
        })"""
    )
    page.get_by_role("link", name=re.compile("^Call")).click()
    page.get_by_role("link", name="Email Dana").click()
    page.get_by_role("link", name="Book a meeting").click()
    expect(page).to_have_url(BOOKING)
    wanted = {"visible", "click_call", "click_email", "click_booking", "link_booking"}
    wait_for(page, lambda: wanted <= kinds(app), "the clicks")
    assert [v.classification for v, _ in visits(app)] == ["engaged"]
    context.close()


@browser_test
def test_only_time_on_screen_counts(live_server, browser):
    app, base_url = live_server
    make_page(app)
    context, page = open_page(browser, base_url)
    context.add_init_script(VISIBILITY)  # the tab starts hidden, as a prerender does
    page.clock.install()
    # The page's key first: a beacon sent too early must show at once, not wait for it.
    with page.expect_response(lambda r: r.url.endswith("/_/b/key")):
        page.goto(base_url + "/Rob-Mason")

    def shown_for(milliseconds: int, visibility: str = "visible") -> list[str]:
        page.evaluate("(value) => setVisibility(value)", visibility)
        page.clock.run_for(milliseconds)
        return page.evaluate("beacons")

    assert shown_for(60_000, "hidden") == []
    assert shown_for(2_000) == []
    assert shown_for(60_000, "hidden") == []
    assert shown_for(900) == []
    with page.expect_response(lambda r: r.url.endswith("/_/b")) as beacon:
        shown_for(200)  # the beacon goes once the page's key has come (a request of its own)
    assert page.evaluate("beacons") == ["visible"]
    # The page's clock ran for minutes in a moment here; the server keeps its own, and a
    # page (or a script) cannot make a person of a hit faster than real time.
    assert beacon.value.status == 425
    assert [v.classification for v, _ in visits(app)] == ["unconfirmed"]
    context.close()


@browser_test
def test_without_javascript_the_page_works_and_the_hit_stays_unconfirmed(live_server, browser):
    app, base_url = live_server
    make_page(app)
    context, page = open_page(browser, base_url, java_script_enabled=False)
    response = page.goto(base_url + "/Rob-Mason")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rob")
    expect(page.get_by_role("link", name=re.compile("^Call"))).to_have_attribute(
        "href", "tel:+14155550100"
    )
    expect(page.get_by_role("link", name="Book a meeting")).to_have_attribute(
        "href", re.compile(r"^/_/go/[\w-]+/booking$")
    )
    [(visit, reported)] = visits(app)
    assert (visit.classification, reported) == ("unconfirmed", {})
    context.close()


@browser_test
def test_scrolling_a_quarter_of_the_way_down(live_server, browser):
    app, base_url = live_server
    path = make_page(app)
    context, page = open_page(browser, base_url, viewport={"width": 390, "height": 360})
    page.goto(base_url + path)
    room = page.evaluate("document.documentElement.scrollHeight - innerHeight")
    assert room > 100, "the page should be taller than this screen"
    scroll_to = """(y) => new Promise((done) => {
      addEventListener("scroll", () => done(), { once: true });
      scrollTo(0, y);
    })"""  # resolves after page.js, which listened first, has seen the scroll
    page.evaluate(scroll_to, room // 5)
    assert "scroll" not in page.evaluate("beacons")
    page.evaluate(scroll_to, room // 3)
    sent(page, "scroll")  # once the page's key has come
    wait_for(page, lambda: "scroll" in kinds(app), "the scroll stored")
    context.close()

    # On a page shorter than the screen there is nothing to scroll: turning the wheel counts.
    context, page = open_page(
        browser, base_url, viewport={"width": 1280, "height": 1200}, is_mobile=False,
        has_touch=False,
    )  # fmt: skip
    page.goto(base_url + path)
    assert page.evaluate("document.documentElement.scrollHeight - innerHeight") <= 0
    page.mouse.move(600, 300)
    page.mouse.wheel(0, 200)
    sent(page, "scroll")
    wait_for(page, lambda: sum("scroll" in r for _v, r in visits(app)) == 2, "both scrolls stored")
    context.close()


@browser_test
def test_youtube_player_messages(live_server, browser):
    app, base_url = live_server
    path = make_page(app, "https://www.youtube.com/watch?v=aqz-KE-bpKQ")
    context, page = open_page(browser, base_url, {YOUTUBE + "/embed/": FAKE_YOUTUBE})
    page.goto(base_url + path)
    tap_play(page)
    player = wait_for(page, lambda: page.frame(url=re.compile("^" + re.escape(YOUTUBE))), "player")
    query = parse_qs(urlsplit(player.url).query)
    assert (query["enablejsapi"], query["origin"], query["autoplay"]) == (["1"], [base_url], ["1"])
    player.wait_for_function("heard.some((m) => m.event === 'listening')")

    playing = {"playerState": 1, "currentTime": 90, "duration": 100}
    playing = json.dumps({"event": "infoDelivery", "info": playing})
    page.evaluate(FORGE, [playing, "https://evil.example", True])  # another origin
    page.evaluate(FORGE, [playing, YOUTUBE, False])  # another window
    page.evaluate(FORGE, ["{not json", YOUTUBE, True])
    page.evaluate(FORGE, ["null", YOUTUBE, True])
    assert videos(page) == ["video_play"]  # the tap's

    player.evaluate("say({ event: 'onReady' })")
    player.wait_for_function("heard.some((m) => m.func === 'addEventListener')")
    player.evaluate(
        "say({ event: 'infoDelivery', info: { playerState: 1, currentTime: 0, duration: 200 } })"
    )
    # The same message forged with the right origin and window is taken: the checks above
    # failed for the reasons they name.
    page.evaluate(
        FORGE, [json.dumps({"event": "infoDelivery", "info": {"currentTime": 60}}), YOUTUBE, True]
    )
    player.evaluate("say({ event: 'infoDelivery', info: { currentTime: 120 } })")
    player.evaluate("say({ event: 'onStateChange', info: 0 })")
    sent(page, "video_100")
    assert videos(page) == VIDEO_KINDS
    wait_for(page, lambda: set(VIDEO_KINDS) <= kinds(app), "video beacons stored")
    context.close()


@browser_test
def test_no_player_before_the_tap_and_the_tap_is_a_play(live_server, browser):
    """Nothing of YouTube's loads with the page; the tap counts even before the player has
    said a word, and puts the player where the poster was."""
    app, base_url = live_server
    path = make_page(app, "https://www.youtube.com/watch?v=aqz-KE-bpKQ")
    context, page = open_page(browser, base_url, {YOUTUBE + "/embed/": FAKE_YOUTUBE})
    elsewhere = []
    page.on("request", lambda r: r.url.startswith(base_url) or elsewhere.append(r.url))
    page.goto(base_url + path, wait_until="load")
    sent(page, "visible")
    assert elsewhere == [] and page.locator("iframe").count() == 0
    expect(page.get_by_role("link", name="Watch on YouTube")).to_have_attribute(
        "href", "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
    )
    tap_play(page)
    sent(page, "video_play")
    expect(page.locator(".video iframe")).to_have_attribute("title", "Acme demo video")
    assert page.get_by_role("link", name="Play the video from Acme").count() == 0
    assert [url.split("?")[0] for url in elsewhere] == [YOUTUBE + "/embed/aqz-KE-bpKQ"]
    wait_for(page, lambda: "video_play" in kinds(app), "the play stored")
    context.close()


@browser_test
def test_vimeo_player_messages(live_server, browser):
    app, base_url = live_server
    path = make_page(app, "https://vimeo.com/76979871")
    context, page = open_page(browser, base_url, {VIMEO + "/video/": FAKE_VIMEO})
    page.goto(base_url + path)
    tap_play(page)
    player = wait_for(page, lambda: page.frame(url=re.compile("^" + re.escape(VIMEO))), "player")
    query = parse_qs(urlsplit(player.url).query)
    assert (query["dnt"], query["autoplay"]) == (["1"], ["1"])
    player.wait_for_function("heard.some((m) => m.method === 'ping')")

    page.evaluate(FORGE, [{"event": "play"}, YOUTUBE, True])  # right window, wrong origin
    player.evaluate("say(JSON.stringify({ event: 'ready' }))")  # text or object: both are read
    player.wait_for_function("heard.filter((m) => m.method === 'addEventListener').length === 3")
    assert videos(page) == ["video_play"]  # the tap's
    player.evaluate("say({ event: 'play', data: { seconds: 0, percent: 0, duration: 60 } })")
    player.evaluate(
        "say({ event: 'timeupdate', data: { seconds: 30, percent: 0.5, duration: 60 } })"
    )
    player.evaluate("say({ event: 'timeupdate', data: { seconds: 59.7, percent: 0.995 } })")
    sent(page, "video_100")
    assert videos(page) == VIDEO_KINDS
    wait_for(page, lambda: set(VIDEO_KINDS) <= kinds(app), "video beacons stored")
    context.close()


@browser_test
def test_mp4_video_events(live_server, browser):
    app, base_url = live_server
    path = make_page(app, "https://cdn.acme.test/demo.mp4")
    context, page = open_page(browser, base_url)
    page.goto(base_url + path)
    assert page.locator("video").count() == 0
    tap_play(page)
    page.evaluate(STUB_VIDEO)
    expect(page.locator(".video video")).to_have_attribute("src", "https://cdn.acme.test/demo.mp4")
    assert videos(page) == ["video_play"]  # the tap's
    page.evaluate("fire('play')")
    page.evaluate("seek(30)")
    assert videos(page) == ["video_play", "video_25"]
    page.evaluate("seek(60)")
    page.evaluate("fire('ended')")
    assert videos(page) == VIDEO_KINDS
    wait_for(page, lambda: set(VIDEO_KINDS) <= kinds(app), "video beacons stored")
    context.close()


def test_the_script_is_on_a_prospects_view_only(
    app, client, auth, prospect_client, make_rep, make_prospect
):
    rep = make_rep(phone="+1 415 555 0100", booking_url=BOOKING)
    make_prospect(rep)
    with app.app_context():
        company.save(
            get_session(), name="Acme", public_base_url="", offer_text="", reference_1="",
            reference_2="", video_url="https://youtu.be/aqz-KE-bpKQ",
        )  # fmt: skip
    page = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert re.search(
        r'<script src="/static/page.js" defer data-hit="[\w-]+" data-beacon="/_/b">', page
    )
    for kind in ("call", "email", "booking"):
        assert f'data-track="{kind}"' in page
    # page.js makes the player on a tap from data-src, adding the page's origin there.
    assert (
        'data-src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?enablejsapi=1&amp;'
        'autoplay=1"' in page
    )

    auth.login()
    own = client.get("/Rob-Mason").get_data(as_text=True)
    assert "page.js" not in own and "data-hit" not in own
