"""GET /_/img/<hash>.webp: the logos and photos uploaded (landing/pages/images.py), from our
own origin. The name is a hash of the bytes, so a file never changes under its name: browsers
and proxies may keep it a year without asking again, and a new upload is a new URL."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_file

from landing.pages import images

bp = Blueprint("images", __name__)
FOREVER = "public, max-age=31536000, immutable"


@bp.route("/_/img/<path:name>")
def image(name: str):
    # <path:> so that a name with slashes reaches this view (and its 404) rather than the
    # prospect pages' catch-all; stored_path accepts only the hash pattern.
    path = images.stored_path(current_app.instance_path, name)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/webp", conditional=True, etag=True, max_age=None)
    response.headers["Cache-Control"] = FOREVER
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
