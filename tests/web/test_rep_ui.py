"""The rep's pages: adding a prospect, the pitch, notifications, profile, company settings."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Visit
from tests.conftest import engage


def add(auth, **fields):
    data = {
        "first_name": "Rob",
        "last_name": "Mason",
        "company": "Acme Logistics",
        "title": "VP Operations",
        "email": "rob@acmelogistics.com",
        "phone": "+1 415 555 0100",
        "outcome": "fewer late shipments",
        **fields,
    }
    return auth.post("/app/prospects", data)


def test_one_submit_shows_url_script_and_email(client, auth, make_rep):
    make_rep(admin=True)
    auth.login()
    response = add(auth)
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<a id="page-url" href="https://acme.com/Rob-Mason"' in html
    assert 'data-copy="page-url"' in html
    assert "acme dot com forward slash Rob hyphen Mason" in html
    script = unescape(re.search(r'<textarea id="script"[^>]*>(.*?)</textarea>', html, re.S)[1])
    assert "Rob" in script.split(".")[0]
    assert "Dana Reyes" in script
    assert "fewer late shipments" in script
    assert "acme dot com forward slash Rob hyphen Mason" in script
    seconds = int(re.search(r"about (\d+) seconds", html).group(1))
    assert 15 <= seconds <= 40
    mailto = unescape(re.search(r'href="(mailto:[^"]+)"', html).group(1))
    parts = urlsplit(mailto)
    assert parts.path == "rob@acmelogistics.com"
    query = parse_qs(parts.query)
    assert "voicemail" in (query["subject"][0] + query["body"][0]).lower()
    assert "https://acme.com/Rob-Mason" in query["body"][0]


def test_bad_input_gets_form_errors_and_keeps_what_was_typed(client, auth, make_rep):
    make_rep()
    auth.login()
    response = add(auth, first_name="!!!", last_name="", email="not-an-email", phone="12")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "A name needs at least one letter or digit." in html
    assert "Not a valid email address" in html
    assert "Not a phone number" in html
    assert 'value="Acme Logistics"' in html
    assert "No visits" not in client.get("/app/prospects").get_data(as_text=True)
    assert "/!!!" not in client.get("/app/prospects").get_data(as_text=True)


def test_a_nul_character_is_refused_with_a_message(client, auth, make_rep):
    make_rep()
    auth.login()
    response = add(auth, first_name="Rob", last_name="Ma\x00son")
    assert response.status_code == 400
    assert "Contains a NUL character, which cannot be stored." in response.get_data(as_text=True)


def test_name_without_letters_is_refused_with_a_message(client, auth, make_rep):
    make_rep()
    auth.login()
    response = add(auth, first_name="***", last_name="---")
    assert response.status_code == 400
    assert "A name needs at least one letter or digit." in response.get_data(as_text=True)


def test_same_name_gets_a_speakable_suffix(client, auth, make_rep):
    make_rep()
    auth.login()
    add(auth)
    again = add(auth, allow_duplicate="1")  # asked first (test_prospect_lists), then confirmed
    second = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "https://acme.com/Rob-Mason-Acme" in second
    assert "Rob hyphen Mason hyphen Acme" in second


def test_prospect_names_are_text_not_markup(client, auth, make_rep):
    make_rep()
    auth.login()
    response = add(
        auth,
        first_name="<script>alert(1)</script>",
        last_name='"><img onerror=x>',
        outcome="{{7*7}}",
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img onerror" not in html
    assert "{{7*7}}" in html and ">49<" not in html


def test_visits_make_the_call_next_list_and_notifications(
    app, client, auth, make_rep, prospect_client
):
    make_rep()
    auth.login()
    add(auth)
    add(auth, first_name="Ann", last_name="Lee", email="ann@acmelogistics.com")
    assert "Nobody has engaged with a page yet" in client.get("/app/").get_data(as_text=True)
    engage(prospect_client)
    prospect_client.get("/Rob-Mason")
    prospect_client.get("/Ann-Lee", headers={"User-Agent": "Slackbot-LinkExpanding 1.0"})
    prospect_client.get("/Ann-Lee")  # opened, nothing done: unconfirmed
    dashboard = client.get("/app/").get_data(as_text=True)
    call_next = dashboard.split('id="call-next"')[1].split("Recently added")[0]
    assert "Rob Mason" in call_next and "on the page just now, 1 visit today" in call_next
    assert "Ann Lee" not in call_next  # a link preview and an unconfirmed hit
    assert 'aria-label="1 unread"' in dashboard

    notices = client.get("/app/notifications").get_data(as_text=True)
    assert notices.count("is on their page now") == 1
    after = client.get("/app/").get_data(as_text=True)
    assert "unread" not in after.split("</nav>")[0]

    engage(prospect_client, "/Ann-Lee")
    assert 'aria-label="1 unread"' in client.get("/app/").get_data(as_text=True)


def test_visit_history_shows_every_hit_with_its_class(app, client, auth, make_rep, prospect_client):
    make_rep()
    auth.login()
    location = add(auth).headers["Location"]
    engage(prospect_client)
    prospect_client.get("/Rob-Mason")
    prospect_client.head("/Rob-Mason")
    prospect_client.get("/Rob-Mason", headers={"User-Agent": "Googlebot/2.1"})
    client.get("/Rob-Mason")  # the rep looking at the page while signed in
    html = client.get(location).get_data(as_text=True)
    assert html.count('class="visit-engaged"') == 1
    assert html.count('class="visit-unconfirmed"') == 1
    assert html.count('class="visit-bot"') == 2
    assert html.count('class="visit-rep"') == 1
    assert "Only checked that the page exists (HEAD)" in html
    assert "Read it: the page stayed on their screen for 3 seconds" in html
    assert '<p class="visit-on">iPhone · Safari · iOS 17.4' in html
    assert "A crawler or link preview (Googlebot)" in html
    assert "You, signed in: never counted" in html
    assert re.search(r'<time datetime="[^"]+">0:0\d</time> on screen', html)
    with app.app_context():
        assert len(get_session().exec(select(Visit)).all()) == 5


def test_profile_is_shown_on_pages_and_validated(
    client, auth, make_rep, make_prospect, prospect_client
):
    rep = make_rep()
    make_prospect(rep)
    auth.login()
    bad = auth.post(
        "/app/profile",
        {
            "name": "Dana Reyes",
            "email": "dana@acme.com",
            "phone": "call me",
            "booking_url": "http://cal.example/x",
            "photo_url": "javascript:alert(1)",
        },
        "/app/profile",
    )
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "Not a phone number" in text and text.count("Must be an https:// link.") == 2
    good = auth.post(
        "/app/profile",
        {
            "name": "Dana Reyes",
            "email": "dana@acme.com",
            "phone": "+44 20 7946 0958",
            "booking_url": "https://cal.example/dana",
            "photo_url": "https://cdn.example/dana.jpg",
        },
        "/app/profile",
    )
    assert good.status_code == 302
    page = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert 'href="tel:+442079460958"' in page
    assert re.search(r'href="/_/go/[^"]+/booking"[^>]*>Book a meeting', page)
    assert 'src="https://cdn.example/dana.jpg"' in page


def test_company_settings_change_scripts_and_pages(
    client, auth, make_rep, make_prospect, prospect_client
):
    rep = make_rep(admin=True)
    prospect = make_prospect(rep, outcome="fewer late shipments")
    auth.login()
    bad = auth.post(
        "/app/company",
        {
            "name": "",
            "public_base_url": "acme.com/?x=1",
            "video_url": "https://example.com/clip.mov",
            "offer_text": "",
            "reference_1": "",
            "reference_2": "",
        },
        "/app/company",
    )
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "Required." in text and "Paste a YouTube, Vimeo or https .mp4 link." in text
    assert "Must look like https://acme.com" in text
    good = auth.post(
        "/app/company",
        {
            "name": "Globex",
            "public_base_url": "https://globex.io",
            "video_url": "https://youtu.be/aqz-KE-bpKQ",
            "offer_text": "First paragraph.\n\nSecond <b>one</b>.",
            "reference_1": "Initech",
            "reference_2": "Hooli",
        },
        "/app/company",
    )
    assert good.status_code == 302
    pitch = client.get(f"/app/prospects/{prospect.id}").get_data(as_text=True)
    assert "globex dot io forward slash Rob hyphen Mason" in pitch
    script = unescape(re.search(r'<textarea id="script"[^>]*>(.*?)</textarea>', pitch, re.S)[1])
    assert "Initech" in script
    assert "fewer late shipments" in script
    page = prospect_client.get("/Rob-Mason").get_data(as_text=True)
    assert 'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?enablejsapi=1' in page
    assert "<p>First paragraph.</p><p>Second &lt;b&gt;one&lt;/b&gt;.</p>" in page


def test_older_visits_are_a_link_away(app, client, auth, make_rep, prospect_client, monkeypatch):
    from landing.web.rep import prospects as rep_prospects

    monkeypatch.setattr(rep_prospects, "VISITS_SHOWN", 2)
    make_rep()
    auth.login()
    location = add(auth).headers["Location"]
    for n in range(3):
        prospect_client.get("/Rob-Mason", headers={"User-Agent": f"Agent{n}/1.0 (iPhone; iOS 17)"})
    html = client.get(location).get_data(as_text=True)
    assert "Agent2/1.0" in html and "Agent1/1.0" in html and "Agent0/1.0" not in html
    older = unescape(re.search(r'<a href="([^"]+)">Older visits</a>', html)[1])
    rest = client.get(older).get_data(as_text=True)
    assert "Agent0/1.0" in rest and "Agent1/1.0" not in rest and "Older visits" not in rest
