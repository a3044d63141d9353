"""The rep's side as one area, set up once for the whole app: every page under /app needs a
signed-in rep, every page with the navigation shows its unread badge, and whatever only an
admin may change answers anyone else the same way.

Per-blueprint hooks did this before, and the copies drifted: /app/templates and /app/import
lost the badge, and a non-admin got 403 on one admin page and 404 on the others. App-level
hooks keep every endpoint name (`app.dashboard`, `studio.library`), which nested blueprints
would have renamed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, jsonify, render_template, request
from flask_login import current_user, login_required

from landing.core.validate import AdminOnly
from landing.data.db import get_session
from landing.notify import notices

AREA = "/app/"


def in_area() -> bool:
    """The request matched a rule under /app (paths no rule claims go to the public pages)."""
    rule = request.url_rule
    return rule is not None and rule.rule.startswith(AREA)


@login_required
def _signed_in() -> None:
    """Flask-Login's own check, so the area keeps its rules: OPTIONS let through, and the
    app's JSON calls (the live dashboard, the linter) get a 401 rather than a redirect."""


def _sign_in_first():
    return _signed_in() if in_area() else None


def unread_notices() -> int:
    """The navigation's unread badge. Asked by app/base.html only where it shows the
    navigation to a signed-in rep, whichever blueprint the page is from; a page without it
    (a prospect's page, "back in a moment" while the database is down) asks nothing."""
    if not current_user.is_authenticated:
        return 0
    return notices.unread_count(get_session(), current_user)


def admin_required(view: Callable) -> Callable:
    """The view is an admin's: anyone else gets the area's one answer (see AdminOnly)."""

    @wraps(view)
    def admins_only(*args, **kwargs):
        if not getattr(current_user, "is_admin", False):
            raise AdminOnly()
        return view(*args, **kwargs)

    admins_only.admin_only = True  # how tests find every admin page
    return admins_only


def _refused(exc: AdminOnly):
    """403 with a plain sentence: a page for a browser, the API's error body for a script."""
    message = str(exc) or AdminOnly().args[0]
    if request.is_json or request.accept_mimetypes.best == "application/json":
        return jsonify({"error": {"code": "admin_only", "message": message}}), 403
    return render_template("app/admin_only.html", message=message), 403


def init_app(app: Flask) -> None:
    # Registered after CSRF's check: a forged post is refused before anything else, as
    # it was when each blueprint had its own sign-in hook.
    app.before_request(_sign_in_first)
    app.jinja_env.globals["unread_notices"] = unread_notices
    app.register_error_handler(AdminOnly, _refused)
