"""A template is a draft until activated: never chosen for a script, and an edit of one in use
leaves the version in use serving until the edit is activated."""

from __future__ import annotations

import pytest

from landing.core.validate import AdminOnly, InputError
from landing.data.db import get_session
from landing.data.models import ScriptTemplate
from landing.scripts import drafts, templates

FIELDS = {
    "name": "Mine",
    "goal": "visit",
    "attempt": "",
    "voicemail": "Hi {{ first_name }}, {{ rep_name }} here. Your page: {{ spoken_url }}. "
    "Again, {{ spoken_url }}.",
    "email_subject": "Your page",
    "email_body": "Hi {{ first_name }},\n\n{{ url }}\n",
}
GAP = "Hi {{ first_name }}, a short page for you on {{ outcome }}: {{ spoken_url }}."


def in_rotation(session, rep) -> set[str]:
    return {t.key for t in templates.candidates(session, rep, "visit", 1)}


def test_a_new_template_is_a_draft_until_activated(app, make_rep):
    dana = make_rep()
    with app.app_context():
        session = get_session()
        row = templates.save_template(session, dana, team=False, **FIELDS)
        key = str(row.id)
        assert row.draft
        assert key not in in_rotation(session, dana)
        assert templates.find(session, dana, key) is None  # never chosen for a script
        assert not templates.set_active(session, dana, key, True)  # only activation does it
        listed = {i.template.key: i for i in templates.library(session, dana, drafts=True)}
        assert listed[key].draft and not listed[key].active
        assert key not in {i.template.key for i in templates.library(session, dana)}

        assert drafts.activate(session, dana, key).id == row.id
        assert key in in_rotation(session, dana)
        assert not session.get(ScriptTemplate, row.id).draft


def test_an_edit_waits_beside_the_version_in_use(app, make_rep):
    dana = make_rep()
    with app.app_context():
        session = get_session()
        row = templates.save_template(session, dana, team=False, **FIELDS)
        drafts.activate(session, dana, str(row.id))
        edited = {**FIELDS, "name": "Mine, shorter", "voicemail": "Rob? {{ spoken_url }}."}
        draft = templates.save_template(session, dana, team=False, template_id=row.id, **edited)
        assert draft.id != row.id and draft.draft_of_id == row.id
        # Saved again, the same draft changes: one edit waits, not a pile of them.
        again = templates.save_template(session, dana, team=False, template_id=row.id, **edited)
        assert again.id == draft.id
        in_use = templates.find(session, dana, str(row.id))
        assert in_use.voicemail == FIELDS["voicemail"]
        listed = [i for i in templates.library(session, dana, drafts=True) if i.scope == "mine"]
        assert [(i.template.name, i.active, i.pending) for i in listed] == [("Mine", True, True)]

        assert drafts.activate(session, dana, str(row.id)).id == row.id  # its key, its results
        assert templates.find(session, dana, str(row.id)).voicemail == edited["voicemail"]
        assert session.get(ScriptTemplate, draft.id) is None
        assert templates.pending_draft(session, row) is None


def test_activation_is_refused_while_a_sample_prospect_would_get_a_gap(app, make_rep):
    dana = make_rep()
    with app.app_context():
        session = get_session()
        row = templates.save_template(session, dana, team=False, **{**FIELDS, "voicemail": GAP})
        with pytest.raises(InputError) as refused:
            drafts.activate(session, dana, str(row.id))
        message = refused.value.errors["template"]
        assert message.startswith("Not activated: it leaves a gap for a prospect with no outcome. ")
        assert "In the voicemail, {{ outcome }} is empty" in message
        assert session.get(ScriptTemplate, row.id).draft
        assert str(row.id) not in in_rotation(session, dana)


def test_drafts_are_their_writers_own(app, make_rep):
    admin = make_rep("ada@acme.com", "Ada Admin", admin=True)
    dana = make_rep()
    sam = make_rep("sam@acme.com", "Sam Ortiz")
    with app.app_context():
        session = get_session()
        danas = templates.save_template(session, dana, team=False, **FIELDS)
        teams = templates.save_template(session, admin, team=True, **FIELDS)
        assert drafts.activate(session, sam, str(danas.id)) is None
        assert not drafts.discard(session, sam, str(danas.id))
        with pytest.raises(AdminOnly):
            drafts.activate(session, dana, str(teams.id))
        # A rep does not see the team's drafts; the admin does.
        assert str(teams.id) not in {
            i.template.key for i in templates.library(session, dana, drafts=True)
        }
        assert str(teams.id) in {
            i.template.key for i in templates.library(session, admin, drafts=True)
        }
        for key in ("", "x", "99999999999999999999"):
            assert drafts.activate(session, dana, key) is None
        assert drafts.discard(session, dana, str(danas.id))
        assert session.get(ScriptTemplate, danas.id) is None
