"""The script studio in the rep's pages: goal first, the series, voicemail left, results."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Prospect, Visit, Voicemail
from landing.scripts import templates
from landing.scripts.library import BUILTINS
from tests.conftest import csrf_token, engage


def script_of(html: str) -> str:
    return unescape(re.search(r'<textarea id="script"[^>]*>(.*?)</textarea>', html, re.S).group(1))


def page(client, prospect, **args) -> str:
    response = client.get(f"/app/prospects/{prospect.id}", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_goal_first_changes_script_and_email(client, auth, make_rep, make_prospect):
    rep = make_rep()
    rob = make_prospect(rep, outcome="fewer late shipments")
    auth.login()
    scripts = {}
    for goal in ("visit", "educate", "callback", "prepare"):
        html = page(client, rob, goal=goal)
        assert 'aria-current="true" class="current">' in html
        assert f'name="goal" value="{goal}"' in html
        scripts[goal] = script_of(html)
        assert scripts[goal].startswith(("Hi Rob", "Rob"))
    assert len(set(scripts.values())) == 4


def test_the_series_moves_on_when_a_voicemail_is_left(app, client, auth, make_rep, make_prospect):
    rep = make_rep()
    rob = make_prospect(rep)
    auth.login()
    seen = []
    for attempt in (1, 2, 3, 4):
        html = page(client, rob)
        assert f"Voicemail {attempt}<" in html
        seen.append(script_of(html))
        key = re.search(r'name="template" value="([^"]+)"', html).group(1)
        response = auth.post(
            f"/app/prospects/{rob.id}/voicemails",
            {"template": key, "goal": "visit", "attempt": str(attempt)},
            form_page=f"/app/prospects/{rob.id}",
        )
        assert response.status_code == 302
        assert f"Voicemail {attempt} logged" in page(client, rob)
    assert len(set(seen)) == 4
    with app.app_context():
        rows = get_session().exec(select(Voicemail).order_by(Voicemail.id)).all()
        assert [v.attempt for v in rows] == [1, 2, 3, 4]
        assert get_session().get(Prospect, rob.id).voicemails_left == 4


def test_a_chosen_template_and_attempt_are_shown(client, auth, make_rep, make_prospect):
    rep = make_rep()
    rob = make_prospect(rep)
    auth.login()
    chosen = next(t for t in BUILTINS if t.goal == "prepare" and t.attempt == 3)
    html = page(client, rob, template=chosen.key)
    assert f'name="template" value="{chosen.key}"' in html
    assert "Voicemail 1<" in html
    assert "Voicemail 2<" in page(client, rob, attempt="2")
    html = client.get(f"/app/prospects/{rob.id}?template=nope", follow_redirects=True)
    assert "No template 'nope' that you can use." in unescape(html.get_data(as_text=True))


def test_visits_are_credited_to_the_voicemail_before_them(
    app, client, auth, make_rep, make_prospect, prospect_client
):
    rep = make_rep()
    rob = make_prospect(rep)
    auth.login()
    html = page(client, rob)
    key = re.search(r'name="template" value="([^"]+)"', html).group(1)
    auth.post(f"/app/prospects/{rob.id}/voicemails", {"template": key}, f"/app/prospects/{rob.id}")
    engage(prospect_client)
    with app.app_context():
        session = get_session()
        voicemail = session.exec(select(Voicemail)).one()
        visit = session.exec(select(Visit)).one()
        visit.at = voicemail.at + timedelta(minutes=14, seconds=5)
        session.add(visit)
        session.commit()
    assert "visited 14 minutes after voicemail 1" in page(client, rob)


def test_voicemail_and_outcome_posts_need_csrf_and_ownership(client, auth, make_rep, make_prospect):
    rep = make_rep()
    other = make_rep("sam@acme.com", "Sam Ortiz")
    sams = make_prospect(other, "Ann", "Lee")
    rob = make_prospect(rep)
    auth.login()
    key = BUILTINS[0].key
    assert (
        client.post(f"/app/prospects/{rob.id}/voicemails", data={"template": key}).status_code
        == 400
    )
    for path in ("voicemails", "outcomes", "script-choices"):
        response = auth.post(f"/app/prospects/{sams.id}/{path}", {"template": key})
        assert response.status_code == 404
    bad = auth.post(f"/app/prospects/{rob.id}/outcomes", {"kind": "lunch"})
    assert "Outcome must be one of" in client.get(bad.headers["Location"]).get_data(as_text=True)


def test_name_spelling_is_suggested_saved_and_said(client, auth, make_rep, make_prospect):
    rep = make_rep()
    siobhan = make_prospect(rep, "Siobhan", "Kelly")
    auth.login()
    html = page(client, siobhan)
    suggestion = unescape(re.search(r"Use “([^”]+)”", html).group(1))
    assert suggestion.startswith("Siobhan, S I O B H A N")
    auth.post(
        f"/app/prospects/{siobhan.id}/script-choices",
        {"goal": "", "name_spelling": suggestion},
        f"/app/prospects/{siobhan.id}",
    )
    assert suggestion in script_of(page(client, siobhan))


def test_template_editor_refuses_unsafe_text_and_saves_good_text(client, auth, make_rep):
    make_rep()
    auth.login()
    form = {
        "name": "Mine",
        "goal": "visit",
        "attempt": "",
        "voicemail": "Hi {{ first_name }} {{ ''.__class__ }}",
        "email_subject": "{{ first_name }}, my voicemail",
        "email_body": "{{ url }}",
    }
    response = auth.post("/app/templates/new", form, "/app/templates/new")
    assert response.status_code == 400
    assert "not attribute access" in response.get_data(as_text=True)

    form["voicemail"] = "Hi {{ first_name }}, {{ rep_name }} here: {{ spoken_url }}."
    response = auth.post("/app/templates/new", form, "/app/templates/new")
    assert response.status_code == 302
    library = client.get("/app/templates").get_data(as_text=True)
    assert "Mine" in library
    assert "Write a template" in library


def test_only_admins_publish_team_templates(client, auth, make_rep):
    make_rep()
    auth.login()
    form = {
        "name": "Team?",
        "goal": "visit",
        "attempt": "1",
        "voicemail": "Hi {{ first_name }}",
        "email_subject": "x",
        "email_body": "{{ url }}",
        "scope": "team",
    }
    response = auth.post("/app/templates/new", form, "/app/templates/new")
    assert response.status_code == 403  # as on every admin-only page
    assert "Only admins publish team templates." in response.get_data(as_text=True)


def test_another_reps_template_is_a_404(app, client, auth, make_rep):

    dana = make_rep()
    sam = make_rep("sam@acme.com", "Sam Ortiz")
    with app.app_context():
        theirs = templates.save_template(
            get_session(), sam, team=False, name="Sam's", goal="visit", attempt="",
            voicemail="Hi {{ first_name }}", email_subject="x", email_body="{{ url }}",
        )  # fmt: skip
    auth.login(dana.email)
    assert client.get(f"/app/templates/{theirs.id}").status_code == 404
    assert auth.post(f"/app/templates/{theirs.id}/active", {"active": "0"}).status_code == 404
    assert "Sam's" not in client.get("/app/templates").get_data(as_text=True)


def test_preview_and_lint_answer_json(client, auth, make_rep, make_prospect):
    rep = make_rep()
    rob = make_prospect(rep)
    auth.login()
    headers = {"X-CSRFToken": csrf_token(client, "/app/")}
    preview = client.post(
        "/app/templates/preview",
        json={
            "goal": "visit",
            "voicemail": "Um, call me back at {{ rep_phone }}, {{ first_name }}.",
            "email_subject": "x",
            "email_body": "{{ url }}",
        },
        headers=headers,
    ).get_json()
    codes = {w["code"] for w in preview["warnings"]}
    assert {"filler", "callback_request", "url_missing"} <= codes
    assert preview["script"].startswith("Um, call me back")

    broken = client.post(
        "/app/templates/preview", json={"goal": "visit", "voicemail": "{{ x.y }}"}, headers=headers
    ).get_json()
    assert "attribute access" in broken["errors"]["voicemail"]

    lint = client.post(
        f"/app/prospects/{rob.id}/lint", json={"text": "Hello there.", "goal": "visit"},
        headers=headers,
    ).get_json()  # fmt: skip
    assert {"name_not_first", "url_missing"} <= {w["code"] for w in lint["warnings"]}
    bad = client.post(
        f"/app/prospects/{rob.id}/lint", json={"text": "x", "goal": "sing"}, headers=headers
    )
    assert bad.status_code == 400
    assert bad.get_json()["error"]["code"] == "bad_goal"
    assert client.post(f"/app/prospects/{rob.id}/lint", json={"text": "x"}).status_code == 400


def test_profile_pace_changes_the_estimate(client, auth, make_rep, make_prospect):
    rep = make_rep()
    rob = make_prospect(rep)
    auth.login()
    fast = int(re.search(r"about (\d+) seconds", page(client, rob)).group(1))
    auth.post(
        "/app/profile",
        {"name": "Dana Reyes", "email": "dana@acme.com", "words_per_minute": "100"},
        "/app/profile",
    )
    slow = int(re.search(r"about (\d+) seconds at 100 words", page(client, rob)).group(1))
    assert slow > fast
    response = auth.post(
        "/app/profile",
        {"name": "Dana Reyes", "email": "dana@acme.com", "words_per_minute": "fast"},
        "/app/profile",
    )
    assert "A whole number from 80 to 250." in response.get_data(as_text=True)


def test_company_url_style_and_how_words(client, auth, make_rep, make_prospect):
    rep = make_rep(admin=True)
    rob = make_prospect(rep)
    auth.login()
    response = auth.post(
        "/app/company",
        {
            "name": "Acme",
            "public_base_url": "https://acme.com",
            "default_goal": "visit",
            "url_slash": "slash",
            "url_hyphen": "dash",
            "how_words": "platform\nshipments",
        },
        "/app/company",
    )
    assert response.status_code == 302
    html = page(client, rob)
    assert "acme dot com slash Rob dash Mason" in script_of(html)
    bad = auth.post("/app/company", {"name": "Acme", "url_slash": "stroke"}, "/app/company")
    assert bad.status_code == 400
