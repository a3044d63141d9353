"""Personal videos from our own origin: GET /_/video/<digest>.mp4, its poster (.jpg) and its
animated thumbnail (.gif; <digest>-<name key>.gif with a prospect's first name drawn).
Names are the MP4's digest, so a file never changes under its name: a year of caching.

Range requests (206, If-Range, a Safari-style `bytes=0-1` probe, seeking) are answered by
werkzeug from the file on disk, or by a ranged GET of the bucket (VIDEO_STORAGE=s3); with
VIDEO_REDIRECT on, by a redirect to a presigned bucket URL instead. A request for several
ranges at once gets the whole file (RFC 9110 allows it; no browser asks so for video)."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, redirect, request, send_file
from werkzeug.http import parse_etags, parse_range_header, quote_etag, unquote_etag

from landing.data.db import get_session
from landing.videos import library, pictures, storage

bp = Blueprint("video_files", __name__)
FOREVER = "public, max-age=31536000, immutable"
PREFIX = "/_/video/"


@bp.route("/_/video/<name>")
def video_file(name: str):
    if not storage.NAME.fullmatch(name):
        abort(404)
    store = storage.of(current_app.config, current_app.instance_path)
    if "-" in name and not _has(store, name) and not _make_named_thumb(store, name):
        abort(404)
    if request.environ.get("HTTP_RANGE", "").count(",") > 0:
        request.environ.pop("HTTP_RANGE")  # several ranges: the whole file
    if isinstance(store, storage.LocalStorage):
        path = store.path(name)
        if path is None:
            abort(404)
        response = send_file(
            path, mimetype=storage.content_type(name), conditional=True, etag=name, max_age=None
        )
    elif current_app.config["VIDEO_REDIRECT"]:
        response = redirect(store.presigned_url(name), 302)
        response.headers["Cache-Control"] = "private, max-age=600"
        return response
    else:
        response = _from_bucket(store, name)
    response.headers["Cache-Control"] = FOREVER
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Accept-Ranges"] = "bytes"
    return response


def _has(store, name: str) -> bool:
    if isinstance(store, storage.LocalStorage):
        return store.path(name) is not None
    return store.head(name) is not None


def _make_named_thumb(store, name: str) -> bool:
    """A prospect's thumbnail, drawn the first time it is asked for: only for a first name
    of a prospect who is shown this video (no one can have any words drawn on our origin)."""
    digest, key = name[:64], name[65:81]
    first_name = library.first_name_for(get_session(), digest, key)
    base = store.read(f"{digest}.gif") if first_name else None
    if base is None:
        return False
    store.put_bytes(name, pictures.named_thumb(base, first_name))
    return True


def _from_bucket(store: storage.S3Storage, name: str) -> Response:
    stored = store.head(name)
    if stored is None:
        abort(404)
    etag = quote_etag(stored.etag or name)
    if unquote_etag(request.headers.get("If-None-Match", ""))[0] == (stored.etag or name):
        return Response(status=304, headers={"ETag": etag})
    start, stop, status = 0, stored.size, 200
    wanted = parse_range_header(request.headers.get("Range"))
    if_range = request.headers.get("If-Range")
    if wanted is not None and (not if_range or if_range == etag):
        span = wanted.range_for_length(stored.size)
        if span is None:
            return Response(status=416, headers={"Content-Range": f"bytes */{stored.size}"})
        (start, stop), status = span, 206
    response = Response(
        store.read_range(name, start, stop) if stop > start else [b""],
        status=status,
        mimetype=storage.content_type(name),
        direct_passthrough=True,
    )
    response.headers["Content-Length"] = str(stop - start)
    response.headers["ETag"] = etag
    if status == 206:
        response.headers["Content-Range"] = f"bytes {start}-{stop - 1}/{stored.size}"
    return response


def fast(environ: dict, start_response, folder: Path):
    """The MP4, poster or thumbnail from disk without Flask: what `video_file` answers for a
    file that exists, at a fraction of its cost (a player seeks often, and each seek is a
    request). None when Flask should answer (no such file yet, another method, a name that
    is not a file's, several ranges): landing/web/fast_path.py then hands the request on.
    Under gunicorn the bytes go by sendfile(2)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    name = environ.get("PATH_INFO", "")[len(PREFIX) :]
    wanted = environ.get("HTTP_RANGE")
    if not storage.NAME.fullmatch(name) or (wanted and "," in wanted):
        return None
    path = folder / name
    try:
        file = path.open("rb")
    except OSError:
        return None
    size = os.fstat(file.fileno()).st_size
    etag = quote_etag(name)
    headers = [
        ("Content-Type", storage.content_type(name)),
        ("Cache-Control", FOREVER),
        ("ETag", etag),
        ("Accept-Ranges", "bytes"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains(name):
        file.close()
        start_response("304 Not Modified", headers)
        return []
    start, stop, status = 0, size, "200 OK"
    if_range = environ.get("HTTP_IF_RANGE")
    if wanted and (not if_range or if_range == etag):
        parsed = parse_range_header(wanted)
        span = parsed.range_for_length(size) if parsed is not None else None
        if span is None:
            file.close()
            headers.append(("Content-Range", f"bytes */{size}"))
            start_response("416 Range Not Satisfiable", [*headers, ("Content-Length", "0")])
            return []
        (start, stop), status = span, "206 Partial Content"
        headers.append(("Content-Range", f"bytes {start}-{stop - 1}/{size}"))
    headers.append(("Content-Length", str(stop - start)))
    start_response(status, headers)
    if environ["REQUEST_METHOD"] == "HEAD":
        file.close()
        return []
    file.seek(start)
    wrapper = environ.get("wsgi.file_wrapper")
    if wrapper is not None and environ.get("SERVER_SOFTWARE", "").startswith("gunicorn"):
        return wrapper(file, 256 * 1024)  # sendfile from here, Content-Length bytes
    return _chunks(file, stop - start)


def _chunks(file, left: int):
    with file:
        while left > 0:
            chunk = file.read(min(left, 256 * 1024))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk
