"""Signing reps in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from landing import previews, reps
from landing.db import get_session

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


@login_manager.user_loader
def _load_rep(rep_id: str):
    rep = reps.get_rep(get_session(), int(rep_id)) if rep_id.isdigit() else None
    return rep if rep and rep.active else None


def safe_next(target: str | None) -> str:
    """Only a path on this site: `//evil.com` and `https://evil.com` go to the dashboard."""
    target = target or ""
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
        rep = reps.authenticate(get_session(), email, request.form.get("password", ""))
        if rep:
            login_user(rep, remember=False)
            response = redirect(safe_next(request.args.get("next")))
            # This browser is a rep's from now on: its views of pages never count as visits.
            response.set_cookie(
                previews.REP_BROWSER_COOKIE, previews.rep_browser_cookie(rep.id),
                max_age=previews.REP_BROWSER_MAX_AGE, httponly=True, samesite="Lax",
                secure=request.is_secure,
            )  # fmt: skip
            return response
        error = "Wrong email or password."
    status = 401 if error else 200
    return render_template("app/login.html", error=error, email=email), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("You are signed out.")
    return redirect(url_for("auth.login"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
