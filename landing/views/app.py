"""The rep's side: dashboard, prospects with their scripts, notifications, settings."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from landing import (
    company,
    goals,
    notices,
    pitches,
    prospects,
    ranking,
    reps,
    script_templates,
    spelling,
    visits,
    voicemails,
)
from landing.db import get_session
from landing.validate import InputError

bp = Blueprint("app", __name__, url_prefix="/app")

PROSPECT_FIELDS = (
    "first_name", "last_name", "company", "title", "email", "phone", "outcome", "goal",
)  # fmt: skip
PROFILE_FIELDS = (
    "name", "email", "phone", "booking_url", "photo_url", "words_per_minute", "default_goal",
)  # fmt: skip
COMPANY_FIELDS = (
    "name", "public_base_url", "video_url", "offer_text", "reference_1", "reference_2",
    "default_goal", "url_slash", "url_hyphen", "how_words",
)  # fmt: skip


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here needs a signed-in rep."""


@bp.context_processor
def _nav() -> dict:
    if not current_user.is_authenticated:
        return {}
    return {"unread_count": notices.unread_count(get_session(), current_user)}


def _form(fields: tuple[str, ...]) -> dict[str, str]:
    return {field: request.form.get(field, "") for field in fields}


def _as_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(value)
    return "" if value is None else str(value)


def _company():
    return company.current(get_session(), current_app.config)


def _forget_cached_pages() -> None:
    cache = current_app.extensions.get("landing.page_cache")
    if cache:
        cache.clear()


@bp.route("/")
def dashboard():
    return _dashboard()


def _dashboard(form: dict | None = None, errors: dict | None = None, status: int = 200):
    session = get_session()
    html = render_template(
        "app/dashboard.html",
        call_next=ranking.call_next(session, current_user.id),
        recent=prospects.list_prospects(session, current_user.id)[:10],
        form=form or {},
        errors=errors or {},
    )
    return html, status


@bp.route("/prospects", methods=["POST"])
def add_prospect():
    form = _form(PROSPECT_FIELDS)
    try:
        prospect = prospects.create_prospect(get_session(), current_user, **form)
    except InputError as exc:
        return _dashboard(form, exc.errors, 400)
    return redirect(url_for("app.prospect", prospect_id=prospect.id))


@bp.route("/prospects")
def prospect_list():
    rows = prospects.list_prospects(get_session(), current_user.id)
    return render_template("app/prospects.html", prospects=rows)


def _own_prospect(prospect_id: int):
    found = prospects.get_prospect(get_session(), current_user.id, prospect_id)
    if found is None:
        abort(404)
    return found


@bp.route("/prospects/<int:prospect_id>")
def prospect(prospect_id: int):
    session = get_session()
    found = _own_prospect(prospect_id)
    settings = _company()
    choice = {
        "goal": request.args.get("goal") or None,
        "attempt": request.args.get("attempt", type=int),
        "template_key": request.args.get("template") or None,
    }
    try:
        pitch = pitches.pitch_for(
            session, found, current_user, settings, today=pitches.today(), **choice
        )
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
        return redirect(url_for("app.prospect", prospect_id=prospect_id))
    history = visits.history(session, found.id)
    left = voicemails.left_for(session, found.id)
    return render_template(
        "app/prospect.html",
        prospect=found,
        pitch=pitch,
        goals=goals,
        templates=[
            item
            for item in script_templates.library(session, current_user)
            if item.template.goal == pitch.goal
        ],
        rotating=choice["template_key"] is None,
        suggested_spelling=spelling.suggest_spelling(found.first_name, found.last_name),
        visits=history,
        credits=voicemails.credits(left, history),
        voicemails_left=left,
        outcomes=voicemails.OUTCOMES,
    )


@bp.route("/prospects/<int:prospect_id>/voicemails", methods=["POST"])
def voicemail_left(prospect_id: int):
    found = _own_prospect(prospect_id)
    try:
        logged = voicemails.log_voicemail(
            get_session(),
            current_user,
            found,
            template_key=request.form.get("template", ""),
            goal=request.form.get("goal") or None,
            attempt=request.form.get("attempt", type=int),
            today=pitches.today(),
        )
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
    else:
        flash(
            f"Voicemail {logged.attempt} logged. Next call: "
            f"{found.next_call_on:%A, %B} {found.next_call_on.day}."
        )
    return redirect(url_for("app.prospect", prospect_id=prospect_id))


@bp.route("/prospects/<int:prospect_id>/outcomes", methods=["POST"])
def outcome_logged(prospect_id: int):
    found = _own_prospect(prospect_id)
    try:
        voicemails.log_outcome(get_session(), current_user, found, request.form.get("kind", ""))
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
    else:
        flash(f"Logged: {voicemails.OUTCOMES[request.form['kind']].lower()}.")
    return redirect(url_for("app.prospect", prospect_id=prospect_id))


@bp.route("/prospects/<int:prospect_id>/script-choices", methods=["POST"])
def script_choices(prospect_id: int):
    found = _own_prospect(prospect_id)
    try:
        prospects.update_script_choices(
            get_session(),
            found,
            goal=request.form.get("goal", ""),
            name_spelling=request.form.get("name_spelling", ""),
        )
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
    else:
        flash("Saved.")
    return redirect(url_for("app.prospect", prospect_id=prospect_id))


@bp.route("/notifications")
def notifications():
    session = get_session()
    rows = notices.recent(session, current_user, limit=100)
    html = render_template("app/notifications.html", rows=rows)
    if rows:
        notices.mark_read(session, current_user, rows[0][0].id)
    return html


def _settings_page(template: str, fields: tuple[str, ...], save, stored, saved_message: str):
    """GET shows the stored values; POST saves them or shows every error beside its field.

    A field missing from the POST keeps its stored value, so an older form or a script that
    sends only some fields never resets the rest."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        current = stored()
        form = {
            field: request.form[field] if field in request.form else _as_text(current[field])
            for field in fields
        }
        try:
            save(**form)
        except InputError as exc:
            errors = exc.errors
        else:
            _forget_cached_pages()  # pages show these settings; this worker should not wait
            flash(saved_message)
            return redirect(request.path)
    else:
        form = stored()
    return render_template(template, form=form, errors=errors), 400 if errors else 200


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    return _settings_page(
        "app/profile.html",
        PROFILE_FIELDS,
        lambda **form: reps.update_profile(get_session(), current_user, **form),
        lambda: {field: getattr(current_user, field) for field in PROFILE_FIELDS},
        "Profile saved.",
    )


@bp.route("/company", methods=["GET", "POST"])
def company_settings():
    if not current_user.is_admin:
        abort(403)
    session = get_session()

    def stored() -> dict:
        row = company.get_row(session)
        settings = company.effective(row, current_app.config)
        return {
            **{field: getattr(row, field) for field in COMPANY_FIELDS},
            "name": settings.name,
            "public_base_url": settings.public_base_url,
        }

    return _settings_page(
        "app/company.html",
        COMPANY_FIELDS,
        lambda **form: company.save(session, **form),
        stored,
        "Company settings saved.",
    )
