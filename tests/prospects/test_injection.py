"""Hostile text typed into a prospect's fields comes out as text everywhere the app shows or
sends it, and link fields take https:// links only."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from markupsafe import escape
from sqlmodel import Session

from landing.calls import pitches
from landing.core import clock
from landing.core.clock import utcnow
from landing.data.db import get_engine, get_session
from landing.data.models import Prospect, Rep
from landing.notify import outbox
from landing.scripts import templates
from landing.team import company
from tests.conftest import BROWSER_UA, engage
from tests.notify.test_outbox import Receiver, SMTPServer

FIRST = "<script>alert(1)</script>"
LAST = '{{7*7}}"><img src=x onerror=alert(1)>'
COMPANY = "{{7*7}} Corp <b>bold</b>"
OUTCOME = "javascript:alert(1)"
FULL_NAME = f"{FIRST} {LAST}"
RAW = ("<script>alert(1)", "<img src=x", "<b>bold")
# A template that says every field, so the sandbox gets a chance to run what they hold.
VOICEMAIL = (
    "Hi {{ first_name }} {{ last_name }} of {{ prospect_company }}, about {{ outcome }}: "
    "{{ spoken_url }}."
)
EMAIL_BODY = "{{ full_name }} at {{ prospect_company }} wants {{ outcome }}. {{ url }}"


def assert_inert_html(html: str, where: str, *, shows_name: bool = True) -> None:
    """No payload is markup, no link runs script, and the name is there as escaped text."""
    for raw in RAW:
        assert raw not in html, f"{where}: {raw!r} unescaped"
    for link in re.findall(r'(?:href|src|action|formaction)\s*=\s*"([^"]*)"', html, re.I):
        assert not link.strip().lower().startswith(("javascript:", "data:")), f"{where}: {link}"
    if shows_name:
        assert str(escape(FIRST)) in html, f"{where}: the first name is not shown as text"


def assert_literal(text: str, *values: str) -> None:
    """Plain text (scripts, emails, JSON) holds the values exactly as typed: `{{7*7}}` was
    not evaluated."""
    for value in values:
        assert value in text
    assert "49" not in text.replace("+1 415 555 0100", "")


@pytest.fixture
def hostile(app, make_rep, make_prospect):
    rep = make_rep(phone="+14155550100", booking_url="https://cal.example/dana")
    prospect = make_prospect(
        rep, first_name=FIRST, last_name=LAST, company=COMPANY, outcome=OUTCOME
    )
    with app.app_context():
        template = templates.save_template(
            get_session(),
            rep,
            team=False,
            name="Every field",
            goal="visit",
            attempt="",
            voicemail=VOICEMAIL,
            email_subject="For {{ first_name }} {{ last_name }}",
            email_body=EMAIL_BODY,
        )
        # Straight into use, past the activation check: its payloads are meant to be there.
        template.draft = False
        get_session().commit()
    return rep, prospect, templates.key_of(template)


def test_the_form_takes_the_payloads_and_the_prospect_page_shows_them_as_text(
    client, auth, make_rep, prospect_client
):
    make_rep(booking_url="https://cal.example/dana")
    auth.login()
    added = auth.post(
        "/app/prospects",
        {"first_name": FIRST, "last_name": LAST, "company": COMPANY, "outcome": OUTCOME},
    )
    assert added.status_code == 302
    rep_page = client.get(added.location).get_data(as_text=True)
    assert_inert_html(rep_page, "rep's prospect page")
    slug = re.search(r'id="page-url" href="https://acme.com/([^"]+)"', rep_page).group(1)
    assert re.fullmatch(r"[A-Za-z0-9-]+", slug)  # the URL is built from letters alone
    first = engage(prospect_client, f"/{slug}").get_data(as_text=True)
    replayed = prospect_client.get(f"/{slug}").get_data(as_text=True)
    for html in (first, replayed):
        assert_inert_html(html, "prospect's page")


def test_rep_ui_pages_and_live_updates_show_them_as_text(client, auth, hostile, prospect_client):
    _rep, prospect, _key = hostile
    engage(prospect_client, f"/{prospect.slug}")
    auth.login()
    for path in ("/app/", "/app/prospects", f"/app/prospects/{prospect.id}", "/app/notifications"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_inert_html(response.get_data(as_text=True), path)
    live = client.get("/app/live?after=0").get_json()
    html_parts = [v for k, v in live.items() if k.endswith("_html") and isinstance(v, str)]
    for html in html_parts:
        assert_inert_html(html, "/app/live", shows_name=False)
    preview = client.get(f"/app/prospects/{prospect.id}/preview", follow_redirects=True)
    assert_inert_html(preview.get_data(as_text=True), "preview")


def test_scripts_and_emails_keep_the_braces_and_the_page_escapes_them(app, client, auth, hostile):
    rep, prospect, key = hostile
    with app.app_context():
        session = get_session()
        settings = company.current(session, app.config)
        pitch = pitches.pitch_for(
            session,
            session.get(Prospect, prospect.id),
            session.get(Rep, rep.id),
            settings,
            today=clock.today(),
            template_key=key,
        )
    assert_literal(pitch.script, FIRST, LAST, COMPANY, OUTCOME)
    assert_literal(pitch.email_subject, FIRST, LAST)
    assert_literal(pitch.email_body, FULL_NAME, COMPANY, OUTCOME)

    auth.login()
    html = client.get(f"/app/prospects/{prospect.id}?template={key}").get_data(as_text=True)
    assert_inert_html(html, "prospect page with the script")
    script = re.search(r'<textarea[^>]*id="script"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert str(escape(COMPANY)) in script and "49" not in script
    mailto = re.search(r'href="(mailto:[^"]*)"', html).group(1)
    assert "<" not in mailto and ">" not in mailto


def test_notice_email_webhook_and_cli_carry_the_name_as_data(
    app, make_rep, make_prospect, prospect_client, runner
):
    smtp, receiver = SMTPServer(), Receiver()
    smtp.start()
    try:
        app.config.update(
            SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True
        )
        rep = make_rep(phone="+14155550100")
        prospect = make_prospect(rep, first_name=FIRST, last_name=LAST, company=COMPANY)
        with app.app_context():
            engine = get_engine()
        with Session(engine) as session:
            session.get(Rep, rep.id).webhook_url = receiver.url
            session.commit()
        engage(prospect_client, f"/{prospect.slug}")
        later = utcnow() + timedelta(days=2)
        assert outbox.deliver_due(engine, app.config, now=later) == 2
    finally:
        smtp.stop()
        receiver.close()

    [message] = smtp.inbox.messages
    assert message.get_content_type() == "text/plain"  # no HTML part for a mail client to run
    assert message["Subject"].startswith(FULL_NAME)
    assert message.get_content().startswith(FULL_NAME)
    [hook] = receiver.requests
    payload = json.loads(hook.body)
    assert payload["notice"]["text"].startswith(FULL_NAME)  # data for programs, as written
    assert payload["text"].startswith(FULL_NAME.replace("<", "&lt;").replace(">", "&gt;"))

    listed = runner.invoke(["calls", "--rep", "dana@acme.com", "--json"])
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.output)
    assert (row["name"], row["company"]) == (FULL_NAME, COMPANY)


BAD_LINKS = (
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)//https://x",
    "data:text/html,<script>alert(1)</script>",
    "http://cal.example/dana",
    "https://cal.example/da\nna",
    "//cal.example/dana",
)


@pytest.mark.parametrize("bad", BAD_LINKS)
@pytest.mark.parametrize(
    "path, field, good",
    [
        ("/app/profile", "booking_url", "https://cal.example/dana"),
        ("/app/profile", "photo_url", "https://cdn.example/dana.jpg"),
        ("/app/company", "video_url", "https://youtu.be/aqz-KE-bpKQ"),
        ("/app/notifications/settings", "webhook_url", "https://hooks.example/landing"),
    ],
)
def test_link_fields_take_https_only(client, auth, make_rep, path, field, good, bad):
    make_rep(admin=True)
    auth.login()
    assert auth.post(path, {field: good}, path).status_code == 302
    refused = auth.post(path, {field: bad}, path)
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert re.search(rf'<small class="error" id="e-{field}">[^<]*https', html)
    # type="text" for photo_url: it may also hold an uploaded image's own /_/img/ path.
    kept = rf'name="{field}" type="(url|text)" value="{re.escape(str(escape(good)))}"'
    assert re.search(kept, client.get(path).get_data(as_text=True))


def test_a_webhook_may_be_http_only_where_the_installation_allows_it(app, client, auth, make_rep):
    make_rep()
    auth.login()
    path = "/app/notifications/settings"
    assert auth.post(path, {"webhook_url": "http://10.0.0.5/hook"}, path).status_code == 400
    app.config["WEBHOOK_ALLOW_HTTP"] = True
    # A receiver on your own network also needs private addresses allowed.
    assert auth.post(path, {"webhook_url": "http://10.0.0.5/hook"}, path).status_code == 400
    app.config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"] = True
    assert auth.post(path, {"webhook_url": "http://10.0.0.5/hook"}, path).status_code == 302
    for bad in ("javascript:alert(1)", "data:,x", "http://10.0.0.5/ho ok"):
        assert auth.post(path, {"webhook_url": bad}, path).status_code == 400, bad
    assert 'value="http://10.0.0.5/hook"' in client.get(path).get_data(as_text=True)


def test_contact_links_are_built_from_checked_values(client, auth, make_rep, prospect_client):
    make_rep(phone="+14155550100")
    auth.login()
    refused = auth.post("/app/profile", {"phone": "javascript:alert(1)"}, "/app/profile")
    assert refused.status_code == 400
    added = auth.post(
        "/app/prospects",
        {"first_name": "Rob", "last_name": "Mason", "email": '"><script>@x.example'},
    )
    assert added.status_code == 400 and 'id="e-email"' in added.get_data(as_text=True)
    auth.post("/app/prospects", {"first_name": "Rob", "last_name": "Mason"})
    page = prospect_client.get("/Rob-Mason", headers={"User-Agent": BROWSER_UA})
    links = re.findall(r'href="((?:tel|mailto):[^"]*)"', page.get_data(as_text=True))
    assert "tel:+14155550100" in links
    assert all(re.fullmatch(r"tel:\+\d+|mailto:[^<>\"\s]+", link) for link in links)
