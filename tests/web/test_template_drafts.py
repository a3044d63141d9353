"""Drafts in the script studio: the editor's three sample prospects, Draft and Activate in the
library, activation refused with the gap named, and settings pages in plain words."""

from __future__ import annotations

import re
from html import unescape

import pytest

from landing.data.db import get_session
from landing.data.models import ScriptTemplate
from landing.scripts import drafts, templates
from tests.conftest import csrf_token

FORM = {
    "name": "Short and warm",
    "goal": "visit",
    "attempt": "",
    "voicemail": "Hi {{ first_name }}, {{ rep_name }} here. Your page: {{ spoken_url }}. "
    "Again, {{ spoken_url }}.",
    "email_subject": "Your page, {{ first_name }}",
    "email_body": "Hi {{ first_name }},\n\n{{ url }}\n",
}
GAP = "Hi {{ first_name }}, a short page for you on {{ outcome }}: {{ spoken_url }}."


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def row_of(html: str, name: str) -> str:
    return next(r for r in re.findall(r"<tr id=\"template-.*?</tr>", html, re.S) if name in r)


@pytest.fixture
def dana(make_rep, auth):
    rep = make_rep()
    auth.login()
    return rep


def test_a_saved_template_is_a_draft_with_an_activate_button(client, auth, dana):
    saved = auth.post("/app/templates/new", FORM, "/app/templates/new")
    assert saved.status_code == 302
    library = client.get("/app/templates")
    assert "saved as a draft" in text(library)
    mine = row_of(text(library), "Short and warm")
    assert '<span class="draft">Draft</span>' in mine
    key = re.search(r'id="template-(\d+)"', mine).group(1)
    assert f'action="/app/templates/{key}/activate"' in mine
    assert "take out" not in mine  # not in rotation, so nothing to take out

    assert client.post(f"/app/templates/{key}/activate").status_code == 400  # no CSRF token
    done = auth.post(f"/app/templates/{key}/activate", {}, "/app/templates")
    assert done.status_code == 302
    library = text(client.get("/app/templates"))
    assert "“Short and warm” is active: new scripts use it." in library
    mine = row_of(library, "Short and warm")
    assert "Draft" not in mine and "yes, take out" in mine


def test_an_edit_is_a_draft_and_the_version_in_use_keeps_serving(app, client, auth, dana):
    auth.post("/app/templates/new", FORM, "/app/templates/new")
    with app.app_context():
        key = str(templates.library(get_session(), dana, drafts=True)[-1].template.key)
        drafts.activate(get_session(), dana, key)
    edit = f"/app/templates/{key}"
    auth.post(edit, {**FORM, "voicemail": "Rob? {{ spoken_url }}. Again, {{ spoken_url }}."}, edit)
    library = text(client.get("/app/templates"))
    assert "Prospects keep getting the version in use until you activate this one." in library
    mine = row_of(library, "Short and warm")
    assert "Draft edit waiting" in mine and "Activate edit" in mine and "yes, take out" in mine
    page = text(client.get(edit))
    assert "You are editing a draft of a template in use." in page
    assert "Rob? {{ spoken_url }}" in page  # the editor shows the draft
    with app.app_context():
        assert templates.find(get_session(), dana, key).voicemail == FORM["voicemail"]
        draft_id = templates.pending_draft(
            get_session(), get_session().get(ScriptTemplate, int(key))
        ).id
    assert f'action="/app/templates/{draft_id}/discard"' in page
    auth.post(f"/app/templates/{draft_id}/discard", {}, edit)
    library = text(client.get("/app/templates"))
    assert "Draft thrown away. The version in use, if any, is unchanged." in library
    assert "Draft edit waiting" not in row_of(library, "Short and warm")
    auth.post(edit, {**FORM, "voicemail": "Rob? {{ spoken_url }}. Again, {{ spoken_url }}."}, edit)
    auth.post(f"/app/templates/{key}/activate", {}, "/app/templates")
    with app.app_context():
        assert templates.find(get_session(), dana, key).voicemail.startswith("Rob?")


def test_activation_with_a_gap_is_refused_and_says_where(app, client, auth, dana):
    response = auth.post(
        "/app/templates/new", {**FORM, "voicemail": GAP, "activate": "1"}, "/app/templates/new"
    )
    assert response.status_code == 302
    shown = client.get(response.headers["Location"])
    assert '<p class="flash error" role="alert">Not activated' in shown.get_data(as_text=True)
    editor = text(shown)  # a refusal, in red, and what it says:
    assert (
        "Not activated: it leaves a gap for a prospect with no outcome. "
        "In the voicemail, {{ outcome }} is empty for this prospect"
    ) in editor
    assert "(1 more gap) It stays a draft; the preview shows where." in editor
    # The preview shows the same gap under the prospect without an outcome.
    no_outcome = editor.split('data-sample="no_outcome"', 1)[1].split("</section>", 1)[0]
    assert "a short page for you on : " in no_outcome
    assert "{{ outcome }} is empty for this prospect" in no_outcome
    library = text(client.get("/app/templates"))
    assert '<span class="draft">Draft</span>' in row_of(library, "Short and warm")


def test_save_and_activate_puts_a_good_template_in_rotation(app, client, auth, dana):
    auth.post("/app/templates/new", {**FORM, "activate": "1"}, "/app/templates/new")
    library = text(client.get("/app/templates"))
    assert "“Short and warm” is active" in library
    assert "yes, take out" in row_of(library, "Short and warm")


def test_the_editor_previews_three_sample_prospects_without_javascript(client, dana):
    html = text(client.get("/app/templates/new?from=visit-direct-1"))
    labels = re.findall(r'<h3 id="sample-[a-z_]+">([^<]+)</h3>', html)
    assert labels == ["Every field", "No outcome", "No company"]
    assert html.count('<p class="script"') == 3
    assert html.count('<pre class="email"') == 3
    assert "No gaps, and it passes every check." in html
    # The placeholders as a list to copy from, and as buttons the script reveals.
    assert "<code>{{ outcome }}</code>" in html
    assert '<p class="placeholder-buttons" hidden>' in html
    assert 'data-insert="{{ outcome }}"' in html


def test_the_preview_answers_each_sample_with_its_gaps(client, dana):
    headers = {"X-CSRFToken": csrf_token(client, "/app/")}
    result = client.post(
        "/app/templates/preview", json={**FORM, "voicemail": GAP}, headers=headers
    ).get_json()
    by_sample = {s["sample"]: s for s in result["samples"]}
    assert list(by_sample) == ["every", "no_outcome", "no_company"]
    assert by_sample["every"]["gaps"] == []
    assert {g["code"] for g in by_sample["no_outcome"]["gaps"]} == {
        "empty_placeholder", "dangling_punctuation",
    }  # fmt: skip
    assert "on : " in by_sample["no_outcome"]["script"]
    assert "Gaps: this can't be activated" in result["samples_html"]


def test_drafts_are_scoped_to_their_writer(app, client, auth, make_rep, dana):
    admin = make_rep("ada@acme.com", "Ada Admin", admin=True)
    sam = make_rep("sam@acme.com", "Sam Ortiz")
    with app.app_context():
        session = get_session()
        sams = templates.save_template(session, sam, team=False, **{**FORM, "name": "Sam's"})
        teams = templates.save_template(session, admin, team=True, **{**FORM, "name": "Team's"})
    for row in (sams, teams):
        assert f"{row.name}" not in text(client.get("/app/templates"))
    assert auth.post(f"/app/templates/{sams.id}/activate", {}, "/app/templates").status_code == 404
    assert auth.post(f"/app/templates/{sams.id}/discard", {}, "/app/templates").status_code == 404
    refused = auth.post(f"/app/templates/{teams.id}/activate", {}, "/app/templates")
    assert refused.status_code == 403
    auth.logout()
    auth.login(admin.email)
    assert "Team&#39;s" in client.get("/app/templates").get_data(as_text=True)
    done = auth.post(f"/app/templates/{teams.id}/activate", {}, "/app/templates")
    assert done.status_code == 302


JARGON = ("HMAC", "SHA256", "LANDING_", "95%", "hash", "half-life", "Half-life", "POST")


@pytest.mark.parametrize(
    "path",
    ["/app/company", "/app/notifications/settings", "/app/profile", "/app/tokens",
     "/app/website", "/app/team"],
)  # fmt: skip
def test_settings_pages_say_what_a_setting_does_not_how(client, auth, make_rep, path):
    make_rep(admin=True)
    auth.login()
    html = client.get(path).get_data(as_text=True)
    body = html.split("<main", 1)[1]
    said = re.sub(r"<[^>]+>", " ", body)  # the words, not the markup (method="post")
    for word in JARGON:
        assert word not in said, (path, word)
