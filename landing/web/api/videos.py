"""POST /api/v1/prospects/{slug}/video: a personal video for one prospect, as a multipart
upload (field `file`). The answer is 202: `landing worker` makes it playable, and the
prospect's `video` (GET /api/v1/prospects/{slug}) says received, processing, ready (with its
URLs) or failed (with the reason). Joins the API's blueprint (landing/web/api/routes.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import current_app, g, jsonify, request

from landing.data.db import get_session
from landing.videos import library
from landing.web.api.routes import ApiError, _own, _settings, bp

FILE_FIELD = "file"
MB = 1024 * 1024


def _too_large(most: int) -> str:
    return f"A video may be at most {most // MB} MB (the company's limit)."


@bp.route("/prospects/<slug>/video", methods=["POST"])
def upload_video(slug: str):
    found = _own(slug)
    if not request.mimetype == "multipart/form-data":
        raise ApiError(415, "Send the video as multipart/form-data, in a field named `file`.")
    most = _settings().video_max_mb * MB  # the company's; the server's caps the body itself
    if (request.content_length or 0) > most + 64 * 1024:
        raise ApiError(413, _too_large(most))
    upload = request.files.get(FILE_FIELD)
    if upload is None or not upload.filename:
        raise ApiError(400, "No file: send the video in a multipart field named `file`.")
    folder = Path(current_app.instance_path) / "media" / "incoming"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as kept:
        upload.save(kept)
    path = Path(kept.name)
    try:
        if path.stat().st_size == 0:
            raise ApiError(422, "The file is empty: nothing was recorded or uploaded.")
        if path.stat().st_size > most:
            raise ApiError(413, _too_large(most))
        session = get_session()
        video = library.receive(
            session, current_app.instance_path, g.api_rep, path, upload.filename, [found]
        )
    finally:
        path.unlink(missing_ok=True)  # moved by receive, unless refused
    status = library.status_of(video, _settings().public_base_url, found.first_name)
    return jsonify(status), 202
