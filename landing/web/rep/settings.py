"""The rep's notices and settings: notifications and how they are sent, the profile, the
company's settings (admins only) and API tokens."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from landing.core.validate import InputError
from landing.data.db import get_session
from landing.notify import notices
from landing.pages import images, posters
from landing.team import api_tokens, company, reps
from landing.web.rep.area import admin_required
from landing.web.rep.dashboard import bp

PROFILE_FIELDS = (
    "name", "title", "email", "phone", "booking_url", "photo_url", "words_per_minute",
    "default_goal",
)  # fmt: skip
COMPANY_FIELDS = company.FIELDS
NOTIFY_FIELDS = (
    "notify_email", "webhook_url", "webhook_secret", "timezone", "quiet_start", "quiet_end",
)  # fmt: skip


def _as_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(value)
    return "" if value is None else str(value)


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


def _settings_page(
    template: str, fields: tuple[str, ...], save, stored, saved_message: str, image: str = ""
):
    """GET shows the stored values; POST saves them or shows every error beside its field.

    A field missing from the POST keeps its stored value, so an older form or a script that
    sends only some fields never resets the rest. With image ("photo" or "logo"), a file
    uploaded beside its URL field is stored first and wins over the field; a refused one
    stores nothing at all, and its error shows under the URL field."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        current = stored()
        form = {
            field: request.form[field] if field in request.form else _as_text(current[field])
            for field in fields
        }
        try:
            if image:
                _take_upload(image, form)
            save(**form)
        except InputError as exc:
            errors = exc.errors
        else:
            flash(saved_message)
            return redirect(request.path)
    else:
        form = stored()
    return render_template(template, form=form, errors=errors), 400 if errors else 200


def _take_upload(kind: str, form: dict) -> None:
    """The uploaded photo or logo, if one was chosen, stored and put in form as its URL."""
    upload = request.files.get(f"{kind}_file")
    if upload is None or not upload.filename:
        return  # no file chosen: the URL field stands
    data = upload.stream.read(images.MAX_BYTES + 1)  # one byte more tells "too large"
    url = images.store_image(get_session(), data, kind, upload.filename)
    form[images.FIELDS[kind]] = url


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    return _settings_page(
        "app/profile.html",
        PROFILE_FIELDS,
        lambda **form: reps.update_profile(get_session(), current_user, **form),
        lambda: {field: getattr(current_user, field) for field in PROFILE_FIELDS},
        "Profile saved.",
        image="photo",
    )


@bp.route("/company", methods=["GET", "POST"])
@admin_required
def company_settings():
    session = get_session()
    return _settings_page(
        "app/company.html",
        COMPANY_FIELDS,
        lambda **form: _save_company(session, form),
        lambda: _company_form(session),
        "Company settings saved.",
        image="logo",
    )


def _save_company(session, form: dict) -> None:
    """The settings, and the video's poster: an uploaded one, stored with the settings like
    the logo; or else its thumbnail fetched now (a few seconds at most), so that prospects'
    pages never wait for it; a failed fetch leaves the placeholder and a log line."""
    upload = request.files.get("video_poster_file")
    poster = None
    if upload is not None and upload.filename:
        if not form["video_url"].strip():
            raise InputError({"video_url": "Add the video's link to give it a poster."})
        data = upload.stream.read(images.MAX_BYTES + 1)  # one byte more tells "too large"
        poster = images.store_image(session, data, "poster", upload.filename)
    company.save(
        session, **form, video_poster=poster, phone_region=reps.phone_region(current_user),
        server_max_mb=current_app.config["VIDEO_MAX_MB"],
    )  # fmt: skip
    settings = company.current(session, current_app.config)
    if not settings.video_poster:
        posters.ensure(current_app.instance_path, settings.video_url)


def _company_form(session) -> dict:
    """The stored settings, and the poster prospects see for the video (for its preview)."""
    form = company.stored(session, current_app.config)
    settings = company.current(session, current_app.config)
    poster = posters.poster_url(current_app.instance_path, settings.video, settings)
    return {**form, "video_poster": poster}


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
