"""Every page, on a phone and on a desktop, passes axe (axe-core, run in Debian's chromium)
with no serious or critical violation: what prospects see, the sign-in and link pages, and
every page a signed-in rep sees."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from werkzeug.exceptions import HTTPException

from landing.data.db import get_session
from landing.data.models import Company, Prospect
from landing.pages import posters
from landing.pages.videos import parse_video
from landing.prospects import service as prospects
from landing.scripts import templates
from landing.team import api_tokens, membership, reps
from tests.conftest import BROWSER_UA, PASSWORD, engage
from tests.pages.thumbnail_host import thumbnail

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390
VIEWPORTS = {
    "phone": {"viewport": {"width": PHONE_WIDTH, "height": 844}, "user_agent": BROWSER_UA,
              "is_mobile": True, "has_touch": True, "device_scale_factor": 3},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}  # fmt: skip
FAILING_IMPACTS = {"serious", "critical"}
# Frames are other sites' (the demo video): axe would wait for an axe that is not in them.
AXE_OPTIONS = {"resultTypes": ["violations"], "iframes": False}
LONG_OFFER = ("Ship on time, every time: " + "carriers, lanes and docks in one plan. " * 30)[:1000]
# Features added to the page: seeded only when the Company and Prospect tables have them.
TAILORING = {
    "personal_note": "Rob, good to meet you at LogiMAT: here is the demo I promised.",
    "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "offer_text": LONG_OFFER,
}
CUSTOMERS = "Northwind Traders\nContoso Freight | https://logos.example/contoso.png\nFabrikam"
# A light brand colour: text on it must still be readable.
LOOK = {"page_layout": "spotlight", "brand_colour": "#f2b705",
        "logo_url": "https://logos.example/acme.png"}  # fmt: skip


@dataclass(frozen=True)
class Visit:
    """A page to check: its path, who looks (a signed-in rep or anyone) and its expected status;
    before, when set, runs on the live app first (e.g. to switch the page layout), and then
    in the browser once the page is open (e.g. to send a form with mistakes)."""

    name: str
    path: str
    signed_in: bool = False
    status: int = 200
    before: Callable[[], None] | None = None
    then: Callable[[Page], None] | None = None


def _seed(app) -> list[Visit]:
    """An admin with a teammate, prospects with content and a visit, a custom template, an
    invite and a reset link: every page has something on it. Returns the pages to check."""
    with app.app_context():
        db = get_session()
        dana = reps.create_rep(
            db, email="dana@acme.com", name="Dana Reyes", password=PASSWORD, is_admin=True
        )
        reps.update_profile(
            db, dana, name=dana.name, email=dana.email, phone="+1 415 555 0100",
            booking_url="https://cal.example/dana", photo_url="",
        )  # fmt: skip
        sam = reps.create_rep(db, email="sam@acme.com", name="Sam Ortiz", password=PASSWORD)
        rob = prospects.create_prospect(
            db, dana, first_name="Rob", last_name="Mason", company="Acme Logistics",
            phone="+1 415 555 0134", outcome="fewer late shipments",
        )  # fmt: skip
        tailored = prospects.create_prospect(
            db, dana, first_name="Maria-Fernanda", last_name="Castellanos-Villalobos",
            company="Castellanos Intermodal", outcome="fewer detention fees",
        )  # fmt: skip
        tailoring = {k: v for k, v in TAILORING.items() if hasattr(Prospect, k)}
        for field, value in tailoring.items():
            setattr(tailored, field, value)
        db.add(tailored)
        row = db.get(Company, 1) or Company(name="Acme")
        row.offer_text = "Two weeks free, and we move your lanes over for you."
        row.reference_1, row.reference_2 = "Northwind", "Contoso"
        row.video_url = "https://vimeo.com/76979871"  # no poster: the placeholder shows
        # How anyone reaches the company: the 404 and the site root show it as buttons.
        row.main_phone, row.main_email = "+14155550100", "hello@acme.com"
        row.website_url = "https://www.acme.example/"
        if hasattr(Company, "customers"):
            row.customers = CUSTOMERS
        db.add(row)
        db.commit()
        template = templates.save_template(
            db, dana, team=False, name="Short and warm", goal="visit", attempt="",
            voicemail="Hi {{ first_name }}, {{ rep_name }} here: {{ spoken_url }}.",
            email_subject="{{ first_name }}, my voicemail", email_body="{{ url }}",
        )  # fmt: skip
        _invite, join_token = membership.invite(db, dana, "lee@acme.com")
        reset_token = membership.force_reset(db, dana, sam)
        rob_path, tailored_path = f"/{rob.slug}", f"/{tailored.slug}"
        rob_id = rob.id
    # The tailored video's poster, as the server fetches it when the link is saved.
    tailored_video = parse_video(TAILORING["video_url"])
    posters.fetch_poster(app.instance_path, tailored_video, get=lambda *_: thumbnail())

    # A person read Rob's page: the call-next list and notifications have an entry.
    visitor = app.test_client()
    visitor.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    engage(visitor, rob_path)

    pages = [
        Visit("prospect page", rob_path),
        Visit("prospect page, tailored", tailored_path),
    ]
    look = {k: v for k, v in LOOK.items() if hasattr(Company, k)}
    if look:
        pages += [
            Visit("prospect page, brand look", rob_path, before=_look(app, look)),
            Visit("prospect page, brand look, tailored", tailored_path),
        ]
    pages += [
        Visit("404 page", "/Nobody-Here-Atall", status=404),
        Visit("site root", "/"),
        Visit("privacy notice", "/privacy"),
        Visit("sign-in page", "/login"),
        Visit("sign-in page, wrong password", "/login", then=_wrong_password),
        Visit("join page", f"/join/{join_token}"),
        Visit("reset page", f"/reset/{reset_token}"),
        Visit("join page, used or expired link", "/join/not-a-real-token", status=404),
        Visit("dashboard", "/app/", signed_in=True),
        Visit("dashboard, form with a mistake", "/app/", signed_in=True, then=_bad_prospect),
        Visit("prospects list", "/app/prospects", signed_in=True),
        Visit("a prospect", f"/app/prospects/{rob_id}", signed_in=True),
        Visit("call session", "/app/call", signed_in=True),
        Visit("call session, with Undo", "/app/call", signed_in=True, then=_no_answer),
        Visit("a prospect's preview", f"/app/prospects/{rob_id}/preview", signed_in=True),
        Visit("the rep's own view of a page", rob_path, signed_in=True),
        Visit("profile", "/app/profile", signed_in=True),
        Visit("notifications", "/app/notifications", signed_in=True),
        Visit("notification settings", "/app/notifications/settings", signed_in=True),
        Visit("company settings", "/app/company", signed_in=True),
        Visit("templates", "/app/templates", signed_in=True),
        Visit("results, nothing yet", "/app/results", signed_in=True),
        Visit("new template", "/app/templates/new", signed_in=True),
        Visit("edit template", f"/app/templates/{template.id}", signed_in=True),
        Visit("team", "/app/team", signed_in=True),
        Visit("password", "/app/password", signed_in=True),
    ]
    # Pages being added alongside this test: checked as soon as they exist.
    if _route_exists(app, "/app/import"):
        pages += [
            Visit("CSV import", "/app/import", signed_in=True),
            Visit("CSV import preview", "/app/import", signed_in=True, then=_upload_csv),
        ]
    if _route_exists(app, "/app/tokens"):
        _make_token(app)
        pages.append(Visit("API tokens", "/app/tokens", signed_in=True))
    return pages


CSV = (
    "First Name,Last Name,Company,Phone,Email\n"
    "Ana,Lima,Lima Freight,+1 415 555 0101,\n"
    ",,No Name Inc,not a phone,\n"
    ",,Globex,,priya.nair@globex.com\n"  # a name read from the email: the confirm box
)


def _no_answer(page: Page) -> None:
    page.get_by_role("button", name="No answer").click()
    page.get_by_role("button", name="Undo no answer").wait_for()


def _upload_csv(page: Page) -> None:
    page.get_by_label("CSV file").set_input_files(
        {"name": "calls.csv", "mimeType": "text/csv", "buffer": CSV.encode()}
    )
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()


def _make_token(app) -> None:

    with app.app_context():
        db = get_session()
        api_tokens.create(db, reps.get_by_email(db, "dana@acme.com"), "Zapier")


def _look(app, look: dict):
    def switch() -> None:
        with app.app_context():
            db = get_session()
            row = db.get(Company, 1)
            for field, value in look.items():
                setattr(row, field, value)
            db.add(row)
            db.commit()
        # Pages and company settings are cached for a while: the next visit renders anew.
        app.extensions["landing.web.page_cache"].clear()

    return switch


def _wrong_password(page: Page) -> None:
    page.get_by_label("Email").fill("dana@acme.com")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _bad_prospect(page: Page) -> None:
    page.get_by_label("First name").fill("Rob")
    page.get_by_label("Phone").fill("12")
    page.get_by_role("button", name="Get URL, script and email").click()
    page.locator(".error").first.wait_for()


def _route_exists(app, path: str) -> bool:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(path)
    except HTTPException:  # NotFound, MethodNotAllowed, RequestRedirect
        return False
    return endpoint != "public.prospect_page"


def _serious(page) -> list[str]:
    """Each serious or critical axe violation on the page, told so it can be fixed: the rule,
    its help, and the selectors of the offending elements."""
    results = Axe().run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in FAILING_IMPACTS:
            nodes = "; ".join(
                f"{' > '.join(map(str, node['target']))}: {node.get('failureSummary', '')}"
                for node in violation["nodes"][:5]
            )
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n      {nodes}"
            )
    return found


def _context(chromium, base_url: str, viewport: str, scheme: str = "light"):
    context = chromium.new_context(**VIEWPORTS[viewport], color_scheme=scheme)
    # No network beyond our server: another site's logo or video would only slow the test.
    context.route(lambda url: not url.startswith(base_url + "/"), lambda route: route.abort())
    return context


def _sign_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Email").fill("dana@acme.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/app/")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_has_no_serious_accessibility_violation(live_server, browser, viewport):
    app, base_url = live_server
    chromium, _phone = browser
    pages = _seed(app)
    anyone = _context(chromium, base_url, viewport).new_page()
    rep = _context(chromium, base_url, viewport).new_page()
    _sign_in(rep, base_url)

    failures = []
    for visit in pages:
        if visit.before:
            visit.before()
        page = rep if visit.signed_in else anyone
        response = page.goto(base_url + visit.path, wait_until="load")
        assert response.status == visit.status, f"{visit.name} {visit.path}: {response.status}"
        if visit.then:
            visit.then(page)
        failures += [f"{visit.name} ({visit.path}): {found}" for found in _serious(page)]
        # Every page fits a phone's width (WCAG reflow); content wider than the screen also
        # overlaps and hides its colours from axe's contrast check.
        wide = page.evaluate("document.documentElement.scrollWidth")
        if viewport == "phone" and wide > PHONE_WIDTH:
            failures.append(
                f"{visit.name} ({visit.path}): {wide}px wide on a {PHONE_WIDTH}px phone"
            )
    assert not failures, f"{viewport}: accessibility failures:\n" + "\n".join(failures)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_prospect_pages_in_dark_mode_have_no_serious_accessibility_violation(
    live_server, browser, viewport
):
    """The buyer's browser set to dark: page.css and /brand.css switch colours, readable still,
    with the default colours, a light brand colour, a note, an offer and customers; and the
    pages that name no one (the kind 404 with the company's contact buttons, /, /privacy)."""
    app, base_url = live_server
    chromium, _phone = browser
    # Every page page.css styles: the prospects', the 404, the site root, the privacy notice.
    public = ("prospect page", "404 page", "site root", "privacy notice")
    pages = [visit for visit in _seed(app) if visit.name.startswith(public)]
    anyone = _context(chromium, base_url, viewport, scheme="dark").new_page()
    failures = []
    for visit in pages:
        if visit.before:
            visit.before()
        response = anyone.goto(base_url + visit.path, wait_until="load")
        assert response.status == visit.status, f"{visit.name} {visit.path}: {response.status}"
        background = anyone.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(21, 24, 28)", f"{visit.name}: not dark ({background})"
        failures += [f"{visit.name} ({visit.path}): {found}" for found in _serious(anyone)]
    assert len(pages) >= 2
    assert not failures, f"{viewport}, dark: accessibility failures:\n" + "\n".join(failures)


def test_the_check_names_what_to_fix(live_server, browser):
    """A page with an unlabelled field and an image without words fails, naming both."""
    _app, base_url = live_server
    chromium, _phone = browser
    page = _context(chromium, base_url, "desktop").new_page()
    page.goto(f"{base_url}/privacy")
    page.evaluate(
        """() => {
          const main = document.querySelector("main");
          main.insertAdjacentHTML("beforeend", '<input id="unlabelled" type="text">');
          main.insertAdjacentHTML("beforeend", '<img id="wordless" src="/favicon.ico">');
        }"""
    )
    found = "\n".join(_serious(page))
    assert "label (critical)" in found and "#unlabelled" in found
    assert "image-alt (critical)" in found and "#wordless" in found
