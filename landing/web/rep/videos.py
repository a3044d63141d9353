"""A rep's personal videos from the prospect's page: the resumable upload a recording or file
travels by (landing/videos/uploads.py), its live status, and "use this video for…".

The upload protocol, for static/recorder.js (and any script of the rep's browser):
  POST   /app/videos/uploads {"name", "size"}     201 {"id", "offset", "size", "url", ...}
  GET    /app/videos/uploads/<id>  (or HEAD)       200 {"offset", "size"}, Upload-Offset
  PATCH  /app/videos/uploads/<id>  Upload-Offset: n, the bytes from n on   200 {"offset"}
  POST   /app/videos/uploads/<id>/finish {"prospect_id"}   201 the video's status
  DELETE /app/videos/uploads/<id>                  204
Every answer but 204 is JSON; errors are {"error": {"code", "message"}} with a 4xx, and a
409 for a wrong offset carries the right one ("offset"). Every request that changes
something needs the page's CSRF token in X-CSRFToken, as app.js sends it.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import ClientDisconnected

from landing.core.ids import parse_id
from landing.data.db import get_session
from landing.prospects import service as prospects
from landing.team import company
from landing.videos import library, reuse, uploads
from landing.videos.uploads import UploadError

bp = Blueprint("videos", __name__, url_prefix="/app/videos")  # signed in: see rep_area

STATUS_WORDS = {
    "received": "Processing…",
    "processing": "Processing…",
    "ready": "Ready",
    "failed": "Failed",
}


def _rep():
    return current_user._get_current_object()


def _error(code: str, message: str, status: int, **extra):
    body = {"error": {"code": code, "message": message, **extra}}
    return jsonify(body), status, {"Cache-Control": "no-store"}


@bp.errorhandler(UploadError)
def _upload_refused(exc: UploadError):
    extra = {} if exc.offset is None else {"offset": exc.offset}
    return _error(exc.code, exc.message, exc.status, **extra)


@bp.errorhandler(ClientDisconnected)
def _cut_short(exc: ClientDisconnected):
    return _error("truncated", "The chunk arrived incomplete: send it again.", 400)


@bp.errorhandler(CSRFError)
def _csrf_refused(exc: CSRFError):
    return _error("csrf", "This page is out of date: reload it and try again.", 400)


def _limits() -> company.CompanySettings:
    """The company's video limits (the Company page; the server's settings by default)."""
    return company.current(get_session(), current_app.config)


def _limit() -> int:
    return _limits().video_max_mb * uploads.MB


def _own_prospect(prospect_id) -> object:
    try:
        found = prospects.get_prospect(get_session(), current_user.id, parse_id(prospect_id))
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise UploadError("prospect_not_found", "No such prospect of yours.", 404)
    return found


def status_json(video) -> dict:
    """library.status_of with the words the panel shows and where to ask again."""
    status = library.status_of(video)
    words = STATUS_WORDS.get(status.get("status"), status.get("status"))
    return {
        **status,
        "label": reuse.label(video),
        "words": words,
        "status_url": url_for("videos.status", video_id=video.id),
    }


@bp.route("/uploads", methods=["POST"])
def upload_created():
    body = request.get_json(silent=True) or {}
    upload = uploads.create(
        current_app.instance_path, current_user.id, str(body.get("name", "")),
        body.get("size"), _limit(),
    )  # fmt: skip
    return jsonify(_upload_json(upload)), 201, {"Location": _upload_url(upload)}


def _upload_url(upload: uploads.Upload) -> str:
    return url_for("videos.upload", upload_id=upload.id)


def _upload_json(upload: uploads.Upload) -> dict:
    return {
        "id": upload.id,
        "name": upload.name,
        "offset": upload.offset,
        "size": upload.size,
        "chunk_bytes": uploads.CHUNK_SUGGESTED,
        "url": _upload_url(upload),
        "finish_url": url_for("videos.upload_finished", upload_id=upload.id),
    }


@bp.route("/uploads/<upload_id>", methods=["GET", "HEAD"])
def upload(upload_id: str):
    """Where the server's copy ends: the client resumes from there."""
    found = uploads.get(current_app.instance_path, current_user.id, upload_id)
    headers = {"Upload-Offset": str(found.offset), "Cache-Control": "no-store"}
    return jsonify(_upload_json(found)), 200, headers


@bp.route("/uploads/<upload_id>", methods=["PATCH"])
def chunk(upload_id: str):
    found = uploads.get(current_app.instance_path, current_user.id, upload_id)
    offset = request.headers.get("Upload-Offset", type=int)
    if offset is None or offset < 0:
        raise UploadError("bad_offset", "Say where the chunk starts (Upload-Offset).", 400)
    body = uploads.read_chunk(request.stream, request.content_length)
    found = uploads.append(found, offset, body)
    headers = {"Upload-Offset": str(found.offset), "Cache-Control": "no-store"}
    return jsonify({"offset": found.offset, "size": found.size}), 200, headers


@bp.route("/uploads/<upload_id>", methods=["DELETE"])
def upload_cancelled(upload_id: str):
    uploads.discard(uploads.get(current_app.instance_path, current_user.id, upload_id))
    return "", 204


@bp.route("/uploads/<upload_id>/finish", methods=["POST"])
def upload_finished(upload_id: str):
    """The whole file is here: it becomes a video of the rep, for the prospect named."""
    found = uploads.get(current_app.instance_path, current_user.id, upload_id)
    prospect = _own_prospect((request.get_json(silent=True) or {}).get("prospect_id"))
    video = uploads.complete(
        get_session(), current_app.instance_path, _rep(), found, [prospect]
    )  # fmt: skip
    return jsonify(status_json(video)), 201


@bp.route("/<int:video_id>")
def status(video_id: int):
    """What the panel polls while the worker works."""
    video = reuse.own_video(get_session(), current_user.id, video_id)
    if video is None:
        return _error("not_found", "No such video of yours.", 404)
    return jsonify(status_json(video)), 200, {"Cache-Control": "no-store"}


@bp.route("/prospects/<int:prospect_id>/use", methods=["POST"])
def used_for(prospect_id: int):
    """A form: show one of the rep's videos on this prospect's page, or none ("")."""
    session = get_session()
    found = prospects.get_prospect(session, current_user.id, prospect_id)
    if found is None:
        abort(404)
    chosen = request.form.get("video_id", "")
    try:
        video = reuse.own_video(session, current_user.id, parse_id(chosen)) if chosen else None
    except ValueError:
        abort(404)
    if chosen and (video is None or video.status == "failed"):
        abort(404)
    reuse.use_for(session, video, found)
    if video:
        when = "now" if video.status == "ready" else "once it is ready"
        flash(f"/{found.slug} shows {reuse.label(video)} {when}.")
    else:
        flash(f"/{found.slug} shows no personal video now.")
    return redirect(url_for("app.prospect", prospect_id=prospect_id) + "#personal-video")


def panel(prospect) -> dict:
    """What the "Personal video" panel on the prospect's page shows (a template global, so
    the page's own view need not know of videos)."""
    session = get_session()
    video = reuse.own_video(session, current_user.id, prospect.video_id or 0)
    ready = reuse.ready_videos(session, current_user.id)
    limits = _limits()
    return {
        "video": status_json(video) if video else None,
        "choices": [(v.id, reuse.label(v)) for v in ready],
        "max_seconds": limits.video_max_seconds,
        "max_bytes": limits.video_max_mb * uploads.MB,
        "max_mb": limits.video_max_mb,
    }


def init_app(app) -> None:
    app.jinja_env.globals["personal_video"] = panel
    app.register_blueprint(bp)
