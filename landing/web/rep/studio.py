"""The script studio: the template library with each template's results, the editor with a
preview for three sample prospects, drafts and their activation, and the linter the prospect
page calls as the rep edits a script."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from landing.calls import pitches, template_preview
from landing.calls.voicemails import template_stats
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.prospects import service as prospects
from landing.scripts import drafts, goals, templates
from landing.scripts.library import BUILTINS, PLACEHOLDERS, Template
from landing.scripts.lint import lint_script
from landing.team import company

bp = Blueprint("studio", __name__, url_prefix="/app")  # signed in: see rep_area

TEMPLATE_FIELDS = (
    "name", "goal", "attempt", "voicemail", "email_subject", "email_body", "language",
)  # fmt: skip


def _form() -> dict[str, str]:
    return {field: request.form.get(field, "") for field in TEMPLATE_FIELDS}


@bp.route("/templates")
def library():
    session = get_session()
    listed = templates.library(session, current_user, drafts=True)
    return render_template(
        "app/templates.html",
        by_goal={g: [i for i in listed if i.template.goal == g] for g in goals.GOALS},
        stats=template_stats(session),
        goals=goals,
    )


@bp.route("/templates/new", methods=["GET", "POST"])
def new_template():
    return _editor(None)


@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
def edit_template(template_id: int):
    return _editor(template_id)


def _editor(template_id: int | None):
    session = get_session()
    row = draft = None
    if template_id is not None:
        row = templates.editable(session, current_user, template_id)
        if row is None:
            abort(404)
        # An edit of a template in use goes on in its draft; the version in use keeps serving.
        draft = row if row.draft else templates.pending_draft(session, row)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = _form()
        team = row.owner_rep_id is None if row else request.form.get("scope") == "team"
        try:
            saved = templates.save_template(
                session, current_user, team=team, template_id=template_id, **form
            )
        except InputError as exc:
            errors = exc.errors
        else:
            if request.form.get("activate") == "1":
                return _activate(
                    saved.id,
                    back=url_for("studio.edit_template", template_id=row.id if row else saved.id),
                )
            flash(
                f"“{saved.name}” saved as a draft. "
                + _DRAFT_NOTE[row is not None and not row.draft]
            )
            return redirect(url_for("studio.library"))
    elif row is not None:
        shown = draft or row
        form = {field: "" if getattr(shown, field) is None else getattr(shown, field)
                for field in TEMPLATE_FIELDS}  # fmt: skip
    else:
        form = _copy_of(request.args.get("from", ""))
    return render_template(
        "app/template_edit.html",
        row=row,
        draft=draft,
        form=form,
        errors=errors,
        goals=goals,
        placeholders=PLACEHOLDERS,
        samples=_samples(form),
    ), 400 if errors else 200


_DRAFT_NOTE = {
    False: "It is not in rotation until you activate it.",
    True: "Prospects keep getting the version in use until you activate this one.",
}


def _samples(form: dict) -> list[template_preview.SamplePreview]:
    """The three sample prospects' renderings of the form's text; none while it has errors."""
    try:
        fields = {field: str(form.get(field) or "") for field in TEMPLATE_FIELDS}
        values = templates.check_template(**{**fields, "name": fields["name"] or "x"})
    except InputError:
        return []
    settings = company.current(get_session(), current_app.config)
    language = values.get("language") or settings.language
    template = Template(key="preview", builtin=False, **{**values, "name": "preview"})
    return template_preview.previews(template, current_user, settings, language)


def _copy_of(key: str) -> dict:
    """A new template's starting text: a copy of one the rep can see, or a blank voicemail
    with the goal's usual follow-up email, which few reps want to write from nothing."""
    found = templates.find(get_session(), current_user, key) if key else None
    if found is None:
        goal = request.args.get("goal", "")
        goal = goal if goal in goals.GOALS else goals.VISIT
        usual = next(t for t in BUILTINS if t.goal == goal)
        return {
            "goal": goal,
            "attempt": "",
            "email_subject": usual.email_subject,
            "email_body": usual.email_body.strip(),
        }
    return {
        "name": f"My {found.name}",
        "goal": found.goal,
        "attempt": found.attempt or "",
        "voicemail": found.voicemail.strip(),
        "email_subject": found.email_subject,
        "email_body": found.email_body.strip(),
        "language": found.language,
    }


@bp.route("/templates/<key>/active", methods=["POST"])
def set_active(key: str):
    active = request.form.get("active") == "1"
    if not templates.set_active(get_session(), current_user, key, active):
        abort(404)
    flash("Back in rotation." if active else "Taken out of rotation.")
    return redirect(url_for("studio.library"))


@bp.route("/templates/<int:template_id>/activate", methods=["POST"])
def activate(template_id: int):
    return _activate(template_id, back=url_for("studio.edit_template", template_id=template_id))


def _activate(template_id: int, back: str):
    """Put a draft into rotation, or say which gap it would leave and keep it a draft."""
    session = get_session()
    settings = company.current(session, current_app.config)
    try:
        active = template_preview.activate(session, current_user, str(template_id), settings)
    except InputError as exc:
        flash(f"{exc.errors['template']} It stays a draft; the preview shows where.", "error")
        return redirect(back)
    if active is None:
        abort(404)
    flash(f"“{active.name}” is active: new scripts use it.")
    return redirect(url_for("studio.library"))


@bp.route("/templates/<int:template_id>/discard", methods=["POST"])
def discard(template_id: int):
    if not drafts.discard(get_session(), current_user, str(template_id)):
        abort(404)
    flash("Draft thrown away. The version in use, if any, is unchanged.")
    return redirect(url_for("studio.library"))


@bp.route("/templates/preview", methods=["POST"])
def preview():
    """The editor's live preview: the template for three sample prospects (every field, no
    outcome, no company), each with its lint and its gaps; the first one's keys at the top."""
    data = request.get_json(silent=True) or {}
    fields = {k: str(data.get(k, "")) for k in TEMPLATE_FIELDS}
    try:
        templates.check_template(**{**fields, "name": fields["name"] or "x"})
    except InputError as exc:
        return jsonify(errors=exc.errors), 200
    samples = _samples(fields)
    first = samples[0].pitch
    return jsonify(
        errors={},
        **_lint_json(first.script, first.script_seconds, first.warnings),
        email_subject=first.email_subject,
        email_body=first.email_body,
        samples=[s.as_dict() for s in samples],
        samples_html=render_template("app/_template_samples.html", samples=samples),
    )


@bp.route("/prospects/<int:prospect_id>/lint", methods=["POST"])
def lint(prospect_id: int):
    """Lint the script as the rep edits it on the prospect's page."""
    session = get_session()
    prospect = prospects.get_prospect(session, current_user.id, prospect_id)
    if prospect is None:
        return jsonify(error={"code": "not_found", "message": "No such prospect."}), 404
    data = request.get_json(silent=True) or {}
    text, goal = str(data.get("text", ""))[:5000], str(data.get("goal", ""))
    if goal not in goals.GOALS:
        message = f"Goal must be one of: {', '.join(goals.GOALS)}."
        return jsonify(error={"code": "bad_goal", "message": message}), 400
    settings = company.current(session, current_app.config)
    values = pitches.context(prospect, current_user, settings, today=clock.today())
    result = lint_script(
        " ".join(text.split()),
        goal=goal,
        first_name=prospect.first_name,
        spoken_url=values["spoken_url"],
        callback_day=values["callback_day"],
        words_per_minute=current_user.words_per_minute,
        how_words=settings.how_words,
        name_spelling=values["name_spelling"],
        script_language=pitches.prospect_language(prospect, settings),
    )
    warnings = tuple(f.as_dict() for f in result.findings)
    return jsonify(_lint_json(text, result.seconds, warnings))


def _lint_json(script: str, seconds: int, warnings) -> dict:
    return {"script": script, "seconds": seconds, "warnings": list(warnings)}
