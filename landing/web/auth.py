"""Signing reps in and out: server-side sessions, and limits on guessing passwords (see
sign_ins)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import (
    LoginManager,
    current_user,
    login_required,
    login_url,
    login_user,
    logout_user,
)

from landing.data.db import get_session
from landing.pages import previews
from landing.team import reps, sessions, sign_ins

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
WRONG = "Wrong email or password."


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure whenever the request came over https
    (behind a proxy, with TRUSTED_PROXIES set), so one setting suits local http and TLS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        if app.config["SESSION_COOKIE_SECURE"]:
            return True
        return has_request_context() and request.is_secure


def _timeouts() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return timedelta(hours=config["SESSION_IDLE_HOURS"]), timedelta(
        hours=config["SESSION_MAX_HOURS"]
    )


@login_manager.user_loader
def _load_rep(rep_id: str):
    """The rep only while their server-side session lives and they are active: Flask-Login's
    `_user_id` alone would outlive signing out, in any copy of the cookie."""
    db = get_session()
    token = session.get("sid", "")
    live = sessions.rep_for(db, token, *_timeouts())
    rep = reps.get_rep(db, live) if live is not None and str(live) == rep_id else None
    if rep is not None and rep.active:
        # Ends the read's transaction (on SQLite a write lock): a prospect page viewed by a
        # rep then writes its visit on another connection without waiting on this one.
        db.commit()
        return rep
    sessions.end(db, token)
    session.clear()  # signed out: the cookie goes, and later requests skip this lookup
    return None


def signed_in_rep_id() -> int | None:
    """The signed-in rep's id, checked like every rep page checks it; free of any database
    work when the browser sends no session cookie (every prospect)."""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return None
    return current_user.id if current_user.is_authenticated else None


def safe_next(target: str | None) -> str:
    """Only a path on this site: `//evil.com` and `https://evil.com` go to the dashboard.

    So do paths with control or invisible characters: CR/LF cannot go into a Location
    header (a 500 after a right password), and no page of ours has them."""
    target = target or ""
    if not target.isprintable():
        return url_for("app.dashboard")
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or "\\" in target or parts.netloc:
        return url_for("app.dashboard")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("app.dashboard"))
    error = None
    email = request.form.get("email", "")
    if request.method == "POST":
        db = get_session()
        config = current_app.config
        limits = sign_ins.Limits.from_config(config)
        buckets = sign_ins.buckets(config["SECRET_KEY"], email, request.remote_addr or "")
        # Checked before the password, the same for unknown emails: a locked account's
        # right password, or its existence, must not show.
        if sign_ins.refused(db, buckets, limits):
            minutes = config["SIGNIN_WINDOW_MINUTES"]
            error = f"Too many sign-in attempts. Try again in {minutes} minutes."
            headers = {"Retry-After": str(minutes * 60)}
            return render_template("app/login.html", error=error, email=email), 429, headers
        sign_ins.slow_down(db, buckets, limits)
        rep = reps.authenticate(db, email, request.form.get("password", ""))
        if rep:
            return _signed_in(rep, sign_ins.succeeded(db, buckets).notice())
        sign_ins.failed(db, buckets)
        error = WRONG
    status = 401 if error else 200
    return render_template("app/login.html", error=error, email=email), status


def _signed_in(rep, notice: str | None = None):
    db = get_session()
    sessions.purge_expired(db, *_timeouts())
    # A new session from nothing: whatever id a planted or stolen cookie held before dies.
    session.clear()
    session["sid"] = sessions.start(db, rep.id)
    login_user(rep, remember=False)
    if notice:
        flash(notice)  # after clear(), which would take it away
    response = redirect(safe_next(request.args.get("next")))
    # This browser is a rep's from now on: its views of pages never count as visits.
    response.set_cookie(
        previews.REP_BROWSER_COOKIE, previews.rep_browser_cookie(rep.id),
        max_age=previews.REP_BROWSER_MAX_AGE, httponly=True, samesite="Lax",
        secure=request.is_secure,
    )  # fmt: skip
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    sessions.end(get_session(), session.get("sid", ""))
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("auth.login"))


@login_manager.unauthorized_handler
def _unauthorized():
    """Pages send a stranger to sign in; the app's own JSON calls (the live dashboard, the
    linter) get a 401 they can act on instead of a sign-in page they cannot read."""
    if request.is_json or request.accept_mimetypes.best == "application/json":
        body = {"error": {"code": "signed_out", "message": "Sign in again to go on."}}
        return jsonify(body), 401
    flash(login_manager.login_message)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
