"""The rep's side: dashboard, prospects with their scripts, notifications, settings."""

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

from landing.calls import outcomes, pitches, ranking, voicemails
from landing.core import clock
from landing.core.ids import parse_id
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.notify import notices
from landing.pages import misses, visits
from landing.prospects import qr
from landing.prospects import service as prospects
from landing.scripts import goals, spelling, templates
from landing.team import api_tokens, company, reps
from landing.urls.slugs import page_url
from landing.web.auth import safe_next
from landing.web.rep.area import admin_required

bp = Blueprint("app", __name__, url_prefix="/app")  # signed in: see rep_area

PROSPECT_FIELDS = (
    "first_name", "last_name", "company", "title", "email", "phone", "outcome", "goal",
)  # fmt: skip
PROFILE_FIELDS = (
    "name", "email", "phone", "booking_url", "photo_url", "words_per_minute", "default_goal",
)  # fmt: skip
COMPANY_FIELDS = (
    "name", "public_base_url", "video_url", "offer_text", "reference_1", "reference_2",
    "default_goal", "url_slash", "url_hyphen", "how_words", "scanner_ranges", "privacy_contact",
    "page_layout", "logo_url", "brand_colour", "customers",
    *company.SCORE_FIELDS,
)  # fmt: skip
PAGE_FIELDS = ("personal_note", "video_url", "offer_text", "booking_url")
NOTIFY_FIELDS = (
    "notify_email", "webhook_url", "webhook_secret", "timezone", "quiet_start", "quiet_end",
)  # fmt: skip


def _form(fields: tuple[str, ...]) -> dict[str, str]:
    return {field: request.form.get(field, "") for field in fields}


def _as_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(value)
    return "" if value is None else str(value)


def _company():
    return company.current(get_session(), current_app.config)


@bp.route("/")
def dashboard():
    return _dashboard()


def _dashboard(form: dict | None = None, errors: dict | None = None, status: int = 200):
    session = get_session()
    html = render_template(
        "app/dashboard.html",
        call_next=_call_next(),
        latest_notice=notices.latest_id(session, current_user),
        recent=prospects.list_prospects(session, current_user.id)[:10],
        missed=misses.for_rep(session, current_user.id),
        zone=notices.rep_zone(current_user),
        outcomes=outcomes.RULES,
        form=form or {},
        errors=errors or {},
    )
    return html, status


def _call_next() -> list[ranking.CallNext]:
    return ranking.call_next(
        get_session(),
        current_user.id,
        ranking.Weights.of(_company()),
        zone=notices.rep_zone(current_user),
    )


@bp.route("/live")
def live():
    """What an open dashboard polls: notices since the last it saw, and the list when new."""
    session = get_session()
    try:
        after = parse_id(request.args.get("after", "0"))
    except ValueError as exc:
        return jsonify(error={"code": "bad_after", "message": str(exc)}), 400
    fresh = notices.since(session, current_user, after)
    data = {
        "latest": fresh[-1].id if fresh else after,
        "unread": notices.unread_count(session, current_user),
        "notices": [
            {
                "id": n.id,
                "kind": n.kind,
                "text": n.text,
                "url": url_for("app.prospect", prospect_id=n.prospect_id)
                if n.prospect_id
                else url_for("app.notifications"),
            }
            for n in fresh
        ],
    }
    if fresh:
        data["list_html"] = render_template(
            "app/_call_next.html", call_next=_call_next(), outcomes=outcomes.RULES
        )
    return jsonify(data)


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
    session = get_session()
    rows = prospects.list_prospects(session, current_user.id)
    archived = prospects.list_prospects(session, current_user.id, archived=True)
    return render_template("app/prospects.html", prospects=rows, archived=archived)


def _own_prospect(prospect_id: int):
    found = prospects.get_prospect(get_session(), current_user.id, prospect_id)
    if found is None:
        abort(404)
    return found


@bp.route("/prospects/<int:prospect_id>")
def prospect(prospect_id: int, page_form: dict | None = None, page_errors: dict | None = None):
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
            session, found, current_user, settings, today=clock.today(), **choice
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
            for item in templates.library(session, current_user)
            if item.template.goal == pitch.goal
        ],
        rotating=choice["template_key"] is None,
        suggested_spelling=spelling.suggest_spelling(found.first_name, found.last_name),
        visits=history,
        credits=voicemails.credits(left, history),
        voicemails_left=left,
        outcomes=outcomes.RULES,
        outcome_log=outcomes.logged_for(session, found.id),
        visit_labels=visits.LABELS,
        visitors=visits.people(history),
        slug_warning=prospects.slug_warning(session, found),
        can_change_slug=prospects.can_change_slug(session, found),
        missed=misses.for_rep(session, current_user.id, prospect_id=found.id),
        zone=notices.rep_zone(current_user),
        page_form=page_form or {field: getattr(found, field) for field in PAGE_FIELDS},
        page_errors=page_errors or {},
    ), (400 if page_errors else 200)


@bp.route("/prospects/<int:prospect_id>/slug", methods=["POST"])
def slug_changed(prospect_id: int):
    found = _own_prospect(prospect_id)
    old = found.slug
    try:
        prospects.change_slug(get_session(), found, request.form.get("slug", ""))
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
    else:
        flash(f"The URL is now /{found.slug} (was /{old}).")
    return redirect(url_for("app.prospect", prospect_id=prospect_id))


@bp.route("/prospects/<int:prospect_id>/archive", methods=["POST"])
def archived(prospect_id: int):
    found = _own_prospect(prospect_id)
    if request.form.get("restore"):
        prospects.restore(get_session(), found)
        flash(f"{found.full_name} is back; /{found.slug} works again.")
    else:
        prospects.archive(get_session(), found)
        flash(f"{found.full_name} is archived: off your lists, and /{found.slug} answers 404.")
    return redirect(url_for("app.prospect", prospect_id=prospect_id))


@bp.route("/prospects/<int:prospect_id>/delete", methods=["POST"])
def deleted(prospect_id: int):
    """Delete (or, asked to, forget) the prospect, once the rep has confirmed it."""
    found = _own_prospect(prospect_id)
    if request.form.get("confirm") != "yes":
        return redirect(url_for("app.prospect", prospect_id=prospect_id, delete=1))
    name, slug = found.full_name, found.slug
    if request.form.get("forget"):
        days = current_app.config["VISIT_RETENTION_DAYS"]
        prospects.forget_prospect(get_session(), found, days=days)
        flash(f"{name} is forgotten: every record of them is gone; /{slug} stays unused.")
    else:
        prospects.delete_prospect(get_session(), found)
        flash(f"{name} is deleted, with their visits, notices and calls logged.")
    return redirect(url_for("app.prospect_list"))


@bp.route("/prospects/<int:prospect_id>/voicemails", methods=["POST"])
def voicemail_left(prospect_id: int):
    """A voicemail logged from the prospect's page, with the template, goal and attempt used."""
    return _log_outcome(prospect_id, outcomes.VOICEMAIL_LEFT)


@bp.route("/prospects/<int:prospect_id>/outcomes", methods=["POST"])
def outcome_logged(prospect_id: int):
    """A call logged from the prospect's page or the call-next list (a voicemail included)."""
    return _log_outcome(prospect_id, request.form.get("kind", ""))


def _log_outcome(prospect_id: int, kind: str):
    found = _own_prospect(prospect_id)
    form = request.form
    try:
        logged = outcomes.log_outcome(
            get_session(), current_user, found, kind, today=clock.today(),
            settings=_company(), template_key=form.get("template") or None,
            goal=form.get("goal") or None, attempt=form.get("attempt", type=int),
        )  # fmt: skip
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
    else:
        day = found.next_call_on
        then = "" if found.do_not_contact else f" Next call: {day:%A, %B} {day.day}."
        if kind == outcomes.VOICEMAIL_LEFT:
            flash(f"Voicemail {logged.attempt} logged.{then}")
        else:
            label = outcomes.RULES[kind].label.lower()
            flash(f"Logged for {found.full_name}: {label}.{then}")
    return redirect(
        safe_next(request.form.get("next") or url_for("app.prospect", prospect_id=prospect_id))
    )


@bp.route("/prospects/<int:prospect_id>/preview")
def preview(prospect_id: int):
    """The prospect's page exactly as they see it, in this signed-in browser, where the
    view is the rep's own and never counts. The address carries nothing that would make
    anyone else's view the rep's (see previews)."""
    found = _own_prospect(prospect_id)
    return redirect(f"/{found.slug}")


@bp.route("/prospects/<int:prospect_id>/page", methods=["POST"])
def page_tailored(prospect_id: int):
    """The rep's note, video, offer and booking link for this prospect's page."""
    found = _own_prospect(prospect_id)
    form = _form(PAGE_FIELDS)
    try:
        prospects.update_page(get_session(), found, **form)
    except InputError as exc:
        return prospect(prospect_id, page_form=form, page_errors=exc.errors)
    flash(f"Saved: /{found.slug} shows it now.")
    return redirect(url_for("app.prospect", prospect_id=prospect_id))


@bp.route("/prospects/<int:prospect_id>/qr.svg")
def prospect_qr(prospect_id: int):
    """The page's URL as a QR code, for print and event follow-ups."""
    found = _own_prospect(prospect_id)
    url = page_url(_company().public_base_url, found.slug)
    headers = {
        "Content-Disposition": f'inline; filename="{found.slug}.svg"',
        "Cache-Control": "private, no-cache",
    }
    return current_app.response_class(qr.svg(url), 200, headers, mimetype="image/svg+xml")


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
    html = render_template(
        "app/notifications.html",
        rows=rows,
        deliveries=notices.outbox_for(session, [n.id for n, _ in rows]),
        form=_notify_form(),
        errors={},
        email_available=bool(current_app.config.get("SMTP_HOST")),
    )
    if rows:
        notices.mark_read(session, current_user, rows[0][0].id)
    return html


def _notify_form() -> dict:
    form = {field: getattr(current_user, field) for field in NOTIFY_FIELDS}
    form["notify_email"] = "1" if current_user.notify_email else "0"
    return form


@bp.route("/notifications/settings", methods=["GET", "POST"])
def notification_settings():
    return _settings_page(
        "app/notification_settings.html",
        NOTIFY_FIELDS,
        lambda **form: reps.update_notifications(
            get_session(),
            current_user,
            **form,
            allow_http_webhook=bool(current_app.config.get("WEBHOOK_ALLOW_HTTP")),
            allow_private_webhook=bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE_ADDRESSES")),
        ),  # fmt: skip
        _notify_form,
        "Notification settings saved.",
    )


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
@admin_required
def company_settings():
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


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    """The rep's API tokens; a new one is shown on this answer only, never again."""
    session = get_session()
    form, errors, made = {"name": request.form.get("name", "")}, {}, None
    if request.method == "POST":
        try:
            made = api_tokens.create(session, current_user, form["name"])
        except InputError as exc:
            errors = exc.errors
        else:
            form = {}
    html = render_template(
        "app/tokens.html",
        rows=api_tokens.list_for(session, current_user),
        form=form,
        errors=errors,
        new_token=made and made[1],
        new_token_name=made and made[0].name,
        new_token_prefix=made and made[0].prefix,
    )
    return html, 400 if errors else 200


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
def token_revoked(token_id: int):
    try:
        row = api_tokens.revoke(get_session(), current_user, token_id)
    except api_tokens.NotFound:
        abort(404)
    flash(f"Token {row.name} ({row.prefix}…) is revoked; it no longer works.")
    return redirect(url_for("app.tokens"))
