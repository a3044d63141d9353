"""Call lists in and out: a CSV previewed, then imported whole; the list exported as CSV."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from landing.calls import csv_export
from landing.core import clock
from landing.core.validate import InputError
from landing.data import private_files
from landing.data.db import get_engine, get_session
from landing.prospects import csv_import
from landing.team import company

bp = Blueprint("imports", __name__, url_prefix="/app")  # signed in: see rep_area

UPLOAD_HOURS = 1
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _uploads() -> Path:
    # A call list is personal data: the folder and each file are the app's account's only.
    return private_files.folder(Path(current_app.instance_path) / "imports")


def _keep(data: bytes) -> str:
    """Keep an upload until the rep confirms it (an hour at most); its token."""
    folder = _uploads()
    cutoff = time.time() - UPLOAD_HOURS * 3600
    for old in folder.glob("*.csv"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    private_files.write_bytes(folder / f"{current_user.id}-{token}.csv", data)
    return token


def _kept(token: str) -> Path:
    """The signed-in rep's kept upload; 404 for anyone else's, an expired or a made-up one."""
    if not TOKEN.fullmatch(token or ""):
        abort(404)
    path = _uploads() / f"{current_user.id}-{token}.csv"
    if not path.is_file() or path.stat().st_mtime < time.time() - UPLOAD_HOURS * 3600:
        abort(404)
    return path


def _form_page(error: str = "", status: int = 200):
    return render_template(
        "app/import.html", error=error, max_mb=csv_import.MAX_BYTES // (1024 * 1024),
        max_rows=csv_import.MAX_ROWS,
    ), status  # fmt: skip


@bp.route("/import", methods=["GET"])
def import_form():
    return _form_page()


@bp.route("/import", methods=["POST"])
def import_preview():
    """The uploaded file's plan, row by row; nothing is imported yet."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _form_page("Choose a CSV file to upload.", 400)
    data = upload.read(csv_import.MAX_BYTES + 1)
    try:
        planned = csv_import.plan(get_session(), current_user, data)
    except InputError as exc:
        return _form_page(" ".join(exc.errors.values()), 400)
    return _preview(planned, _keep(data), upload.filename, {})


@bp.route("/import/remap", methods=["POST"])
def import_remap():
    """The kept upload's plan again, with the columns the rep chose for some fields."""
    path, chosen = _kept(request.form.get("token", "")), _chosen()
    try:
        planned = csv_import.plan(get_session(), current_user, path.read_bytes(), chosen)
    except InputError as exc:
        return _form_page(" ".join(exc.errors.values()), 400)
    return _preview(planned, request.form["token"], request.form.get("filename", ""), chosen)


def _preview(planned: csv_import.ImportPlan, token: str, filename: str, chosen: dict):
    return render_template(
        "app/import_preview.html", plan=planned, token=token, filename=filename, chosen=chosen,
        fields=csv_import.crm_headers.SPELLINGS, not_imported=csv_import.crm_headers.NOT_IMPORTED,
    )  # fmt: skip


def _chosen() -> dict[str, str]:
    """The rep's own mapping from the preview's form: field → header, or NOT_IMPORTED."""
    return {
        name.removeprefix("map-"): value
        for name, value in request.form.items()
        if name.startswith("map-") and value
    }


@bp.route("/import/confirm", methods=["POST"])
def import_confirm():
    """Import the kept upload, planned afresh (the list may have changed since the preview),
    with the names read from emails if the rep ticked the box for them."""
    path = _kept(request.form.get("token", ""))
    session = get_session()
    confirmed = request.form.get("names_from_email") == "1"
    try:
        planned = csv_import.plan(session, current_user, path.read_bytes(), _chosen(), confirmed)
        count = csv_import.apply(session, current_user, planned)
    except InputError as exc:
        return _form_page(" ".join(exc.errors.values()), 400)
    path.unlink(missing_ok=True)
    if not count:  # e.g. the same file confirmed twice: every row is a duplicate now
        return _form_page("No row can be imported now; every one was skipped.", 400)
    skipped = len(planned.skipped)
    flash(f"Imported {_count(count, 'prospect')}; skipped {_count(skipped, 'row')}.")
    return redirect(url_for("app.prospect_list"))


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@bp.route("/export.csv")
def export_csv():
    """Streamed as it is written (csv_export), so a long list never meets the worker timeout;
    the request's session closes when this returns, and the rows come from one of their own."""
    settings = company.current(get_session(), current_app.config)
    rep = current_user._get_current_object()
    return Response(
        csv_export.stream(get_engine(), rep, settings, today=clock.today()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="prospects.csv"'},
    )
