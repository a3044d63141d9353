"""How much of a request body the app will read: a ceiling for every route, a few KB where
strangers may post (beacons, signing in), more only where a rep uploads a call list, a photo
or a logo.

Why: without a limit Werkzeug reads a chunked body (no Content-Length) whole, so one
unauthenticated POST of 200 MB grew a worker by as much. The limit is applied to the input
stream itself, so it holds for chunked bodies too: past it, reading stops with a 413.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from landing.pages.images import MAX_BYTES as IMAGE_MAX_BYTES
from landing.prospects.csv_import import MAX_BYTES as CSV_MAX_BYTES
from landing.urls.website import MAX_BYTES as WEBSITE_MAX_BYTES
from landing.videos.uploads import CHUNK_MAX as VIDEO_CHUNK_MAX

KB = 1024
# What a sign-in form, a beacon or an invite's form ever needs, with room to spare.
SMALL = 4 * KB
# Endpoints strangers can post to without a session, and the call-list upload (the file
# plus the form around it). Every other route gets the app's MAX_CONTENT_LENGTH.
BY_ENDPOINT = {
    "beacons.beacon": SMALL,
    "beacons.beacon_key": SMALL,
    "auth.login": SMALL,
    "team.join": SMALL,
    "team.reset": SMALL,
    "imports.import_preview": CSV_MAX_BYTES + 64 * KB,
    # A photo or logo upload with the settings form around it (the company's is the longest).
    "app.profile": IMAGE_MAX_BYTES + 64 * KB,
    "app.company_settings": IMAGE_MAX_BYTES + 64 * KB,
    # One chunk of a resumable video upload (a whole video arrives in many).
    "videos.chunk": VIDEO_CHUNK_MAX + KB,
    "app.website_paths": WEBSITE_MAX_BYTES + 64 * KB,  # the website's sitemap.xml
}
BY_BLUEPRINT = {"api": 64 * KB}  # a prospect is well under 2 KB
# A video upload: the setting's size, and room for the multipart around it.
BY_SETTING = {"api.upload_video": "VIDEO_MAX_MB"}  # megabytes
JSON_PREFIXES = ("/_/", "/api/", "/app/live", "/app/videos/")


def limit_for(endpoint: str | None, blueprint: str | None, default: int) -> int:
    """The most bytes of body a request to this endpoint may send."""
    if endpoint in BY_ENDPOINT:
        return BY_ENDPOINT[endpoint]
    if endpoint in BY_SETTING:
        return current_app.config[BY_SETTING[endpoint]] * KB * KB + 64 * KB
    return BY_BLUEPRINT.get(blueprint or "", default)


def _apply_limit() -> None:
    request.max_content_length = limit_for(
        request.endpoint, request.blueprint, current_app.config["MAX_CONTENT_LENGTH"]
    )
    if request.content_length is None and "wsgi.input_terminated" in request.environ:
        # A chunked body: Werkzeug stops reading at the limit but would parse what it read
        # as if it were all. Read it here (at most the limit), and ask for one byte more,
        # which raises the 413 when the sender had more to send.
        request.get_data(cache=True)
        request.stream.read(1)


def too_large(exc: RequestEntityTooLarge) -> Response | tuple:
    """413 with a body the sender can read: JSON where JSON is spoken, plain text elsewhere."""
    most = request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"]
    message = f"The request body may be at most {_size(most)}."
    headers = {"Cache-Control": "no-store", "Connection": "close"}
    if request.path.startswith(JSON_PREFIXES):
        body = {"error": {"code": "too_large", "message": message}}
        return jsonify(body), 413, headers
    return message + "\n", 413, {**headers, "Content-Type": "text/plain; charset=utf-8"}


def _size(n: int) -> str:
    return f"{n // (KB * KB)} MB" if n >= KB * KB else f"{n // KB} KB"


def init_app(app: Flask) -> None:
    """Before CSRF's hook: that one reads the form, so the limit must already be set."""
    app.before_request(_apply_limit)
    app.register_error_handler(RequestEntityTooLarge, too_large)
