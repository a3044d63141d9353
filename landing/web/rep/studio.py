"""The script studio: the template library with each template's results, the editor with a
live preview, and the linter the prospect page calls as the rep edits a script."""

from __future__ import annotations

from datetime import date

from babel.lists import format_list
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

from landing.calls import pitches
from landing.calls.voicemails import template_stats
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.prospects import service as prospects
from landing.scripts import goals, templates
from landing.scripts.library import BUILTINS, PLACEHOLDERS, Template, sample_context
from landing.scripts.lint import lint_script
from landing.scripts.render import callback_day
from landing.team import company
from landing.urls.slugs import page_url, spoken_url

bp = Blueprint("studio", __name__, url_prefix="/app")  # signed in: see rep_area

TEMPLATE_FIELDS = (
    "name", "goal", "attempt", "voicemail", "email_subject", "email_body", "language",
)  # fmt: skip


def _form() -> dict[str, str]:
    return {field: request.form.get(field, "") for field in TEMPLATE_FIELDS}


@bp.route("/templates")
def library():
    session = get_session()
    listed = templates.library(session, current_user)
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
    row = None
    if template_id is not None:
        row = templates.editable(session, current_user, template_id)
        if row is None:
            abort(404)
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
            flash(f"Template “{saved.name}” saved.")
            return redirect(url_for("studio.library"))
    elif row is not None:
        form = {field: "" if getattr(row, field) is None else getattr(row, field)
                for field in TEMPLATE_FIELDS}  # fmt: skip
    else:
        form = _copy_of(request.args.get("from", ""))
    return render_template(
        "app/template_edit.html",
        row=row,
        form=form,
        errors=errors,
        goals=goals,
        placeholders=PLACEHOLDERS,
    ), 400 if errors else 200


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


@bp.route("/templates/preview", methods=["POST"])
def preview():
    """The editor's live preview: the template with sample values, its problems and lint."""
    data = request.get_json(silent=True) or {}
    fields = {k: str(data.get(k, "")) for k in TEMPLATE_FIELDS}
    try:
        values = templates.check_template(**{**fields, "name": fields["name"] or "x"})
    except InputError as exc:
        return jsonify(errors=exc.errors), 200
    settings = company.current(get_session(), current_app.config)
    # Sample values in the template's language: its spoken address, a Thursday, its "and".
    language = values.get("language") or settings.language
    sample = sample_context(
        rep_name=current_user.name,
        rep_first_name=current_user.first_name,
        company=settings.name or "Acme",
        references=format_list(list(settings.references), locale=language),
        reference=settings.references[0] if settings.references else "",
        url=page_url(settings.public_base_url, "Rob-Mason"),
        spoken_url=spoken_url(
            settings.public_base_url,
            "Rob-Mason",
            settings.url_slash,
            settings.url_hyphen,
            language,
        ),
        callback_day=callback_day(date(2026, 12, 3), date(2026, 12, 1), language),
    )
    template = Template(key="preview", builtin=False, **{**values, "name": "preview"})
    pitch = pitches.build_pitch(
        template,
        sample,
        goal=values["goal"],
        attempt=values["attempt"] or 1,
        words_per_minute=current_user.words_per_minute,
        how_words=settings.how_words,
        language=language,
    )
    return jsonify(errors={}, **_lint_json(pitch.script, pitch.script_seconds, pitch.warnings),
                   email_subject=pitch.email_subject, email_body=pitch.email_body)  # fmt: skip


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
