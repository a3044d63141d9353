"""The rep's side: dashboard, prospects with their scripts, notifications, settings."""

from __future__ import annotations

from datetime import UTC, datetime

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

from landing import company, notices, prospects, ranking, reps, scripts, visits
from landing.db import get_session
from landing.validate import InputError

bp = Blueprint("app", __name__, url_prefix="/app")

PROSPECT_FIELDS = ("first_name", "last_name", "company", "title", "email", "phone", "outcome")
PROFILE_FIELDS = ("name", "email", "phone", "booking_url", "photo_url")
COMPANY_FIELDS = (
    "name", "public_base_url", "video_url", "offer_text", "reference_1", "reference_2",
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


def _pitch(prospect) -> scripts.Pitch:
    cfg = current_app.config
    return scripts.build_pitch(
        prospect,
        current_user,
        company.current(get_session(), cfg),
        today=datetime.now(UTC).date(),
        words_per_minute=cfg["WORDS_PER_MINUTE"],
    )


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


@bp.route("/prospects/<int:prospect_id>")
def prospect(prospect_id: int):
    session = get_session()
    found = prospects.get_prospect(session, current_user.id, prospect_id)
    if found is None:
        abort(404)
    return render_template(
        "app/prospect.html",
        prospect=found,
        pitch=_pitch(found),
        visits=visits.history(session, found.id),
    )


@bp.route("/notifications")
def notifications():
    session = get_session()
    rows = notices.recent(session, current_user, limit=100)
    html = render_template("app/notifications.html", rows=rows)
    if rows:
        notices.mark_read(session, current_user, rows[0][0].id)
    return html


def _settings_page(template: str, fields: tuple[str, ...], save, stored, saved_message: str):
    """GET shows the stored values; POST saves them or shows every error beside its field."""
    form, errors = _form(fields), {}
    if request.method == "POST":
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
