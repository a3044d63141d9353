"""The team: admins invite, reset and deactivate reps; every rep changes their password;
join and reset links are opened without signing in."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user

from landing.core.ids import parse_id
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.data.models import Rep
from landing.team import company, membership, passwords, sessions
from landing.web.rep.area import admin_required

bp = Blueprint("team", __name__)


@bp.context_processor
def _context() -> dict:
    shown = {
        "min_length": passwords.MIN_LENGTH,
        "min_distinct": passwords.MIN_DISTINCT,
        "invite_days": membership.INVITE_DAYS,
        "reset_days": membership.RESET_DAYS,
    }
    return shown


@bp.after_request
def _private(response):
    # Join and reset addresses carry a secret: no other site may see them as a referrer,
    # and no cache may keep a page that shows one.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _member(rep_id: int) -> Rep:
    rep = get_session().get(Rep, rep_id)
    if rep is None:
        abort(404)
    return rep


def _link(token: str, *, reset: bool = False) -> str:
    base = company.current(get_session(), current_app.config).public_base_url
    return membership.link(base, token, reset=reset)


def _team_page(form: dict | None = None, errors: dict | None = None, **shown):
    db = get_session()
    html = render_template(
        "app/team.html",
        members=membership.team(db),
        invites=membership.pending_invites(db),
        form=form or {},
        errors=errors or {},
        **shown,
    )
    return html, 400 if errors else 200


@bp.route("/app/team")
@admin_required
def members():
    return _team_page()


@bp.route("/app/team/invite", methods=["POST"])
@admin_required
def invite():
    admin = current_user
    form = {"email": request.form.get("email", ""), "is_admin": request.form.get("is_admin", "")}
    try:
        row, token = membership.invite(
            get_session(), admin, form["email"], is_admin=bool(form["is_admin"])
        )
    except InputError as exc:
        return _team_page(form, exc.errors)
    # Shown once, in this answer only: the link is not kept anywhere it could be read back.
    return _team_page(new_link=_link(token), new_link_for=row.email)


@bp.route("/app/team/<int:rep_id>/reset", methods=["POST"])
@admin_required
def reset_password(rep_id: int):
    admin = current_user
    rep = _member(rep_id)
    try:
        token = membership.force_reset(get_session(), admin, rep)
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
        return redirect(url_for("team.members"))
    return _team_page(reset_link=_link(token, reset=True), reset_link_for=rep)


@bp.route("/app/team/<int:rep_id>/deactivate", methods=["POST"])
@admin_required
def deactivate(rep_id: int):
    admin = current_user
    db = get_session()
    rep = _member(rep_id)
    to_rep = db.get(Rep, request.form.get("reassign_to", type=parse_id) or 0)
    try:
        moved = membership.deactivate(db, admin, rep, to_rep)
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
    else:
        flash(f"{rep.name} is deactivated; {moved} prospects moved to {to_rep.name}.")
    return redirect(url_for("team.members"))


@bp.route("/app/team/<int:rep_id>/reassign", methods=["POST"])
@admin_required
def reassign(rep_id: int):
    admin = current_user
    db = get_session()
    rep = _member(rep_id)
    to_rep = db.get(Rep, request.form.get("to", type=parse_id) or 0)
    try:
        moved = membership.reassign(db, admin, rep, to_rep)
    except InputError as exc:
        flash(" ".join(exc.errors.values()))
    else:
        flash(f"{moved} prospects moved from {rep.name} to {to_rep.name}.")
    return redirect(url_for("team.members"))


@bp.route("/app/password", methods=["GET", "POST"])
def password():
    errors: dict[str, str] = {}
    revoke_tokens = _revoke_tokens_asked()
    if request.method == "POST":
        try:
            membership.change_password(
                get_session(),
                current_user,
                request.form.get("current", ""),
                request.form.get("new", ""),
                request.form.get("again", ""),
                revoke_tokens=revoke_tokens,
            )
        except InputError as exc:
            errors = exc.errors
        else:
            _sign_out()
            also = " Your API tokens no longer work." if revoke_tokens else ""
            flash(f"Your password is changed. Sign in with the new one.{also}")
            return redirect(url_for("auth.login"))
    html = render_template("app/password.html", errors=errors, revoke_tokens=revoke_tokens)
    return html, 400 if errors else 200


def _revoke_tokens_asked() -> bool:
    """The "Also revoke my API tokens" box. The form sends a hidden "0" before the box's
    "1", so a form without either (a script, an old page) gets the safe default: revoke."""
    sent = request.form.getlist("revoke_tokens")
    return not sent or "1" in sent


def _sign_out() -> None:
    """This browser signs out, as /logout does (its session may already be ended)."""
    sessions.end(get_session(), session.get("sid", ""))
    logout_user()
    session.clear()


def _gone(template: str):
    return render_template(template, gone=membership.LINK_GONE, errors={}, form={}), 404


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token: str):
    db = get_session()
    row = membership.find_link(db, token, reset=False)
    if row is None:
        return _gone("app/join.html")
    form = {"name": request.form.get("name", "")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            rep = membership.accept_invite(
                db, token, form["name"], request.form.get("password", ""),
                again=request.form.get("again", ""),
            )  # fmt: skip
        except membership.LinkGone:
            return _gone("app/join.html")
        except InputError as exc:
            errors = exc.errors
        else:
            if current_user.is_authenticated:
                _sign_out()  # someone else's browser: the new rep signs in as themselves
            flash(f"Welcome, {rep.first_name}. Your account is ready: sign in.")
            return redirect(url_for("auth.login"))
    html = render_template("app/join.html", invite=row, form=form, errors=errors)
    return html, 400 if errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    db = get_session()
    row = membership.find_link(db, token, reset=True)
    rep = db.get(Rep, row.rep_id) if row else None
    if rep is None or not rep.active:
        return _gone("app/reset.html")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            membership.use_reset(
                db, token, request.form.get("password", ""),
                again=request.form.get("again", ""),
            )  # fmt: skip
        except membership.LinkGone:
            return _gone("app/reset.html")
        except InputError as exc:
            errors = exc.errors
        else:
            if current_user.is_authenticated:
                _sign_out()
            flash("Your new password is set: sign in with it.")
            return redirect(url_for("auth.login"))
    html = render_template("app/reset.html", rep=rep, errors=errors)
    return html, 400 if errors else 200
